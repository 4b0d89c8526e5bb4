package dev.mmuscript.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PMapTest {

    private static PMap<Long, String> of(long... keys) {
        PMap<Long, String> m = PMap.empty();
        for (long k : keys) {
            m = m.put(k, "v" + k);
        }
        return m;
    }

    @Test
    void emptyMapHasNoEntries() {
        PMap<Long, String> m = PMap.empty();
        assertEquals(0, m.size());
        assertTrue(m.isEmpty());
        assertNull(m.get(1L));
        assertFalse(m.containsKey(1L));
    }

    @Test
    void putKeepsKeysSortedWhateverTheInsertionOrder() {
        PMap<Long, String> m = of(30, 10, 50, 20, 40);
        assertEquals(List.of(10L, 20L, 30L, 40L, 50L), m.keys());
        assertEquals(List.of("v10", "v20", "v30", "v40", "v50"), m.values());
    }

    @Test
    void getFindsEveryKeyPutAndNothingElse() {
        PMap<Long, String> m = of(7, 3, 11, 5);
        assertEquals("v3", m.get(3L));
        assertEquals("v5", m.get(5L));
        assertEquals("v7", m.get(7L));
        assertEquals("v11", m.get(11L));
        assertNull(m.get(4L));
        assertNull(m.get(0L));
        assertNull(m.get(12L));
        assertTrue(m.containsKey(11L));
        assertFalse(m.containsKey(6L));
    }

    @Test
    void putOnExistingKeyReplacesValueWithoutGrowing() {
        PMap<Long, String> m = of(1, 2, 3).put(2L, "two");
        assertEquals(3, m.size());
        assertEquals("two", m.get(2L));
        assertEquals(List.of(1L, 2L, 3L), m.keys());
    }

    @Test
    void putOfTheSameValueReturnsTheSameMapAndOfAnEqualValueAnEqualMap() {
        PMap<Long, String> m = of(1, 2);
        String v2 = m.get(2L);
        assertSame(m, m.put(2L, v2));
        PMap<Long, String> again = m.put(2L, new String("v2"));
        assertEquals(m, again);
        assertEquals(m.fingerprint(), again.fingerprint());
        assertEquals(m.hashCode(), again.hashCode());
    }

    @Test
    void putLeavesOriginalUnchanged() {
        PMap<Long, String> before = of(1, 3);
        PMap<Long, String> added = before.put(2L, "v2");
        PMap<Long, String> replaced = before.put(3L, "three");
        assertEquals(List.of(1L, 3L), before.keys());
        assertEquals("v3", before.get(3L));
        assertNull(before.get(2L));
        assertEquals(List.of(1L, 2L, 3L), added.keys());
        assertEquals("three", replaced.get(3L));
        assertNotEquals(before, added);
        assertNotEquals(before, replaced);
    }

    @Test
    void removeDropsKeyAndKeepsOrder() {
        PMap<Long, String> m = of(1, 2, 3, 4).remove(2L);
        assertEquals(List.of(1L, 3L, 4L), m.keys());
        assertNull(m.get(2L));
        assertEquals("v3", m.get(3L));
    }

    @Test
    void removeFirstAndLastKeys() {
        PMap<Long, String> m = of(1, 2, 3).remove(1L).remove(3L);
        assertEquals(List.of(2L), m.keys());
    }

    @Test
    void removeLeavesOriginalUnchanged() {
        PMap<Long, String> before = of(1, 2, 3);
        PMap<Long, String> after = before.remove(2L);
        assertEquals(List.of(1L, 2L, 3L), before.keys());
        assertEquals("v2", before.get(2L));
        assertEquals(2, after.size());
    }

    @Test
    void removeOfMissingKeyReturnsSameMap() {
        PMap<Long, String> m = of(1, 2);
        assertSame(m, m.remove(5L));
    }

    @Test
    void mapsBuiltInDifferentOrdersAreEqualWithEqualHash() {
        PMap<Long, String> a = of(1, 2, 3, 4, 5);
        PMap<Long, String> b = of(5, 3, 1, 4, 2);
        assertEquals(a, b);
        assertEquals(b, a);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.toString(), b.toString());
    }

    @Test
    void mapsReachedByDifferentHistoriesAreEqual() {
        PMap<Long, String> a = of(1, 2, 9).remove(9L).put(3L, "x").put(3L, "v3");
        PMap<Long, String> b = of(3, 2, 1);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }

    @Test
    void mapsWithDifferentValuesAreNotEqual() {
        PMap<Long, String> a = of(1, 2);
        PMap<Long, String> b = of(1).put(2L, "other");
        assertNotEquals(a, b);
    }

    @Test
    void mapsWithDifferentKeysAreNotEqual() {
        assertNotEquals(of(1, 2), of(1, 3));
        assertNotEquals(of(1, 2), of(1, 2, 3));
        assertNotEquals(of(1), PMap.empty());
    }

    @Test
    void equalityIsStructuralForNestedValues() {
        PMap<String, PMap<Long, String>> a = PMap.<String, PMap<Long, String>>empty()
                .put("p", of(1, 2)).put("q", of(3));
        PMap<String, PMap<Long, String>> b = PMap.<String, PMap<Long, String>>empty()
                .put("q", of(3)).put("p", of(2, 1));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }

    @Test
    void removeIfDropsMatchingKeysOnly() {
        PMap<Long, String> m = of(1, 2, 3, 4, 5, 6);
        PMap<Long, String> odd = m.removeIf(k -> k % 2 == 0);
        assertEquals(List.of(1L, 3L, 5L), odd.keys());
        assertEquals("v5", odd.get(5L));
        assertEquals(6, m.size());
    }

    @Test
    void removeIfWithNoMatchKeepsEverything() {
        PMap<Long, String> m = of(1, 2);
        assertEquals(m, m.removeIf(k -> k > 10));
        assertTrue(m.removeIf(k -> true).isEmpty());
    }

    @Test
    void iterationAndForEachAreInKeyOrder() {
        PMap<Long, String> m = of(3, 1, 2);
        List<Long> seen = new ArrayList<>();
        for (Map.Entry<Long, String> e : m) {
            seen.add(e.getKey());
            assertEquals("v" + e.getKey(), e.getValue());
        }
        assertEquals(List.of(1L, 2L, 3L), seen);
        List<String> each = new ArrayList<>();
        m.forEach((k, v) -> each.add(k + "=" + v));
        assertEquals(List.of("1=v1", "2=v2", "3=v3"), each);
    }

    @Test
    void stringKeysAreSortedLexicographically() {
        PMap<String, Integer> m = PMap.<String, Integer>empty().put("b", 2).put("c", 3).put("a", 1);
        assertEquals(List.of("a", "b", "c"), m.keys());
        assertEquals("{a=1, b=2, c=3}", m.toString());
    }

    @Test
    void manyKeysInScrambledOrderAreAllFoundAndSorted() {
        PMap<Long, String> m = PMap.empty();
        for (long i = 0; i < 257; i++) {
            long k = (i * 101) % 257;
            m = m.put(k, "v" + k);
        }
        assertEquals(257, m.size());
        List<Long> keys = m.keys();
        for (int i = 0; i < keys.size(); i++) {
            assertEquals((long) i, keys.get(i));
            assertEquals("v" + i, m.get((long) i));
        }
    }
}
