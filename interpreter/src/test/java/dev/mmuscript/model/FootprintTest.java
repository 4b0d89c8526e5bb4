package dev.mmuscript.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Footprints: which steps commute, as the explorer's reduction decides it from what each step touched. */
class FootprintTest {
    private static Footprint reads(long... objects) {
        Footprint f = new Footprint();
        for (long o : objects) {
            f.read(o);
        }
        return f;
    }

    private static Footprint writes(long... objects) {
        Footprint f = new Footprint();
        for (long o : objects) {
            f.write(o);
        }
        return f;
    }

    private static final long VM = Footprint.object(Footprint.PROCESS, "vm");
    private static final long GUEST = Footprint.object(Footprint.INSTANCE, "guest");
    private static final long MMAP = Footprint.object(Footprint.MMAP_LOCK, "vm");

    @Test
    void readersCommuteAWriterDoesNot() {
        assertFalse(reads(VM).conflicts(reads(VM)));
        assertTrue(writes(VM).conflicts(reads(VM)));
        assertTrue(reads(VM).conflicts(writes(VM)));
        assertTrue(writes(VM).conflicts(writes(VM)));
    }

    @Test
    void differentObjectsCommute() {
        assertFalse(writes(VM).conflicts(writes(GUEST)));
        assertFalse(writes(VM).conflicts(reads(MMAP)));
        assertFalse(writes(Footprint.object(Footprint.FRAME, 1)).conflicts(writes(Footprint.object(Footprint.FRAME, 2))));
    }

    @Test
    void aStepThatReadTheWholeStateConflictsWithEveryWriter() {
        Footprint all = new Footprint();
        all.readAll();
        assertTrue(all.conflicts(writes(GUEST)));
        assertFalse(all.conflicts(reads(GUEST)));
        assertFalse(all.isEmpty());
    }

    @Test
    void aStepThatReplacedTheWholeStateConflictsWithEveryStepThatTouchedSomething() {
        Footprint all = new Footprint();
        all.writeAll();
        assertTrue(all.conflicts(reads(VM)));
        assertFalse(all.conflicts(new Footprint()));
    }

    @Test
    void aStepThatTouchedNothingIsLocal() {
        assertTrue(new Footprint().isEmpty());
        assertFalse(new Footprint().conflicts(writes(VM)));
        assertFalse(reads(VM).isEmpty());
    }

    @Test
    void theMachineRecordsWhatAStepTouches() {
        Machine m = new Machine();
        Footprint f = new Footprint();
        m.record(f);
        m.mmus().instance("guest");
        m.record(null);
        m.mmus().instance("other");
        assertTrue(f.conflicts(writes(GUEST)));
        assertFalse(f.conflicts(writes(Footprint.object(Footprint.INSTANCE, "other"))));
    }
}
