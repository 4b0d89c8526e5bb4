package dev.mmuscript.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The explorer's visited set: fingerprints with their ids, parents and sleep sets. */
class VisitedTest {
    @Test
    void aWorldSeenAgainGivesTheIdItWasFirstSeenWith() {
        Visited v = new Visited();
        assertEquals(0, v.add(42, -1, 0));
        assertEquals(1, v.add(43, 0, 0b101));
        assertEquals(-1 - 1, v.add(43, 0, 0));
        assertEquals(-1 - 0, v.add(42, 1, 0));
        assertEquals(2, v.size());
        assertEquals(-1, v.parent(0));
        assertEquals(0, v.parent(1));
        assertEquals(43, v.fingerprint(1));
        assertEquals(0b101, v.asleep(1));
    }

    @Test
    void theFingerprintZeroIsAWorldLikeAnyOther() {
        Visited v = new Visited();
        assertFalse(v.contains(0));
        assertEquals(0, v.add(0, -1, 0));
        assertTrue(v.contains(0));
        assertEquals(-1, v.add(0, -1, 0));
    }

    /** Fingerprints that probe from one slot and carry one tag are told apart by the fingerprints themselves. */
    @Test
    void fingerprintsThatShareTheirSlotAndTagAreDistinct() {
        Visited v = new Visited();
        for (long k = 0; k < 2_000; k++) {
            assertEquals((int) k, v.add(k << 5, -1, 0));
        }
        for (long k = 0; k < 2_000; k++) {
            assertEquals(-1 - (int) k, v.add(k << 5, -1, 0));
            assertFalse(v.contains(k << 5 | 1));
        }
    }

    @Test
    void growingKeepsEveryWorldAndItsLinksInAtMostTwentyBytesAWorld() {
        Visited v = new Visited();
        SplittableRandom random = new SplittableRandom(7);
        Map<Long, Integer> ids = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            long fp = random.nextLong();
            int id = v.add(fp, i - 1, i & 0xff);
            assertEquals(ids.size(), id);
            ids.put(fp, id);
        }
        for (Map.Entry<Long, Integer> e : ids.entrySet()) {
            int id = e.getValue();
            assertEquals(-1 - id, v.add(e.getKey(), 0, 0));
            assertEquals(id - 1, v.parent(id));
            assertEquals(id & 0xff, v.asleep(id));
            assertEquals((long) e.getKey(), v.fingerprint(id));
        }
        assertTrue(v.bytesPerWorld() <= 20, v.bytesPerWorld() + " bytes a world");
    }

    @Test
    void aSleepSetShrinks() {
        Visited v = new Visited();
        int id = v.add(5, -1, 0b11);
        v.asleep(id, 0b01);
        assertEquals(0b01, v.asleep(id));
    }

    @Test
    void anExploreOfMoreThanEightThreadsKeepsWholeSleepSets() {
        Visited v = new Visited(12);
        int id = v.add(5, -1, 0b1111_0000_1111);
        assertEquals(0b1111_0000_1111, v.asleep(id));
    }
}
