package dev.mmuscript.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.front.Stdlib;
import dev.mmuscript.report.TextReport;
import dev.mmuscript.run.Options;
import dev.mmuscript.run.Runner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session driven line by line, as the REPL drives it, with its output captured. */
class SessionTest {
    @TempDir
    Path dir;

    private Session session;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private Session session() {
        if (session == null) {
            session = new Session(dir);
        }
        return session;
    }

    /** Enters one input; returns whether it was accepted. */
    private boolean in(String input) {
        return session().eval(input, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private String out() {
        String s = out.toString();
        out = new StringWriter();
        return s;
    }

    private String err() {
        String s = err.toString();
        err = new StringWriter();
        return s;
    }

    private void setUp() {
        assertTrue(in("process vm"));
        assertTrue(in("mmap vm 0x10000 pages 4 rw anon"));
        assertTrue(in("attach kvm to vm as guest"));
        out();
    }

    /** What mmu run prints for the session's script, between its header and its end. */
    private String runTrace() throws IOException {
        Path f = dir.resolve("s.mmu");
        Files.writeString(f, session().text());
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        Runner.run(f, "s.mmu", Options.DEFAULT, new PrintWriter(o, true), new PrintWriter(e, true));
        assertEquals("", e.toString());
        return Save.traceOf(o.toString());
    }

    @Test
    void eachStatementPrintsTheTraceMmuRunWouldAndTheStateCarriesOver() throws IOException {
        setUp();
        assertTrue(in("guest write 0x10000 = 9"));
        assertEquals("""
                   4  guest write 0x10000 = 9
                      call guest.fault 0x10000 write
                      alloc pfn 0 (anon vm 0x10000)
                      pte vm 0x10000 = pfn 0 rw
                      gup 0x10000 -> pfn 0 (reference for guest)
                      shadow guest 0x10000 = pfn 0 rw
                      put pfn 0 (guest drops its reference)
                      guest writes 0x10000 = 9 (pfn 0)
                """, out());
        assertTrue(in("assert vm[0x10000] == 9"));
        assertEquals("   5  assert vm[0x10000] == 9\n      assert ok: vm[0x10000] == 9\n", out());
        assertEquals(runTrace(), session().trace());
    }

    @Test
    void aMultiLineBlockIsOneInputNumberedByItsFirstLine() throws IOException {
        setUp();
        assertTrue(in("notifier A on vm {\n  on invalidate_range_start { A.n += 1 }\n}"));
        assertTrue(in("zap vm 0x10000"));
        String o = out();
        assertTrue(o.startsWith("   4  notifier A on vm { ... }\n      mmu_notifier_register A on vm\n"
                + "   7  zap vm 0x10000\n"), o);
        assertEquals(runTrace(), session().trace());
    }

    @Test
    void aCommentIsKeptInTheScriptAndBlankInputIsIgnored() throws IOException {
        assertTrue(in("# the story"));
        assertTrue(in("   "));
        assertTrue(in("process vm"));
        assertEquals("   2  process vm\n", out());
        assertEquals("# the story\nprocess vm\n", session().text());
        assertEquals(runTrace(), session().trace());
    }

    @Test
    void aSyntaxErrorIsADiagnosticUnderTheLineAndNothingIsKept() {
        setUp();
        String before = session().text();
        assertFalse(in("mmap vm 0x20000 pages rw anon"));
        assertEquals("""
                repl:4:23: error: unexpected 'rw'
                    mmap vm 0x20000 pages rw anon
                                          ^^
                    expected a number
                """, err());
        assertEquals("", out());
        assertEquals(before, session().text());
        assertTrue(in("process db"));
        assertEquals("   4  process db\n", out(), "the rejected line has no number in the session");
    }

    @Test
    void aSemanticErrorNamesOnlyTheNewLine() {
        setUp();
        assertFalse(in("zap vm 0x90000; process vm"));
        String e = err();
        assertTrue(e.startsWith("repl:4:8: error: range 0x90000 is outside any mapping of vm\n"), e);
        assertTrue(e.contains("repl:4:25: error: 'vm' is already a process\n"), e);
        assertEquals(2, e.split("error:", -1).length - 1, e);
        assertEquals(3, session().statementCount());
    }

    @Test
    void anErrorWhileRunningLeavesTheStateAsItWas() {
        setUp();
        assertTrue(in("notifier B on vm {\n  spinlock l\n  on invalidate_range_end { unlock l }\n}"));
        assertTrue(in("touch vm 0x10000 write"));
        var state = session().state();
        String text = session().text();
        out();
        assertFalse(in("zap vm 0x10000"), "the PTE is cleared before range_end fails");
        assertEquals("", out(), "nothing of a rejected input is printed as trace");
        String e = err();
        assertTrue(e.startsWith("repl:6:29: error: B unlocks l, which it does not hold\n"), e);
        assertTrue(e.endsWith("line 9 (zap vm 0x10000) stopped there; nothing of this input was kept: the session"
                + " is as it was\n"), e);
        assertEquals(state, session().state());
        assertEquals(text, session().text());
    }

    @Test
    void undoGoesBackToTheStateAndTheCountsBeforeTheLastStatement() throws IOException {
        setUp();
        assertTrue(in("touch vm 0x10000 write"));
        var state = session().state();
        assertTrue(in("assert vm[0x10000] == 1"));
        assertTrue(in("# a note after it"));
        assertTrue(session().undo(1, new PrintWriter(out, true), new PrintWriter(err, true)));
        assertTrue(out().endsWith("undid line 5: assert vm[0x10000] == 1\n"));
        assertEquals(state, session().state());
        assertEquals("process vm\nmmap vm 0x10000 pages 4 rw anon\nattach kvm to vm as guest\n"
                + "touch vm 0x10000 write\n", session().text());
        assertTrue(in("zap vm 0x10000"));
        assertTrue(out().startsWith("   5  zap vm 0x10000\n"));
        assertEquals(runTrace(), session().trace());
        Path f = dir.resolve("u.mmu");
        new Save(session(), new java.util.ArrayList<>()).save(java.util.List.of(f.toString()),
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertTrue(out().contains("ends: PASS under latest: 5 statements; 0 assertions held"),
                "the undone failure is not counted");
    }

    @Test
    void undoNTakesBackTheLastNInputsThatHeldStatements() throws IOException {
        setUp();
        assertTrue(in("touch vm 0x10000 write"));
        assertTrue(in("# a note"));
        assertTrue(in("zap vm 0x10000"));
        out();
        assertFalse(session().undo(6, new PrintWriter(out, true), new PrintWriter(err, true)));
        assertEquals("error: cannot undo 6 inputs: the session has 5\n    expected :undo N with N at most 5, or"
                + " :reset\n", err());
        assertTrue(session().undo(3, new PrintWriter(out, true), new PrintWriter(err, true)));
        assertEquals("undid line 3: attach kvm to vm as guest\nundid line 4: touch vm 0x10000 write\n"
                + "undid line 6: zap vm 0x10000\n", out());
        assertEquals("process vm\nmmap vm 0x10000 pages 4 rw anon\n", session().text());
        assertTrue(session().state().instances().isEmpty());
        assertEquals(runTrace(), session().trace());
    }

    @Test
    void anInterruptedStatementKeepsNothingAndTheSessionGoesOn() throws IOException {
        setUp();
        var state = session().state();
        String text = session().text();
        Thread.currentThread().interrupt(); // what Ctrl-C does to the thread that runs the input
        assertFalse(in("touch vm 0x10000 pages 4 write"));
        assertFalse(Thread.interrupted(), "the engine took the interrupt");
        assertEquals("line 4 (touch vm 0x10000 pages 4 write) was interrupted; nothing of this input was kept: the"
                + " session is as it was\n", err());
        assertEquals("", out());
        assertEquals(state, session().state());
        assertEquals(text, session().text());
        assertTrue(in("touch vm 0x10000 write"));
        assertTrue(out().startsWith("   4  touch vm 0x10000 write\n"));
        assertEquals(runTrace(), session().trace());
    }

    @Test
    void aLoadedFileIncludesFromItsOwnFolderAndTheSessionSaysWhereFromItsOwn() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Files.writeString(sub.resolve("setup.mmu"), "process vm\nmmap vm 0x10000 pages 1 rw anon\n");
        assertTrue(session().load("sub/a.mmu", sub, "include \"setup.mmu\"  # beside a.mmu\ntouch vm 0x10000\n",
                new PrintWriter(out, true), new PrintWriter(err, true)), err());
        assertEquals("include \"sub/setup.mmu\"  # beside a.mmu\ntouch vm 0x10000\n", session().text());
        assertEquals(runTrace(), session().trace(), "the saved session includes the same file");
    }

    @Test
    void undoTakesBackAWholeBlockAndSaysWhenThereIsNothingLeft() {
        assertTrue(in("process vm\n"));
        assertTrue(in("notifier A on vm {\n  var n\n}"));
        assertTrue(session().undo(1, new PrintWriter(out, true), new PrintWriter(err, true)));
        assertTrue(out().endsWith("undid lines 2-4: notifier A on vm { ... }\n"));
        assertTrue(session().state().instances().isEmpty());
        assertTrue(session().undo(1, new PrintWriter(out, true), new PrintWriter(err, true)));
        assertTrue(session().undo(1, new PrintWriter(out, true), new PrintWriter(err, true)));
        assertTrue(out().endsWith("undid line 1: process vm\nnothing to undo\n"));
        assertEquals("", session().text());
    }

    @Test
    void semanticsRunsTheSessionAgainUnderAnotherProfileAndTheScriptSaysSo() throws IOException {
        setUp();
        assertTrue(in("notifier B on vm {\n  on invalidate_range_start when nonblocking { return EAGAIN }\n}"));
        assertTrue(in("notifier A on vm {\n  on invalidate_range_end { }\n}"));
        assertTrue(in("touch vm 0x10000 write"));
        assertTrue(in("oom_reap vm"));
        out();
        assertTrue(session().semantics("linux-4.19", new PrintWriter(out, true), new PrintWriter(err, true)));
        String o = out();
        assertTrue(o.startsWith("# re-running the session under linux-4.19 (with 'semantics linux-4.19' as its"
                + " line 1)\n   1  semantics linux-4.19\n   2  process vm\n"), o);
        assertTrue(o.contains("skip A.invalidate_range_end"), o);
        assertEquals("linux-4.19", session().profile());
        assertTrue(session().text().startsWith("semantics linux-4.19\nprocess vm\n"));
        assertEquals(runTrace(), session().trace());

        assertTrue(session().semantics("latest", new PrintWriter(out, true), new PrintWriter(err, true)));
        assertTrue(session().text().startsWith("semantics latest\nprocess vm\n"), "the line is changed in place");
        assertFalse(out().contains("skip A.invalidate_range_end"));
        assertEquals(runTrace(), session().trace());

        assertFalse(session().semantics("linux-1.0", new PrintWriter(out, true), new PrintWriter(err, true)));
        assertEquals("error: unknown semantics profile 'linux-1.0'\n    expected one of: "
                + String.join(", ", Stdlib.profiles()) + "\n", err());
        assertEquals("latest", session().profile());
    }

    @Test
    void aSemanticsLineTypedLateRunsTheSessionAgainAndUndoingItRunsItBack() throws IOException {
        setUp();
        assertTrue(in("semantics linux-4.19"));
        assertTrue(out().startsWith("# re-running the session under linux-4.19\n   1  process vm\n"));
        assertEquals(runTrace(), session().trace());
        assertTrue(session().undo(1, new PrintWriter(out, true), new PrintWriter(err, true)));
        assertTrue(out().startsWith("# undid line 4: semantics linux-4.19\n# re-running the session under latest\n"));
        assertEquals("latest", session().profile());
    }

    @Test
    void anExpectationCountsForTheWholeScriptAsInMmuRun() throws IOException {
        setUp();
        assertTrue(in("notifier dma on vm {\n  on invalidate_range_start { }\n  on fault {\n    gup addr as page\n"
                + "    map addr to page\n  }\n}"));
        assertTrue(in("write vm 0x10000 = 1"));
        assertTrue(in("dma fault 0x10000 write"));
        assertTrue(in("madvise vm 0x10000 pages 1 dontneed"));
        assertTrue(in("dma write 0x10000 = 42"));
        assertTrue(in("read vm 0x10000"));
        String o = out();
        assertTrue(o.contains("      VIOLATION lost-write: dma wrote 42"), o);
        assertTrue(in("expect violation lost-write"));
        assertEquals("  16  expect violation lost-write\nnote: an expectation counts for the whole script, as in mmu"
                + " run: what line 15 reported is now expected\n", out());
        assertTrue(session().trace().contains("      VIOLATION lost-write (expected): dma wrote 42"));
        assertEquals(runTrace(), session().trace());
    }

    @Test
    void theTraceLevelChangesWhatIsPrintedNotWhatIsSaved() throws IOException {
        setUp();
        session().level(TextReport.Level.QUIET);
        assertTrue(in("touch vm 0x10000"));
        assertTrue(in("assert vm[0x10000] == 1"));
        assertEquals("   5  assert vm[0x10000] == 1\n      ASSERTION FAILED: vm[0x10000] == 1 (vm[0x10000] is 0, 1)\n",
                out());
        session().level(TextReport.Level.STEPS);
        assertTrue(in("zap vm 0x10000"));
        assertTrue(out().contains("      . zap.range_start\n"));
        assertFalse(session().trace().contains(". zap.range_start"));
        assertEquals(runTrace(), session().trace());
    }

    @Test
    void showPrintsWhatTheShowStatementWouldWithoutAddingIt() {
        setUp();
        assertTrue(in("guest fault 0x10000 write"));
        assertTrue(in("show guest"));
        String o = out();
        String statement = o.substring(o.indexOf("   5  show guest\n") + 17).lines().map(l -> l.substring(6))
                .reduce("", (a, b) -> a + b + "\n");
        String text = session().text();
        assertTrue(session().show("guest", new PrintWriter(out, true), new PrintWriter(err, true)));
        assertEquals(statement, out());
        assertEquals("guest (kvm on vm): count = 0, range_end = 0, range_start = 0, seq = 0\n  shadow 0x10000 -> pfn 0 rw\n  lock mmu_lock free\n",
                statement);
        assertEquals(text, session().text());
        assertTrue(session().show(null, new PrintWriter(out, true), new PrintWriter(err, true)));
        assertEquals("""
                vm: notifiers [guest], mmap_lock free, page-table lock free
                  vma 0x10000..0x14000 rw anon private
                  pte 0x10000 -> pfn 0 rw
                guest (kvm on vm): count = 0, range_end = 0, range_start = 0, seq = 0
                  shadow 0x10000 -> pfn 0 rw
                  lock mmu_lock free
                pfn 0: anon vm 0x10000, refs 1, maps 1, pins 0, value 0, generation 1
                """, out());
        assertFalse(session().show("nothing", new PrintWriter(out, true), new PrintWriter(err, true)));
        assertEquals("error: nothing named 'nothing' to show\n    expected frames, tlb, pins, vm, guest\n", err());
    }

    @Test
    void aLoadedFileRunsAsOneInputAndItsMistakesCiteTheFile() throws IOException {
        setUp();
        assertTrue(session().load("a.mmu", dir, "# setup\nprocess db\nmmap db 0x1000 pages 1 rw anon\n",
                new PrintWriter(out, true), new PrintWriter(err, true)));
        assertTrue(out().startsWith("   5  process db\n   6  mmap db 0x1000 pages 1 rw anon\n"));
        assertFalse(session().load("b.mmu", dir, "process x\nzap db 0x9000\n", new PrintWriter(out, true),
                new PrintWriter(err, true)));
        assertTrue(err().startsWith("b.mmu:2:8: error: range 0x9000 is outside any mapping of db\n"
                + "    zap db 0x9000\n           ^^^^^^\n"));
        assertEquals(runTrace(), session().trace());
    }

    @Test
    void aLoadedFileWithWindowsLineEndsIsNumberedAsWritten() {
        assertTrue(session().load("w.mmu", dir, "process vm\r\nmmap vm 0x1000 pages 1 rw anon\r\n",
                new PrintWriter(out, true), new PrintWriter(err, true)));
        assertEquals("process vm\nmmap vm 0x1000 pages 1 rw anon\n", session().text());
        assertTrue(out().startsWith("   1  process vm\n   2  mmap vm 0x1000 pages 1 rw anon\n"));
    }

    @Test
    void anErrorWhileRunningALoadedFileCitesTheFile() {
        setUp();
        assertFalse(session().load("c.mmu", dir, "# c\nnotifier B on vm {\n  spinlock l\n  on invalidate_range_end {"
                + " unlock l }\n}\ntouch vm 0x10000 write\nzap vm 0x10000\n", new PrintWriter(out, true),
                new PrintWriter(err, true)));
        String e = err();
        assertTrue(e.startsWith("c.mmu:4:29: error: B unlocks l, which it does not hold\n"), e);
        assertTrue(e.endsWith("c.mmu:7 (zap vm 0x10000) stopped there; nothing of this input was kept: the session"
                + " is as it was\n"), e);
        assertEquals(3, session().statementCount());
    }

    @Test
    void resetEmptiesTheSession() {
        setUp();
        session().reset();
        assertEquals("", session().text());
        assertTrue(session().state().procs().isEmpty());
        assertTrue(in("process vm"));
        assertEquals("   1  process vm\n", out());
    }

    @Test
    void aCallRunsWhenItIsTypedThoughItsDefWasTypedBefore() {
        setUp();
        assertTrue(in("def both(va) {\n  touch vm va write\n  guest fault va\n}"));
        assertEquals("", out());
        assertTrue(in("both(0x11000)"));
        String shown = out();
        assertTrue(shown.startsWith("   5  touch vm 0x11000 write  # in both, called at line 8\n"), shown);
        assertTrue(shown.contains("   6  guest fault 0x11000  # in both, called at line 8\n"), shown);
        assertTrue(in("repeat 2 { zap vm 0x11000 }"));
        assertEquals(2, out().split("zap vm 0x11000\n", -1).length - 1);
    }
}
