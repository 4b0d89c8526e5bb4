package dev.mmuscript.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The persistent map against java.util.TreeMap: every operation, every view, every version, and the diff, in both
 * of its forms (sorted arrays up to {@link PMap#MAX_ARRAY} entries, a tree above) and across the switches.
 */
class PMapOracleTest {

    /** One update: a put, a remove, or a removal of a key range. Keys are few so that updates collide. */
    record Op(int kind, long key, long to, int value) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 9),
                Arbitraries.longs().between(0, 200), Arbitraries.longs().between(0, 40),
                Arbitraries.integers().between(0, 5)).as((kind, key, span, value) -> new Op(kind, key, key + span,
                        value));
        return op.list().ofMaxSize(300);
    }

    /**
     * Updates over about twice as many keys as the array form holds, puts a little likelier than removes: the map
     * grows into a tree, shrinks back into arrays, and hovers around both switches.
     */
    @Provide
    Arbitrary<List<Op>> opsNearTheSwitch() {
        int keys = PMap.MAX_ARRAY * 3 / 2;
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 9),
                Arbitraries.longs().between(0, keys), Arbitraries.longs().between(0, 12),
                Arbitraries.integers().between(0, 5)).as((kind, key, span, value) -> new Op(kind, key, key + span,
                        value));
        return op.list().ofMinSize(100).ofMaxSize(600);
    }

    private static PMap<Long, Integer> apply(PMap<Long, Integer> m, TreeMap<Long, Integer> oracle, Op op) {
        if (op.kind() < 6) {
            oracle.put(op.key(), op.value());
            return m.put(op.key(), op.value());
        }
        if (op.kind() < 9) {
            oracle.remove(op.key());
            return m.remove(op.key());
        }
        oracle.subMap(op.key(), op.to()).clear();
        return m.removeIn(op.key(), op.to());
    }

    @Property(tries = 300)
    void everyVersionAgreesWithTreeMap(@ForAll("ops") List<Op> ops) {
        agreesWithTreeMap(ops);
    }

    @Property(tries = 200)
    void everyVersionAgreesWithTreeMapAcrossTheSwitches(@ForAll("opsNearTheSwitch") List<Op> ops) {
        agreesWithTreeMap(ops);
    }

    private static void agreesWithTreeMap(List<Op> ops) {
        PMap<Long, Integer> m = PMap.empty();
        TreeMap<Long, Integer> oracle = new TreeMap<>();
        for (Op op : ops) {
            PMap<Long, Integer> before = m;
            TreeMap<Long, Integer> was = new TreeMap<>(oracle);
            m = apply(m, oracle, op);
            assertSame(m, oracle);
            assertEquals(oracleDiff(was, oracle), diff(before, m));
            assertEquals(oracle.subMap(op.key(), op.to()).keySet().stream().toList(), m.keysIn(op.key(), op.to()));
            Map.Entry<Long, Integer> floor = oracle.floorEntry(op.key());
            assertEquals(floor == null ? null : floor.getValue(), m.floorValue(op.key()));
            if (op.value() == 0) {
                // Now and then a fingerprint: the next versions carry it over, and must agree with a fresh map's.
                assertEquals(rebuilt(oracle).fingerprint(), m.fingerprint());
                assertEquals(rebuilt(oracle), m);
            }
        }
    }

    /** The oracle's content put in a fresh map, largest key first. */
    private static PMap<Long, Integer> rebuilt(TreeMap<Long, Integer> oracle) {
        PMap<Long, Integer> out = PMap.empty();
        for (Long k : oracle.descendingKeySet()) {
            out = out.put(k, oracle.get(k));
        }
        return out;
    }

    @Property(tries = 300)
    void equalContentMeansEqualMapsAndFingerprintsWhateverTheHistory(@ForAll("ops") List<Op> ops) {
        sameContentSameMap(ops);
    }

    /** A tree shrunk to the array form's size and arrays of the same content are equal maps. */
    @Property(tries = 200)
    void equalContentMeansEqualMapsWhateverTheForm(@ForAll("opsNearTheSwitch") List<Op> ops) {
        sameContentSameMap(ops);
    }

    private static void sameContentSameMap(List<Op> ops) {
        PMap<Long, Integer> m = PMap.empty();
        TreeMap<Long, Integer> oracle = new TreeMap<>();
        for (Op op : ops) {
            m = apply(m, oracle, op);
        }
        PMap<Long, Integer> rebuilt = rebuilt(oracle);
        assertEquals(rebuilt, m);
        assertEquals(m, rebuilt);
        assertEquals(rebuilt.fingerprint(), m.fingerprint());
        assertEquals(rebuilt.hashCode(), m.hashCode());
        assertEquals(List.of(), diff(m, rebuilt));
    }

    private static void assertSame(PMap<Long, Integer> m, TreeMap<Long, Integer> oracle) {
        assertEquals(oracle.size(), m.size());
        assertEquals(List.copyOf(oracle.keySet()), m.keys());
        assertEquals(List.copyOf(oracle.values()), m.values());
        assertEquals(oracle.isEmpty() ? null : oracle.firstKey(), m.firstKey());
        for (long k = 0; k <= 200; k += 7) {
            assertEquals(oracle.get(k), m.get(k));
        }
        List<Long> iterated = new ArrayList<>();
        m.forEach((k, v) -> iterated.add(k));
        assertEquals(List.copyOf(oracle.keySet()), iterated);
    }

    private static List<String> diff(PMap<Long, Integer> was, PMap<Long, Integer> now) {
        List<String> out = new ArrayList<>();
        was.diff(now, new PMap.Changes<>() {
            @Override
            public void removed(Long key, Integer old) {
                out.add("-" + key + "=" + old);
            }

            @Override
            public void added(Long key, Integer value) {
                out.add("+" + key + "=" + value);
            }

            @Override
            public void changed(Long key, Integer old, Integer value) {
                out.add("~" + key + "=" + old + ">" + value);
            }
        });
        return out;
    }

    private static List<String> oracleDiff(TreeMap<Long, Integer> was, TreeMap<Long, Integer> now) {
        TreeMap<Long, String> out = new TreeMap<>();
        was.forEach((k, v) -> {
            if (!now.containsKey(k)) {
                out.put(k, "-" + k + "=" + v);
            } else if (!now.get(k).equals(v)) {
                out.put(k, "~" + k + "=" + v + ">" + now.get(k));
            }
        });
        now.forEach((k, v) -> {
            if (!was.containsKey(k)) {
                out.put(k, "+" + k + "=" + v);
            }
        });
        return List.copyOf(out.values());
    }

    @Test
    void diffOfDistantVersionsOfALargeMapReportsExactlyTheChanges() {
        PMap<Long, Integer> a = PMap.empty();
        for (long k = 0; k < 10_000; k++) {
            a = a.put(k * 3, (int) k);
        }
        PMap<Long, Integer> b = a.remove(300L).put(301L, 1).put(9000L, -1);
        assertEquals(List.of("-300=100", "+301=1", "~9000=3000>-1"), diff(a, b));
        assertEquals(List.of("+300=100", "-301=1", "~9000=-1>3000"), diff(b, a));
    }

    @Test
    void aMapIsArraysUpToTheLimitATreeAboveAndArraysAgainOnceShrunkToHalf() {
        PMap<Long, Integer> m = PMap.empty();
        m.fingerprint();
        List<PMap<Long, Integer>> grown = new ArrayList<>();
        for (long k = 0; k <= PMap.MAX_ARRAY; k++) {
            grown.add(m);
            assertFalse(m.isTree());
            m = m.put(k, (int) k);
            m.fingerprint();
        }
        assertTrue(m.isTree());
        for (long k = PMap.MAX_ARRAY; k >= PMap.MIN_TREE; k--) {
            assertTrue(m.isTree());
            m = m.remove(k);
            // Equal to the arrays of the same content, with the same fingerprint, and no difference between them.
            PMap<Long, Integer> arrays = grown.get((int) k);
            assertEquals(arrays, m);
            assertEquals(m, arrays);
            assertEquals(arrays.fingerprint(), m.fingerprint());
            assertEquals(List.of(), diff(arrays, m));
            assertEquals(List.of("-" + (k - 1) + "=" + (k - 1)), diff(m, grown.get((int) k - 1)));
        }
        assertFalse(m.isTree());
        assertEquals(PMap.MIN_TREE, m.size());
        assertEquals(grown.get(PMap.MIN_TREE).fingerprint(), m.fingerprint());
    }

    @Test
    void removeInOfTheArrayFormKeepsTheFingerprintItKnew() {
        PMap<Long, Integer> m = PMap.empty();
        for (long k = 0; k < 20; k++) {
            m = m.put(k, (int) k);
        }
        m.fingerprint();
        PMap<Long, Integer> fresh = PMap.empty();
        for (long k = 0; k < 20; k++) {
            fresh = k >= 5 && k < 12 ? fresh : fresh.put(k, (int) k);
        }
        assertEquals(fresh.fingerprint(), m.removeIn(5L, 12L).fingerprint());
        assertEquals(fresh.put(3L, 9).fingerprint(), m.removeIn(5L, 12L).put(3L, 9).fingerprint());
    }

    @Test
    void emptyMapHasNoFloorAndNoFirstKey() {
        PMap<Long, Integer> m = PMap.empty();
        assertNull(m.firstKey());
        assertNull(m.floorValue(5L));
        assertEquals(List.of(), m.keysIn(0L, 10L));
    }
}
