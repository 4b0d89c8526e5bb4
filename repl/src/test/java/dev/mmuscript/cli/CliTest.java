package dev.mmuscript.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The mmu command as a user runs it: arguments in, output and exit code out. */
class CliTest {
    static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    record Result(int code, String out, String err) {
    }

    static Result mmu(String... args) {
        CommandLine cl = MmuCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void runPrintsTheTraceAndExitsZero() {
        Result r = mmu("run", EXAMPLES.resolve("kvm-basics.mmu").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("  15  guest write 0x10000 = 9"), r.out());
        assertTrue(r.out().contains("PASS under latest"), r.out());
    }

    @Test
    void semanticsOptionOverridesTheScript() {
        Result r = mmu("run", "--semantics", "latest", EXAMPLES.resolve("oom-reap-unpaired.mmu").toString());
        assertEquals(0, r.code());
        assertTrue(r.out().contains("# " + EXAMPLES.resolve("oom-reap-unpaired.mmu") + " under latest"), r.out());
    }

    @Test
    void aScriptThatCannotRunExitsTwoWithDiagnosticsAndNoStackTrace() {
        Result r = mmu("run", EXAMPLES.resolve("errors/three-syntax-errors.mmu").toString());
        assertEquals(2, r.code());
        assertEquals(3, r.err().split("error: unexpected", -1).length - 1, r.err());
        assertTrue(r.err().endsWith("3 errors\n"), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
    }

    @Test
    void anUnknownProfileOnTheCommandLineIsADiagnostic() {
        Result r = mmu("run", "--semantics", "linux-1.0", EXAMPLES.resolve("kvm-basics.mmu").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("command line:1:13: error: unknown semantics profile 'linux-1.0'"), r.err());
    }

    @Test
    void badUsageExitsTwo() {
        assertEquals(2, mmu("run").code());
        assertEquals(2, mmu("frobnicate").code());
        Result r = mmu("run", "--trace", "everything", EXAMPLES.resolve("kvm-basics.mmu").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown trace level 'everything'"), r.err());
    }

    @Test
    void aMissingFileExitsTwo() {
        Result r = mmu("run", "no-such-script.mmu");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("cannot read no-such-script.mmu"), r.err());
    }

    @Test
    void testPassesOnTheExamples() {
        Result r = mmu("test", EXAMPLES.toString());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().matches("(?s).*\\n\\d+ passed, 0 failed\\n"), r.out());
    }

    @Test
    void testFailsWithADiffThenUpdateRewritesNamesAndFailsThenItPasses(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("one.mmu");
        Files.writeString(script, "# a story\nprocess vm\nmmap vm 0x1000 pages 1 rw anon\nwrite vm 0x1000 = 5\n");
        Result missing = mmu("test", dir.toString());
        assertEquals(1, missing.code());
        assertTrue(missing.out().contains("missing golden file"), missing.out());
        assertTrue(missing.out().endsWith("0 passed, 1 failed\n"), missing.out());

        Result bless = mmu("test", "--update", dir.toString());
        assertEquals(1, bless.code(), "a blessing run never passes");
        assertTrue(bless.out().contains("updated " + dir.resolve("one.out")), bless.out());
        assertEquals(0, mmu("test", dir.toString()).code());

        String golden = Files.readString(dir.resolve("one.out"));
        Files.writeString(dir.resolve("one.out"), golden.replace("= 5 (pfn 0)", "= 6 (pfn 0)"));
        Result diff = mmu("test", dir.toString());
        assertEquals(1, diff.code());
        assertTrue(diff.out().contains("-      vm writes 0x1000 = 6 (pfn 0)\n+      vm writes 0x1000 = 5 (pfn 0)"),
                diff.out());

        Result again = mmu("test", "--update", dir.toString());
        assertEquals(1, again.code());
        assertTrue(again.out().contains("updated " + dir.resolve("one.out")), again.out());
        assertEquals(golden, Files.readString(dir.resolve("one.out")));
        Result ok = mmu("test", dir.toString());
        assertEquals(0, ok.code());
        assertTrue(ok.out().endsWith("1 passed, 0 failed\n"), ok.out());
    }

    @Test
    void updateLeavesMatchingGoldensAlone(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.mmu"), "# a\nprocess vm\n");
        mmu("test", "--update", dir.toString());
        long before = Files.getLastModifiedTime(dir.resolve("a.out")).toMillis();
        Result r = mmu("test", "--update", dir.toString());
        assertEquals(0, r.code());
        assertFalse(r.out().contains("updated"), r.out());
        assertEquals(before, Files.getLastModifiedTime(dir.resolve("a.out")).toMillis());
    }

    @Test
    void replIsACommandAndAMissingFileExitsTwoBeforeAnySessionStarts() {
        assertTrue(mmu("--help").out().contains("  repl "), mmu("--help").out());
        Result help = mmu("repl", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("Usage: mmu repl [-hV] [FILE]"), help.out());
        Result r = mmu("repl", "no-such-script.mmu");
        assertEquals(2, r.code());
        assertEquals("mmu: error: cannot read no-such-script.mmu\n", r.err());
    }

    @Test
    void versionIsPrinted() {
        Result r = mmu("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("mmu "), r.out());
    }
}
