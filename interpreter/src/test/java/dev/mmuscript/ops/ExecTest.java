package dev.mmuscript.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Process;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The op machine: what a step is, calls and returns, locks that block, waits, and the bound on nesting. */
class ExecTest {
    private Machine m;
    private Exec exec;
    private final List<String> steps = new ArrayList<>();

    /** Registers of the test programs: a counter. */
    private record Count(int n) {
    }

    @BeforeEach
    void setUp() {
        m = new Machine();
        m.put(Process.create("vm"));
        m.sink(e -> {
            if (e instanceof Event.Step s) {
                steps.add(s.name());
            }
        });
        exec = new Exec(m);
    }

    private static Count add(Object r) {
        return new Count(((Count) r).n() + 1);
    }

    @Test
    void aNamedStepIsOneSchedulingPointAndLocalStepsFuseWithIt() {
        Code code = Builder.path("p").local((c, r) -> add(r)).step("one", (c, r) -> add(r))
                .step("two", (c, r) -> add(r)).build();
        Task t = Task.start("t", new Invocation(code, new Count(0)));
        Exec.Advance a = exec.step(t);
        assertEquals("p.one", a.step());
        assertEquals(2, ((Count) a.task().top().regs()).n());
        a = exec.step(a.task());
        assertEquals("p.two", a.step());
        a = exec.step(a.task());
        assertTrue(a.task().done());
        assertNull(a.step());
    }

    @Test
    void aCallPushesAFrameAndItsResultComesBackToTheCaller() {
        Code callee = Builder.path("callee").step("work", (c, r) -> r).ret((c, r) -> 41).build();
        Code caller = Builder.path("caller").call((c, r) -> new Invocation(callee, new Count(0)),
                (c, r, result) -> new Count((Integer) result + 1)).step("after", (c, r) -> r).build();
        Exec.Advance a = exec.step(Task.start("t", new Invocation(caller, new Count(0))));
        assertEquals("callee.work", a.step());
        assertEquals(2, a.task().stack().size());
        a = exec.step(a.task());
        assertEquals("caller.after", a.step());
        assertEquals(42, ((Count) a.task().top().regs()).n());
    }

    @Test
    void aBranchLoopsUntilItsTestFails() {
        Code code = Builder.path("loop").label("top").step("body", (c, r) -> add(r))
                .branch((c, r) -> ((Count) r).n() < 3, "top").build();
        Exec.Advance a = exec.runToEnd(Task.start("t", new Invocation(code, new Count(0))));
        assertTrue(a.task().done());
    }

    @Test
    void anAcquireOfAHeldLockBlocksWithoutChangingTheTaskAndGoesOnOnceItIsFree() {
        Code code = Builder.path("p").acquire("lock", (c, r) -> Lock.ptl("vm")).step("under", (c, r) -> r)
                .release("unlock", (c, r) -> Lock.ptl("vm")).build();
        m.locks().ptl("vm", true);
        Task t = Task.start("t", new Invocation(code, new Count(0)));
        Exec.Advance a = exec.step(t);
        assertTrue(a.blocked());
        assertEquals(Lock.ptl("vm"), a.blockedOn());
        assertEquals(t, a.task());
        m.locks().ptl("vm", false);
        a = exec.step(t);
        assertEquals("p.lock", a.step());
        assertTrue(a.task().holds(Lock.ptl("vm")));
        assertTrue(m.process("vm").ptlHeld());
        a = exec.runToEnd(a.task());
        assertFalse(m.process("vm").ptlHeld());
        assertEquals(List.of("p.lock", "p.unlock"), steps);
    }

    @Test
    void readersShareMmapLockAndAWriterWaitsForThem() {
        Code reader = Builder.path("r").acquire("mmap_read_lock", (c, r) -> Lock.mmap("vm", false)).build();
        Code writer = Builder.path("w").acquire("mmap_write_lock", (c, r) -> Lock.mmap("vm", true)).build();
        assertFalse(exec.step(Task.start("a", new Invocation(reader, null))).blocked());
        assertFalse(exec.step(Task.start("b", new Invocation(reader, null))).blocked());
        assertEquals(2, m.process("vm").mmapLock());
        assertTrue(exec.step(Task.start("c", new Invocation(writer, null))).blocked());
    }

    @Test
    void anAwaitBlocksUntilItsTestHolds() {
        Code code = Builder.path("p").await((c, r) -> c.machine().process("vm").ptlHeld(),
                (c, r) -> Lock.waitFor("vm", "the page-table lock to be taken")).step("go", (c, r) -> r).build();
        Task t = Task.start("t", new Invocation(code, null));
        Exec.Advance a = exec.step(t);
        assertTrue(a.blocked());
        assertEquals(Lock.Kind.WAIT, a.blockedOn().kind());
        m.locks().ptl("vm", true);
        assertEquals("p.go", exec.step(t).step());
    }

    @Test
    void tasksAreValuesThatCompareByTheirFrames() {
        Code code = Builder.path("p").step("one", (c, r) -> r).build();
        Task a = Task.start("t", new Invocation(code, new Count(1)));
        Task b = Task.start("t", new Invocation(code, new Count(1)));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertFalse(a.equals(Task.start("t", new Invocation(code, new Count(2)))));
    }

    @Test
    void callsThatNestWithoutEndStopAtTheBound() {
        Code[] self = new Code[1];
        self[0] = Builder.path("self").call((c, r) -> new Invocation(self[0], r)).build();
        Task t = Task.start("t", new Invocation(self[0], null));
        assertThrows(Exec.TooDeep.class, () -> exec.runToEnd(t));
    }
}
