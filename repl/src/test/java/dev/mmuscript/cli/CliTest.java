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

    static final String UNPAIRED = """
            # under 4.19 the reaper's failed start leaves A's range open
            semantics linux-4.19
            expect violation unpaired-invalidate if semantics linux-4.19
            process vm
            mmap vm 0x10000 pages 2 rw anon
            touch vm 0x10000 pages 2 write
            notifier A on vm {
              on invalidate_range_start { A.active += 1 }
              on invalidate_range_end { A.active -= 1 }
            }
            notifier B on vm {
              on invalidate_range_start when nonblocking { return EAGAIN }
            }
            oom_reap vm
            """;

    @Test
    void matrixExitsZeroWhenEveryRowMeetsTheScriptsExpectationsForItsProfile() {
        Path script = EXAMPLES.resolve("oom-reap-unpaired.mmu");
        Result r = mmu("matrix", "--profiles", "linux-4.19,latest", script.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("# " + script + " under the chosen profiles\n"
                + "profile     year  verdict  violations                               first\n"
                + "linux-4.19  2018  ok       expected: livelock, unpaired-invalidate"
                + "  livelock at line 35 (guest 0x11000)\n"
                + "latest      2024  ok       none                                     -\n"
                + "2 profiles: 2 as expected, 0 not\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void matrixExitsOneWhenARowDoesNotAndPrintsOneTablePerFile(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("good.mmu");
        Files.writeString(good, UNPAIRED);
        Path bad = dir.resolve("bad.mmu");
        Files.writeString(bad, UNPAIRED.replace("expect violation unpaired-invalidate if semantics linux-4.19\n", ""));
        assertEquals(0, mmu("matrix", "-p", "linux-4.19,latest", good.toString()).code());
        Result r = mmu("matrix", "-p", "linux-4.19,latest", good.toString(), bad.toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("2 profiles: 2 as expected, 0 not\n\n# " + bad + " under the chosen profiles\n"),
                r.out());
        assertTrue(r.out().contains("\nlinux-4.19  2018  FAIL     unexpected: unpaired-invalidate  "), r.out());
        assertTrue(r.out().endsWith("\n2 profiles: 1 as expected, 1 not (linux-4.19)\n"), r.out());
    }

    @Test
    void werrorFailsTheRowsWhoseWarningNoExpectationCovers(@TempDir Path dir) throws IOException {
        Path expected = EXAMPLES.resolve("warn-on-failing-end.mmu");
        assertEquals(0, mmu("matrix", "--werror", "-p", "linux-4.19,latest", expected.toString()).code());
        Path bare = dir.resolve("bare.mmu");
        Files.writeString(bare, Files.readString(expected).replaceAll("(?m)^expect warning .*\n", ""));
        assertEquals(0, mmu("run", bare.toString()).code());
        Result r = mmu("matrix", "--werror", "-p", "linux-4.19,latest", bare.toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("\nlatest      2024  FAIL     none        warning end-on-failing-notifier not"
                + " expected (--werror)\n"), r.out());
        Result run = mmu("run", "--werror", "--quiet", bare.toString());
        assertEquals(1, run.code(), run.out());
        assertTrue(run.out().endsWith("unexpected warnings (--werror): end-on-failing-notifier\n"), run.out());
    }

    @Test
    void matrixOfAScriptThatCannotRunExitsTwoWithItsDiagnosticsOnce(@TempDir Path dir) throws IOException {
        Result r = mmu("matrix", EXAMPLES.resolve("errors/three-syntax-errors.mmu").toString());
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertEquals(3, r.err().split("error: unexpected", -1).length - 1, r.err());
        assertTrue(r.err().endsWith("3 errors\n"), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());

        Path good = dir.resolve("good.mmu");
        Files.writeString(good, UNPAIRED);
        Result mixed = mmu("matrix", "-p", "latest", good.toString(),
                EXAMPLES.resolve("errors/syntax-error.mmu").toString());
        assertEquals(2, mixed.code(), "the worst code wins");
        assertTrue(mixed.out().startsWith("# " + good + " under the chosen profiles\n"), mixed.out());
        assertTrue(mixed.out().endsWith("1 profile: 1 as expected, 0 not\n"), mixed.out());
    }

    @Test
    void matrixBadUsageExitsTwo() {
        assertEquals(2, mmu("matrix").code());
        Result r = mmu("matrix", "-p", "linux-1.0", EXAMPLES.resolve("kvm-basics.mmu").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("mmu: error: unknown semantics profile 'linux-1.0' in --profiles"), r.err());
        assertEquals(2, mmu("matrix", "no-such-script.mmu").code());
    }

    @Test
    void testChecksAMatrixGoldenWhereOneExistsAndCountsItAsAGoldenFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("u.mmu"), UNPAIRED);
        mmu("test", "--update", dir.toString());
        Result plain = mmu("test", dir.toString());
        assertEquals(0, plain.code(), plain.out());
        assertEquals("ok    " + dir.resolve("u.mmu") + "\n1 passed, 0 failed\n", plain.out());

        Result missing = mmu("test", "--matrix", dir.toString());
        assertEquals(1, missing.code());
        assertTrue(missing.out().contains("FAIL  " + dir.resolve("u.mmu") + " (matrix)\nmissing golden file "
                + dir.resolve("u.matrix.out")), missing.out());
        assertTrue(missing.out().endsWith("1 passed, 1 failed\n"), missing.out());

        Result bless = mmu("test", "--update", "--matrix", dir.toString());
        assertEquals(1, bless.code(), "a blessing run never passes");
        assertTrue(bless.out().contains("updated " + dir.resolve("u.matrix.out")), bless.out());
        String table = Files.readString(dir.resolve("u.matrix.out"));
        assertTrue(table.startsWith("# u.mmu under every profile\n"), table);

        Result both = mmu("test", dir.toString());
        assertEquals(0, both.code(), both.out());
        assertTrue(both.out().endsWith("ok    " + dir.resolve("u.mmu") + " (matrix)\n2 passed, 0 failed\n"),
                both.out());

        Files.writeString(dir.resolve("u.matrix.out"), table.replace("expected: unpaired-invalidate", "none"));
        Result diff = mmu("test", dir.toString());
        assertEquals(1, diff.code());
        assertTrue(diff.out().contains("--- " + dir.resolve("u.matrix.out") + "\n+++ actual\n"), diff.out());
        assertTrue(diff.out().endsWith("1 passed, 1 failed\n"), diff.out());
        Result again = mmu("test", "--update", dir.toString());
        assertEquals(1, again.code());
        assertEquals(table, Files.readString(dir.resolve("u.matrix.out")));
        assertEquals(0, mmu("test", "--update", dir.toString()).code(), "nothing differs, nothing written");
    }

    @Test
    void testWithMatrixLeavesScriptsThatMustNotRunAlone() {
        Result r = mmu("test", "--matrix", EXAMPLES.resolve("errors").toString());
        assertEquals(0, r.code(), r.out());
        assertFalse(r.out().contains("(matrix)"), r.out());
    }

    @Test
    void profilesListsTheErasOldestFirst() {
        Result r = mmu("profiles");
        assertEquals(0, r.code(), r.err());
        String[] rows = r.out().split("\n");
        assertEquals(18, rows.length, r.out());
        assertTrue(rows[0].startsWith("andrea-2008 "), r.out());
        assertTrue(rows[17].startsWith("latest "), r.out());
        assertEquals("", r.err());
    }

    @Test
    void profilesNameShowsEveryKnobAndWhereItWasSet() {
        Result r = mmu("profiles", "linux-4.19");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("profile linux-4.19 extends linux-4.16 extends"), r.out());
        assertTrue(r.out().contains("\noom_reaper                   nonblocking_start  linux-4.19\n"), r.out());
        assertTrue(r.out().contains("\ncallbacks: "), r.out());
    }

    @Test
    void profilesDiffNamesTheEagainHandling() {
        Result r = mmu("profiles", "--diff", "linux-4.19", "linux-5.12");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\nfailed_start_ends: none -> all (set by linux-5.12)\n"), r.out());
        assertTrue(r.out().contains("\ninterval_notifiers: false -> true (set by linux-5.5)\n"), r.out());
    }

    @Test
    void profilesWithAnUnknownNameOrBadUsageExitsTwo() {
        Result r = mmu("profiles", "linux-1.0");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("mmu: error: unknown semantics profile 'linux-1.0'\nexpected one of: andrea-2008,"),
                r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
        Result d = mmu("profiles", "--diff", "linux-4.19", "linux-9");
        assertEquals(2, d.code());
        assertTrue(d.err().contains("unknown semantics profile 'linux-9'"), d.err());
        assertEquals(2, mmu("profiles", "--diff", "linux-4.19").code());
        Result both = mmu("profiles", "latest", "--diff", "linux-4.19", "latest");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("not both"), both.err());
        assertEquals(2, mmu("profiles", "a", "b").code());
        assertEquals(2, mmu("profiles", "--diff", "linux-4.19", "latest", "--diff", "latest", "linux-4.19").code());
    }

    @Test
    void driversListsTheStdlibDriversWithTheirCallbacks() {
        Result r = mmu("drivers");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("kvm         KVM's shadow"), r.out());
        assertTrue(r.out().contains("\nsva         a device sharing the CPU page tables"), r.out());
        assertTrue(r.out().contains("\n            callbacks: release, invalidate_page, invalidate_range_start,"), r.out());
        assertEquals(14, r.out().split("\n").length, r.out());
        assertEquals("", r.err());
    }

    @Test
    void driversNameShowsTheDriverAndItsSource() {
        Result r = mmu("drivers", "xpmem");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("driver xpmem: cross-process memory"), r.out());
        assertTrue(r.out().contains("\n# stdlib/drivers/xpmem.mmu\n"), r.out());
        assertTrue(r.out().contains("\ndriver xpmem {\n"), r.out());
    }

    @Test
    void driversWithAnUnknownNameOrBadUsageExitsTwo() {
        Result r = mmu("drivers", "nvidia");
        assertEquals(2, r.code());
        assertEquals("mmu: error: unknown driver 'nvidia'\nexpected one of: kvm, hmm, odp, gru, xpmem, xpmem-2008, sva\n",
                r.err());
        assertEquals("", r.out());
        assertEquals(2, mmu("drivers", "kvm", "hmm").code());
        assertEquals(2, mmu("drivers", "--frob").code());
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
