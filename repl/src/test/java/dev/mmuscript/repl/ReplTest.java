package dev.mmuscript.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.front.Stdlib;
import dev.mmuscript.report.TextReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REPL's commands and its loop for a pipe. */
class ReplTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    /** Feeds {@code input} to the REPL as a pipe would. */
    Result pipe(String input) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new Repl(dir).plain(new BufferedReader(new StringReader(input)), new PrintWriter(out, true),
                new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void fromAPipeStatementsRunWithoutPromptsOrEscapeCodes() throws IOException {
        Result r = pipe("process vm\nnotifier A on vm {\n  var n\n}\nshow A\n");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                   1  process vm
                   2  notifier A on vm { ... }
                      mmu_notifier_register A on vm
                   5  show A
                      A (notifier on vm): n = 0
                        (no shadow entries)
                """, r.out());
        assertFalse(r.out().contains("\u001b") || r.out().contains(Repl.PROMPT));
    }

    @Test
    void fromAPipeAMistakeGoesToStderrTheRestRunsAndTheExitCodeIsTwo() throws IOException {
        Result r = pipe("process vm\nzap vm 0x1000\nprocess db\n");
        assertEquals(2, r.code());
        assertEquals("   1  process vm\n   2  process db\n", r.out());
        assertTrue(r.err().startsWith("repl:2:8: error: range 0x1000 is outside any mapping of vm\n"), r.err());
    }

    @Test
    void aBlockLeftOpenAtTheEndOfInputIsASyntaxError() throws IOException {
        Result r = pipe("process vm\nnotifier A on vm {\n  var n\n");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("repl:2:18: error: unclosed '{'"), r.err());
    }

    @Test
    void quitStopsReadingAndCommandsTakeUniquePrefixes() throws IOException {
        Result r = pipe(":tr steps\n:tr\n:q\nprocess vm\n");
        assertEquals(0, r.code(), r.err());
        assertEquals("trace steps\n", r.out());
    }

    @Test
    void anUnknownOrAmbiguousCommandSaysWhatThereIs() throws IOException {
        Result r = pipe(":frob\n:s\n");
        assertEquals(2, r.code());
        assertEquals("""
                error: unknown command ':frob'
                    expected one of: :help, :show, :trace, :undo, :reset, :semantics, :load, :save, :quit
                error: ambiguous command ':s'
                    expected one of: :show, :semantics, :save
                """, r.err());
    }

    @Test
    void traceLevels() throws IOException {
        Repl repl = new Repl(dir);
        StringWriter out = new StringWriter();
        PrintWriter w = new PrintWriter(out, true);
        assertTrue(repl.handle(":trace off", w, w));
        assertEquals(TextReport.Level.QUIET, repl.session().level());
        assertTrue(repl.handle(":trace steps", w, w));
        assertEquals(TextReport.Level.STEPS, repl.session().level());
        assertFalse(repl.handle(":trace loud", w, w));
        assertEquals("error: unknown trace level 'loud'\n    expected off, events or steps\n", out.toString());
    }

    @Test
    void loadRunsAFileAndSaveRefusesToOverwriteAnotherFileWithoutForce() throws IOException {
        Path a = dir.resolve("a.mmu");
        Files.writeString(a, "process vm\nmmap vm 0x1000 pages 1 rw anon\n");
        Path other = dir.resolve("other.mmu");
        Files.writeString(other, "# someone else's\n");
        Result r = pipe(":load " + a + "\ntouch vm 0x1000\n:save " + other + "\n:save " + other + " --force\n:save "
                + other + "\n:load " + dir.resolve("none.mmu") + "\n");
        assertEquals(2, r.code());
        assertTrue(r.out().startsWith("   1  process vm\n   2  mmap vm 0x1000 pages 1 rw anon\n"), r.out());
        assertTrue(r.out().contains("   3  touch vm 0x1000\n"), r.out());
        assertEquals("error: " + other + " exists\n    use :save " + other + " --force to overwrite it\n"
                + "error: cannot read " + dir.resolve("none.mmu") + "\n", r.err());
        assertEquals(2, r.out().split("wrote " + other, -1).length - 1, "the second save needs no --force");
        assertEquals("process vm\nmmap vm 0x1000 pages 1 rw anon\ntouch vm 0x1000\n", Files.readString(other));
    }

    @Test
    void saveNeedsStatementsAndGoldenNeedsAnMmuName() throws IOException {
        Result r = pipe(":save " + dir.resolve("x.mmu") + "\nprocess vm\n:save " + dir.resolve("x.txt")
                + " --golden\n:save\n:save a b\n");
        assertEquals("""
                error: the session has no statements to save
                error: a golden test is NAME.mmu beside NAME.out
                    expected a file name ending in .mmu
                error: :save needs a file
                    expected :save FILE [--golden] [--force]
                error: unexpected 'b'
                    expected :save FILE [--golden] [--force]
                """, r.err());
    }

    @Test
    void resetAndSemanticsWithoutAProfileSayWhereTheSessionStands() throws IOException {
        Result r = pipe("process vm\n:reset\n:semantics\n:semantics linux-4.19\n:semantics linux-4.19\n");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                   1  process vm
                the session is empty again, under latest
                the session runs under latest; profiles: %s
                   1  semantics linux-4.19
                the session already runs under linux-4.19
                """.formatted(String.join(", ", Stdlib.profiles())), r.out());
    }

    @Test
    void helpShowsTheReferenceForAStatementACommandOrATopic() throws IOException {
        Result zap = pipe(":help zap\n");
        assertTrue(zap.out().startsWith("zap P RANGE and madvise P RANGE dontneed\n"
                + "========================================\n\nzap is zap_page_range; madvise"), zap.out());
        assertTrue(zap.out().contains("\n    zap vm 0x10000 pages 2\n"), "code is indented, its fences dropped");
        assertTrue(zap.out().contains("\n2. invalidate_range_start on every notifier of P, newest first"),
                zap.out());
        assertEquals(zap.out(), pipe(":help madvise\n").out());
        assertTrue(pipe(":help fault\n").out().startsWith("Device accesses: DEV fault, DEV read, DEV write\n"));
        assertTrue(pipe(":help coherent\n").out().startsWith("assert coherent [DEV] [if semantics ...]\n"));
        assertTrue(pipe(":help expressions\n").out().startsWith("Expressions\n"));
        assertTrue(pipe(":help :undo\n").out().startsWith(":undo [N]\n  take back the last statement"));
        assertTrue(pipe(":help invalidate_range_start\n").out().startsWith("Callbacks\n"));
        Result overview = pipe(":help\n");
        assertTrue(overview.out().contains("  :save FILE [--golden] [--force]"), overview.out());
        assertTrue(overview.out().contains("    process P "), overview.out());
        assertTrue(overview.out().contains("`:help drivers`".replace("`", "")), overview.out());
        assertTrue(overview.out().contains("Other topics: "), overview.out());
        Result none = pipe(":help frobnicate\n");
        assertEquals(2, none.code());
        assertTrue(none.err().startsWith("error: no help on 'frobnicate'\n    expected a statement such as mmap or"
                + " zap, a :command, drivers, profiles, knobs, a driver, profile, knob or violation kind, or one of: "),
                none.err());
    }

    @Test
    void helpOnAViolationKindShowsItsRowOfTheTable() throws IOException {
        String out = pipe(":help stale-shadow\n").out();
        assertTrue(out.startsWith("Violations\n==========\n\nstale-shadow\n    Reported when: An attached instance"
                + " has a shadow entry"), out);
        assertTrue(out.endsWith("    Where: checks\n\n(:help violations shows all of Violations)\n"), out);
        assertFalse(out.contains("lost-write"), out);
    }

    @Test
    void helpCoversTheDriversTheProfilesAndTheKnobs() throws IOException {
        String drivers = pipe(":help drivers\n").out();
        assertTrue(drivers.contains("\nkvm         KVM's shadow"), drivers);
        assertTrue(pipe(":help kvm\n").out().startsWith("kvm\n===\n\nKVM's shadow (two-dimensional) page"
                + " tables."));
        String profiles = pipe(":help profiles\n").out();
        assertTrue(profiles.contains("\nlinux-4.19  "), profiles);
        assertTrue(pipe(":help linux-4.19\n").out().startsWith("Profile linux-4.19\n"));
        String knobs = pipe(":help knobs\n").out();
        assertTrue(knobs.contains("\noom_reaper\n    Values: none, no_notifiers, skip_if_notifiers,"), knobs);
        assertTrue(pipe(":help oom_reaper\n").out().startsWith("oom_reaper\n==========\n\n"));
        assertTrue(pipe(":help writing-a-driver\n").out().startsWith("Writing a driver\n"));
    }

    @Test
    void noTopicOfHelpShowsRawMarkdown() throws IOException {
        Help help = Help.fromClasspath();
        StringBuilder in = new StringBuilder(":help\n:help drivers\n:help knobs\n");
        help.topics().forEach(t -> in.append(":help ").append(t).append('\n'));
        help.mentions().forEach(t -> in.append(":help ").append(t).append('\n'));
        Result r = pipe(in.toString());
        assertEquals("", r.err());
        for (String line : r.out().split("\n")) {
            if (line.startsWith("    ")) {
                continue; // a code block, as written (and a table's cells, which MarkdownTest covers)
            }
            assertFalse(line.startsWith("|") || line.startsWith("```") || line.matches("#{1,6} .*")
                    || line.contains("`") || line.contains("**") || line.matches(".*\\]\\(.*\\).*"), line);
        }
    }

    @Test
    void undoTakesACountOfInputs() throws IOException {
        Result r = pipe("process vm\nprocess db\nprocess x\n:undo 2\n:undo 0\n:undo two\n:u\n:u\n");
        assertEquals("   1  process vm\n   2  process db\n   3  process x\nundid line 2: process db\n"
                + "undid line 3: process x\nundid line 1: process vm\nnothing to undo\n", r.out());
        assertEquals("error: cannot undo '0'\n    expected :undo or :undo N, N the number of inputs to take back\n"
                + "error: cannot undo 'two'\n    expected :undo or :undo N, N the number of inputs to take back\n",
                r.err());
    }

    @Test
    void saveGoldenRefusesToOverwriteAnOutItDidNotWrite() throws IOException {
        Path out = dir.resolve("g.out");
        Files.writeString(out, "someone's golden\n");
        Result r = pipe("process vm\n:save " + dir.resolve("g.mmu") + " --golden\n");
        assertEquals("error: " + out + " exists\n    use :save " + dir.resolve("g.mmu") + " --golden --force to"
                + " overwrite it\n", r.err());
        assertEquals("someone's golden\n", Files.readString(out));
        assertFalse(Files.exists(dir.resolve("g.mmu")), "nothing is written when one of the two files exists");
        Result forced = pipe("process vm\n:save " + dir.resolve("g.mmu") + " --golden --force\n:save "
                + dir.resolve("g.mmu") + " --golden\n");
        assertEquals("", forced.err());
        assertEquals("# g.mmu under latest\n   1  process vm\nPASS under latest: 1 statement; 0 assertions held; no"
                + " violations\n", Files.readString(out));
    }

    @Test
    void everyStatementTheGrammarCanStartWithHasHelp() {
        Help help = Help.fromClasspath();
        for (String kw : Lexing.keywords()) {
            if (Lexing.viablePrefix(kw)) {
                assertTrue(help.find(kw) != null, "no :help for the statement '" + kw + "'");
            }
        }
    }
}
