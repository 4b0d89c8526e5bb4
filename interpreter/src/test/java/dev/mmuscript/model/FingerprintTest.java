package dev.mmuscript.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The 64-bit fingerprint the explorer keys its visited set on: distinct states must not collide. */
class FingerprintTest {
    private static final long VA = 0x10000;
    private static final int PAGES = 17;

    /** Seventeen frames of distinct values, none mapped yet. */
    private static final MachineState FRAMES = frames();

    private static MachineState frames() {
        Machine m = new Machine();
        m.put(Process.create("vm"));
        m.mmus().put(new Instance("guest", "kvm", "vm", PMap.empty(), PMap.empty(), PMap.empty(), List.of(), true));
        for (int page = 0; page < PAGES; page++) {
            long pfn = m.alloc("anon").pfn();
            m.put(m.frame(pfn).withValue(page));
        }
        return m.state();
    }

    /**
     * A small state per number: which of 17 pages are mapped (one bit each). Small sets that differ in one entry
     * are the hard case for a fingerprint that sums its entries.
     */
    private static MachineState pagesState(int bits) {
        Machine m = new Machine();
        m.restore(FRAMES);
        for (int page = 0; page < PAGES; page++) {
            if ((bits >> page & 1) != 0) {
                m.mapPte("vm", VA + page * Range.PAGE, page, true, true);
            }
        }
        return m.state();
    }

    /** A small state per number: two frames' values and a shadow entry's writability spell the number. */
    private static MachineState valuesState(int n) {
        Machine m = new Machine();
        m.restore(FRAMES);
        m.put(m.frame(0).withValue(n % 317));
        m.put(m.frame(1).withValue(n / 317 / 2));
        m.mmus().setShadow("guest", VA, new ShadowEntry(0, 1, n / 317 % 2 == 0, false));
        return m.state();
    }

    @Test
    void separatesOneHundredThousandDistinctSmallStates() {
        assertNoCollision(100_000, FingerprintTest::pagesState);
        assertNoCollision(100_000, FingerprintTest::valuesState);
    }

    private static void assertNoCollision(int count, java.util.function.IntFunction<MachineState> state) {
        Set<MachineState> states = new HashSet<>();
        Set<Long> fingerprints = new HashSet<>();
        for (int i = 0; i < count; i++) {
            MachineState s = state.apply(i);
            states.add(s);
            fingerprints.add(s.fingerprint());
        }
        assertEquals(count, states.size(), "the states are distinct");
        assertEquals(count, fingerprints.size(), "no two distinct states share a fingerprint");
    }

    @Test
    void equalStatesBuiltInDifferentOrdersHaveEqualFingerprints() {
        Machine a = new Machine();
        a.put(Process.create("p"));
        a.put(Process.create("q"));
        Machine b = new Machine();
        b.put(Process.create("q"));
        b.put(Process.create("p"));
        assertEquals(a.state(), b.state());
        assertEquals(a.state().fingerprint(), b.state().fingerprint());
        assertEquals(a.state().hashCode(), b.state().hashCode());
    }

    @Test
    void everyFieldOfARecordCounts() {
        Pte pte = new Pte(1, 1, true, true, false);
        assertNotEquals(pte.fingerprint(), pte.withDirty(true).fingerprint());
        assertNotEquals(pte.fingerprint(), pte.withWritable(false).fingerprint());
        assertNotEquals(new PageKey("a", 1).fingerprint(), new PageKey("b", 1).fingerprint());
        assertNotEquals(new Range(1, 2).fingerprint(), new Range(2, 1).fingerprint());
    }

    @Test
    void keysAndValuesAreNotInterchangeable() {
        PMap<Long, Long> ab = PMap.<Long, Long>empty().put(1L, 2L);
        PMap<Long, Long> ba = PMap.<Long, Long>empty().put(2L, 1L);
        assertNotEquals(ab.fingerprint(), ba.fingerprint());
    }
}
