package dev.mmuscript.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.report.TextReport;
import dev.mmuscript.syntax.Source;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Runs scripts in-process and checks exit codes and the lines that decide a verdict. */
class RunnerTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String text, String semantics) {
        return run(text, semantics, TextReport.Level.EVENTS);
    }

    static Run run(String text, String semantics, TextReport.Level level) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Runner.run(new Source("t.mmu", text), Path.of("."), new Options(level, semantics),
                new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    static String example(String name) throws IOException {
        return Files.readString(ExamplesTest.ROOT.resolve(name));
    }

    @Test
    void oomReapUnpairedUnder419ShowsEagainSkippedEndsAndTheExpectedViolation() throws IOException {
        Run r = run(example("oom-reap-unpaired.mmu"), "linux-4.19");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("B.invalidate_range_start returned EAGAIN"), r.out());
        assertTrue(r.out().contains("skip A.invalidate_range_end 0x10000..0x14000"), r.out());
        assertTrue(r.out().contains("skip guest.invalidate_range_end 0x10000..0x14000"), r.out());
        assertTrue(r.out().contains("VIOLATION unpaired-invalidate (expected)"), r.out());
        assertTrue(r.out().contains("PASS under linux-4.19"), r.out());
    }

    @Test
    void oomReapUnpairedUnderLatestCallsTheEndsAndStaysCoherent() throws IOException {
        Run r = run(example("oom-reap-unpaired.mmu"), "latest");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("call A.invalidate_range_end 0x10000..0x14000"), r.out());
        assertTrue(r.out().contains("call guest.invalidate_range_end 0x10000..0x14000"), r.out());
        assertFalse(r.out().contains("VIOLATION"), r.out());
        assertTrue(r.out().contains("PASS under latest"), r.out());
    }

    @Test
    void withoutItsExpectLineAViolationFailsTheScript() throws IOException {
        String text = example("lost-write.mmu").replace("expect violation lost-write\n", "");
        Run r = run(text, null);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("VIOLATION lost-write: dma wrote 42"), r.out());
        assertTrue(r.out().contains("unexpected violations: lost-write"), r.out());
    }

    @Test
    void anExpectedViolationThatDoesNotHappenFailsTheScript() {
        Run r = run("expect violation stale-shadow\nprocess vm\n", null);
        assertEquals(1, r.code());
        assertTrue(r.out().contains("expected but not seen: stale-shadow"), r.out());
    }

    @Test
    void aFailedAssertionExitsOneAndShowsBothSides() {
        Run r = run("process vm\nmmap vm 0x1000 pages 1 rw anon\nwrite vm 0x1000 = 3\nassert vm[0x1000] == 4\n",
                null);
        assertEquals(1, r.code());
        assertTrue(r.out().contains("ASSERTION FAILED: vm[0x1000] == 4 (vm[0x1000] is 3, 4)"), r.out());
    }

    @Test
    void quietPrintsNothingForAPassingScript() {
        Run r = run("process vm\nmmap vm 0x1000 pages 1 rw anon\ntouch vm 0x1000 write\n", null,
                TextReport.Level.QUIET);
        assertEquals(0, r.code());
        assertEquals("", r.out());
    }

    @Test
    void stepsShowTheKernelPathInOrder() {
        Run r = run("process vm\nmmap vm 0x1000 pages 1 rw anon\ntouch vm 0x1000 write\nzap vm 0x1000\n", null,
                TextReport.Level.STEPS);
        String out = r.out();
        int start = out.indexOf(". zap.range_start");
        int lock = out.indexOf(". zap.lock_ptl");
        int clear = out.indexOf(". zap.clear_ptes");
        int flush = out.indexOf(". zap.flush_tlb");
        int free = out.indexOf(". zap.free_pages");
        int end = out.indexOf(". zap.range_end");
        assertTrue(start >= 0 && start < lock && lock < clear && clear < end && end < flush && flush < free, out);
    }

    @Test
    void anAccessOutsideAnyMappingIsASigsegvEventNotAnError() {
        Run r = run("process vm\nwrite vm 0x5000 = 1\n", null);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("SIGSEGV vm write 0x5000: no mapping (SEGV_MAPERR)"), r.out());
    }

    @Test
    void aWriteToAReadOnlyMappingIsASigsegv() {
        Run r = run("process vm\nmmap vm 0x1000 pages 1 r anon\nwrite vm 0x1000 = 1\n", null);
        assertTrue(r.out().contains("SIGSEGV vm write 0x1000: mapping is r (SEGV_ACCERR)"), r.out());
    }

    @Test
    void mprotectToReadOnlyMakesAWritableShadowEntryAViolationUnlessTheDriverListens() {
        String script = "process vm\nmmap vm 0x1000 pages 1 rw anon\n"
                + "notifier d on vm {\n  on invalidate_range_start { }\n}\n"
                + "d fault 0x1000 write\nmprotect vm 0x1000 r\nassert coherent\n";
        Run r = run(script, null);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("VIOLATION shadow-write-to-readonly: d maps 0x1000 writable to pfn 0, but vm's PTE"
                + " is read-only"), r.out());
        Run kvm = run(script.replace("notifier d on vm {\n  on invalidate_range_start { }\n}\n",
                "attach kvm to vm as d\n"), null);
        assertEquals(0, kvm.code(), kvm.out());
    }

    @Test
    void aNotifierThatIgnoresReleaseLeavesStaleEntriesAfterExit() {
        Run r = run("process vm\nmmap vm 0x1000 pages 1 rw anon\nnotifier d on vm {\n"
                + "  on invalidate_range_start { unmap start..end }\n}\nd fault 0x1000 write\nexit vm\n", null);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("VIOLATION shadow-use-after-free"), r.out());
        Run kvm = run("process vm\nmmap vm 0x1000 pages 1 rw anon\nattach kvm to vm as g\ng fault 0x1000\n"
                + "exit vm\nassert coherent\n", null);
        assertEquals(0, kvm.code(), kvm.out());
        assertTrue(kvm.out().contains("call g.release"), kvm.out());
    }

    @Test
    void aMutexTakenInANonBlockingStartIsSleepInAtomic() {
        Run r = run("process vm\nmmap vm 0x1000 pages 1 rw anon\ntouch vm 0x1000\n"
                + "notifier d on vm {\n  mutex m\n  on invalidate_range_start { lock m; unlock m }\n}\n"
                + "oom_reap vm\n", "latest");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("VIOLATION sleep-in-atomic: d.invalidate_range_start may sleep (mutex_lock(m))"
                + " in a non-blocking invalidation"), r.out());
    }

    @Test
    void takingAHeldSpinlockIsADeadlock() {
        Run r = run("process vm\nmmap vm 0x1000 pages 1 rw anon\ntouch vm 0x1000\n"
                + "notifier d on vm {\n  spinlock l\n  on invalidate_range_start { lock l; lock l }\n}\n"
                + "zap vm 0x1000\n", null);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("VIOLATION deadlock: d.invalidate_range_start takes l, already held by"
                + " d.invalidate_range_start"), r.out());
    }

    @Test
    void setChangesAKnobFromThatPointOn() {
        String script = "process vm\nmmap vm 0x1000 pages 1 rw anon\ntouch vm 0x1000\n"
                + "notifier A on vm {\n  on invalidate_range_start { A.n += 1 }\n  on invalidate_range_end { A.n -= 1 }\n}\n"
                + "set oom_reaper = skip_if_notifiers\noom_reap vm\nassert A.n == 0\n";
        Run r = run(script, "linux-4.19");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("oom_reaper: vm has mmu notifiers (A): not reaped"), r.out());
    }

    @Test
    void aRuntimeMistakeStopsWithADiagnosticNotAStackTrace() {
        Run r = run("process vm\nmmap vm 0x1000 pages 1 rw anon\nnotifier d on vm {\n  spinlock l\n"
                + "  on invalidate_range_start { unlock l }\n}\ntouch vm 0x1000\nzap vm 0x1000\n", null);
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("t.mmu:5:"), r.err());
        assertTrue(r.err().contains("d unlocks l, which it does not hold"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void aDriversGupTakesAReferenceWhileAScriptsGupPins() {
        Run r = run("process vm\nmmap vm 0x1000 pages 2 rw anon\nnotifier d on vm {\n"
                + "  on fault { gup addr as page; map addr to page }\n}\nd fault 0x1000 write\ngup vm 0x2000 write as p\n"
                + "show frames\n", null);
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("gup 0x1000 -> pfn 0 (reference for d)"), r.out());
        assertTrue(r.out().contains("pfn 0: anon vm 0x1000, refs 2, maps 1, pins 0"), r.out());
        assertTrue(r.out().contains("gup 0x2000 -> pfn 1 (pinned by p)"), r.out());
        assertTrue(r.out().contains("pfn 1: anon vm 0x2000, refs 2, maps 1, pins 1"), r.out());
    }

    @Test
    void aZappedPageThatADeviceStillHoldsIsNotFreed() {
        Run r = run("process vm\nmmap vm 0x1000 pages 1 rw anon\ngup vm 0x1000 write as p\nzap vm 0x1000\n", null);
        assertTrue(r.out().contains("pfn 0 stays allocated: 1 reference left"), r.out());
        assertFalse(r.out().contains("free pfn 0"), r.out());
    }

    @Test
    void aHandlerWhoseWalkFaultsItsOwnPageStopsAfterSixteenNestedCalls() {
        Run r = run("semantics linux-5.5\nprocess vm\nmmap vm 0x10000 pages 1 rw anon\ntouch vm 0x10000 write\n"
                + "fork vm as child\ndriver d {\n  on invalidate { walk addr write as p }\n}\nattach d to vm as dev\n"
                + "touch vm 0x10000 write\n", null);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("t.mmu:10:1: error: dev.invalidate is called within 16 nested handler calls"
                + " (dev.invalidate x17)"),
                r.err());
    }

    @Test
    void theNestingBoundCountsEachHandlerOnceWhateverStatementEntersTheKernel() {
        // A zap runs its code to its end, as a device fault does: the bound still counts the handlers on the task's
        // stack, each once, as it does under a CPU access (sixteen handler calls, then the seventeenth is refused).
        Run r = run("process vm\nmmap vm 0x10000 pages 1 rw anon\ntouch vm 0x10000 write\nfork vm as child\n"
                + "notifier A on vm {\n  on invalidate_range_start { gup addr write as p }\n}\nzap vm 0x10000\n",
                null, TextReport.Level.STEPS);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("t.mmu:8:1: error: A.invalidate_range_start is called within 16 nested handler"
                + " calls (A.invalidate_range_start x17)"), r.err());
        assertEquals(16, r.out().lines().filter(l -> l.contains(". A.invalidate_range_start.gup")).count(), r.out());
    }

    @Test
    void aRunThatHitsItsStepBoundExitsFiveAndSaysWhere() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Runner.run(new Source("t.mmu", "process vm\nmmap vm 0x10000 pages 64 rw anon\n"
                + "touch vm 0x10000 pages 64 write\n"), Path.of("."), new Options(TextReport.Level.EVENTS, null,
                new Bounds(50, java.time.Duration.ofSeconds(60), false)), new PrintWriter(out), new PrintWriter(err));
        assertEquals(5, code);
        assertEquals("mmu: stopped: t.mmu at line 3: the run took more than 50 steps (--max-steps 50)\n",
                err.toString());
    }

    /** A notifier that fails its non-blocking start and implements range_end: 5.12's WARN_ON. */
    private static final String FAILING_END = "semantics latest\nprocess vm\nmmap vm 0x10000 pages 1 rw anon\n"
            + "touch vm 0x10000 write\nnotifier B on vm {\n  on invalidate_range_start when nonblocking"
            + " { return EAGAIN }\n  on invalidate_range_end { B.n += 1 }\n}\noom_reap vm\n";

    private static Run runWerror(String text, boolean werror) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Bounds b = Bounds.DEFAULT;
        Bounds bounds = new Bounds(b.maxSteps(), b.timeout(), false, b.maxStates(), b.maxDepth(), true, false,
                werror);
        int code = Runner.run(new Source("t.mmu", text), Path.of("."), new Options(TextReport.Level.EVENTS, null,
                bounds), new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aWarningPassesWithoutWerrorAndFailsWithIt() {
        Run plain = runWerror(FAILING_END, false);
        assertEquals(0, plain.code(), plain.out());
        assertTrue(plain.out().contains("warning: WARN_ON: B can fail invalidate_range_start but implements"
                + " invalidate_range_end"), plain.out());
        assertTrue(plain.out().endsWith("PASS under latest: 6 statements; 0 assertions held; no violations\n"),
                plain.out());
        Run strict = runWerror(FAILING_END, true);
        assertEquals(1, strict.code(), strict.out());
        assertTrue(strict.out().endsWith("FAIL under latest: 6 statements; 0 assertions held; no violations;"
                + " unexpected warnings (--werror): end-on-failing-notifier\n"), strict.out());
    }

    @Test
    void anExpectedWarningPassesUnderWerror() {
        Run r = runWerror("expect warning end-on-failing-notifier on B\n" + FAILING_END, true);
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().endsWith("; expected warnings: end-on-failing-notifier on B\n"), r.out());
    }

    @Test
    void aWarningExpectedOnAnotherNotifierOrLineDoesNotCoverIt() {
        Run r = runWerror("expect warning end-on-failing-notifier on A\n" + FAILING_END, true);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().endsWith("unexpected warnings (--werror): end-on-failing-notifier; warnings expected but"
                + " not seen: end-on-failing-notifier on A\n"), r.out());
        Run line = runWerror("expect warning end-on-failing-notifier at line 10\n" + FAILING_END, false);
        assertEquals(0, line.code(), line.out());
        Run wrongLine = runWerror("expect warning end-on-failing-notifier at line 9\n" + FAILING_END, false);
        assertEquals(1, wrongLine.code(), wrongLine.out());
    }

    @Test
    void anExpectedWarningNeverSeenFailsWithoutWerror() {
        Run r = runWerror("expect warning returned-holding\n" + FAILING_END, false);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().endsWith("warnings expected but not seen: returned-holding\n"), r.out());
    }
}
