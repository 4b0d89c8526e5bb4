package dev.mmuscript.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.engine.Movers.Kind;
import dev.mmuscript.model.Footprint;
import dev.mmuscript.model.Frame;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Process;
import dev.mmuscript.ops.Lock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lipton's reduction (design §4.3): which way each step moves past the other threads' steps, as learned from what
 * the steps touched, and a search proved wrong when a later step shows a judgement it leaned on was.
 */
class MoversTest {
    private static final Lock PTL = Lock.ptl("vm");
    private static final List<Lock> NONE = List.of();
    private static final List<Lock> HOLDS_PTL = List.of(PTL);

    private final Machine m = new Machine();
    private final Movers movers = new Movers();

    @BeforeEach
    void aProcessAndAFrame() {
        m.exploring(true);
        m.put(Process.create("vm"));
        m.put(new Frame(1, 0, 0, 0, "anon vm 0x10000", 0, 1));
    }

    /** What {@code step} touched through the machine. */
    private Footprint touched(Runnable step) {
        Footprint f = new Footprint();
        m.record(f);
        step.run();
        m.record(null);
        return f;
    }

    private Footprint writesFrame() {
        return touched(() -> m.put(m.frame(1).withRefs(2)));
    }

    private Footprint readsFrame() {
        return touched(() -> m.frame(1));
    }

    @Test
    void takingALockMovesRightAndDroppingItMovesLeft() {
        Footprint take = touched(() -> {
            m.locks().ptlHeld("vm");
            m.locks().ptl("vm", true);
        });
        Footprint drop = touched(() -> m.locks().ptl("vm", false));
        assertEquals(Kind.RIGHT, movers.classify("t", NONE, HOLDS_PTL, take));
        assertEquals(Kind.LEFT, movers.classify("t", HOLDS_PTL, NONE, drop));
    }

    @Test
    void aStepThatTouchesNothingMovesBothWays() {
        assertEquals(Kind.BOTH, movers.classify("t", NONE, NONE, new Footprint()));
    }

    @Test
    void whatOneThreadAloneTouchesMovesBothWaysUntilAnotherTouchesIt() {
        assertEquals(Kind.BOTH, movers.classify("t", NONE, NONE, writesFrame()));
        assertEquals(Kind.NONE, movers.classify("u", NONE, NONE, writesFrame()));
        assertTrue(movers.invalid(), "t's step leaned on the frame being t's alone");
    }

    @Test
    void writesEveryThreadMakesUnderOneLockMoveBothWays() {
        assertEquals(Kind.BOTH, movers.classify("t", HOLDS_PTL, HOLDS_PTL, writesFrame()));
        assertEquals(Kind.BOTH, movers.classify("u", HOLDS_PTL, HOLDS_PTL, writesFrame()));
        assertFalse(movers.invalid());
    }

    @Test
    void aReadUnderTheLockEveryWriterHoldsMovesBothWaysAReadWithoutItDoesNot() {
        movers.classify("t", HOLDS_PTL, HOLDS_PTL, writesFrame());
        assertEquals(Kind.BOTH, movers.classify("u", HOLDS_PTL, HOLDS_PTL, readsFrame()));
        assertEquals(Kind.NONE, movers.classify("u", NONE, NONE, readsFrame()));
        assertTrue(movers.invalid(), "t's write under the lock was judged to move both ways: a read without the"
                + " lock can come between");
        assertEquals(Kind.NONE, movers.classify("t", HOLDS_PTL, HOLDS_PTL, writesFrame()));
        assertEquals(Kind.BOTH, movers.classify("u", HOLDS_PTL, HOLDS_PTL, readsFrame()),
                "writes are still all made under the lock");
    }

    @Test
    void readsOfWhatNobodyWritesMoveBothWays() {
        assertEquals(Kind.BOTH, movers.classify("t", NONE, NONE, readsFrame()));
        assertEquals(Kind.BOTH, movers.classify("u", NONE, NONE, readsFrame()));
        assertEquals(Kind.NONE, movers.classify("u", NONE, NONE, writesFrame()));
        assertTrue(movers.invalid());
    }

    @Test
    void aSearchProvedWrongIsMadeAgainWithWhatIsNowKnown() {
        movers.classify("t", HOLDS_PTL, HOLDS_PTL, writesFrame());
        movers.classify("u", NONE, NONE, writesFrame());
        assertTrue(movers.invalid());
        movers.again();
        assertFalse(movers.invalid());
        assertEquals(2, movers.searches());
        assertEquals(Kind.NONE, movers.classify("t", HOLDS_PTL, HOLDS_PTL, writesFrame()),
                "the frame is now known to be written without the lock");
    }

    @Test
    void narrowingThatKeepsTheLockALeanedOnJudgementHeldDoesNotProveTheSearchWrong() {
        Lock mmu = new Lock(Lock.Kind.SPIN, "guest", "mmu_lock");
        movers.classify("t", List.of(PTL, mmu), List.of(PTL, mmu), writesFrame());
        movers.classify("u", List.of(mmu), List.of(mmu), writesFrame());
        assertFalse(movers.invalid(), "mmu_lock still guards every write");
    }

    @Test
    void aStepThatTakesAndDropsLocksOrTouchesALockItDoesNotTakeMovesNeitherWay() {
        Footprint both = touched(() -> {
            m.locks().ptl("vm", true);
            m.locks().mmapLock("vm", 0, false);
        });
        Lock mmap = Lock.mmap("vm", true);
        assertEquals(Kind.NONE, movers.classify("t", List.of(mmap), HOLDS_PTL, both));
        assertEquals(Kind.NONE, movers.classify("t", NONE, NONE, touched(() -> m.locks().ptlHeld("vm"))));
    }

    @Test
    void afterAStepThatReadTheWholeStateNothingIsProtected() {
        assertEquals(Kind.NONE, movers.classify("t", NONE, NONE, touched(m::state)));
        assertEquals(Kind.NONE, movers.classify("t", NONE, NONE, writesFrame()));
        assertEquals(Kind.BOTH, movers.classify("t", NONE, NONE, new Footprint()));
    }
}
