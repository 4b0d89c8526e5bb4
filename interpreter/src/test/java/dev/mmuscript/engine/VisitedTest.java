package dev.mmuscript.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The explorer's visited set: fingerprints with their ids, parents, moves, fused steps and sleep sets. */
class VisitedTest {
    @Test
    void aWorldSeenAgainGivesTheIdItWasFirstSeenWith() {
        Visited v = new Visited();
        assertEquals(0, v.add(42, -1, -1));
        assertEquals(1, v.add(43, 0, 1, 2, 0b101));
        assertEquals(-1 - 1, v.add(43, 0, 0));
        assertEquals(-1 - 0, v.add(42, 1, 1));
        assertEquals(2, v.size());
        assertEquals(0, v.parent(1));
        assertEquals(1, v.thread(1));
        assertEquals(2, v.fused(1));
        assertEquals(0b101, v.asleep(1));
    }

    @Test
    void theFingerprintZeroIsAWorldLikeAnyOther() {
        Visited v = new Visited();
        assertFalse(v.contains(0));
        assertEquals(0, v.add(0, -1, -1));
        assertTrue(v.contains(0));
        assertEquals(-1, v.add(0, -1, -1));
    }

    @Test
    void growingKeepsEveryWorldAndItsLinks() {
        Visited v = new Visited();
        SplittableRandom random = new SplittableRandom(7);
        Map<Long, Integer> ids = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            long fp = random.nextLong();
            int id = v.add(fp, i - 1, i % 3, i % 5, i);
            assertEquals(ids.size(), id);
            ids.put(fp, id);
        }
        for (Map.Entry<Long, Integer> e : ids.entrySet()) {
            assertEquals(-1 - e.getValue(), v.add(e.getKey(), 0, 0));
            assertEquals(e.getValue() - 1, v.parent(e.getValue()));
            assertEquals(e.getValue() % 5, v.fused(e.getValue()));
        }
        assertTrue(v.bytesPerWorld() < 48, v.bytesPerWorld() + " bytes a world");
    }

    @Test
    void aSleepSetShrinks() {
        Visited v = new Visited();
        int id = v.add(5, -1, -1, 0, 0b11);
        v.asleep(id, 0b01);
        assertEquals(0b01, v.asleep(id));
    }
}
