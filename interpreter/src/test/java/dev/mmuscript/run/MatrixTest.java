package dev.mmuscript.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.front.Stdlib;
import dev.mmuscript.syntax.Source;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mmu matrix} in-process: rows, verdicts per profile, exit codes and the exact table. Tests that name
 * profiles pass them explicitly, so that they hold however many eras the stdlib has.
 */
class MatrixTest {
    record Run(int code, String out, String err) {
    }

    static Run matrix(String text, List<String> profiles) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Matrix.run(new Source("t.mmu", text), Path.of("."), profiles, new PrintWriter(out),
                new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    static final List<String> BOTH = List.of("linux-4.19", "latest");

    /** B6 in small: under 4.19 the reaper's failed start leaves A's range open; from 5.12 the ends are paired. */
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
    void anEraBoundExpectationGivesAnExpectedViolationUnder419AndACleanRowUnderLatest() {
        Run r = matrix(UNPAIRED, BOTH);
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("""
                # t.mmu under the chosen profiles
                profile     year  verdict  violations                     first
                linux-4.19  2018  ok       expected: unpaired-invalidate  unpaired-invalidate at the end (A 0x10000)
                latest      2024  ok       none                           -
                2 profiles: 2 as expected, 0 not
                """, r.out());
        assertEquals("", r.err());
    }

    @Test
    void withoutTheExpectLineThe419RowFailsOnTheUnexpectedViolationAndTheExitIsOne() {
        Run r = matrix(UNPAIRED.replace("expect violation unpaired-invalidate if semantics linux-4.19\n", ""), BOTH);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("\nlinux-4.19  2018  FAIL     unexpected: unpaired-invalidate"
                + "  unpaired-invalidate at the end (A 0x10000)\n"), r.out());
        assertTrue(r.out().contains("\nlatest      2024  ok       none"), r.out());
        assertTrue(r.out().endsWith("\n2 profiles: 1 as expected, 1 not (linux-4.19)\n"), r.out());
    }

    @Test
    void anExpectationForEveryEraFailsTheRowsThatDoNotShowItAsNotSeen() {
        Run r = matrix(UNPAIRED.replace(" if semantics linux-4.19\n", "\n"), BOTH);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("\nlinux-4.19  2018  ok   "), r.out());
        assertTrue(r.out().contains("\nlatest      2024  FAIL     not seen: unpaired-invalidate"
                + "  expected unpaired-invalidate but not seen\n"), r.out());
        assertTrue(r.out().endsWith("\n2 profiles: 1 as expected, 1 not (latest)\n"), r.out());
    }

    @Test
    void theFirstFailedAssertionIsShownWithItsLineAndValues() {
        Run r = matrix(UNPAIRED + "assert A.active == 0\n", BOTH);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("\nlinux-4.19  2018  FAIL     expected: unpaired-invalidate"
                + "  assertion failed at line 15: A.active == 0 (A.active is 1, 0)\n"), r.out());
        assertTrue(r.out().contains("\nlatest      2024  ok       none"), r.out());
    }

    @Test
    void theScriptsOwnSemanticsLineIsOverriddenInEveryRow() {
        String text = "semantics linux-4.19\nprocess vm\nassert 1 if semantics linux-4.19\n"
                + "assert 0 if semantics latest\n";
        Run r = matrix(text, BOTH);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("\nlinux-4.19  2018  ok       none        -\n"), r.out());
        assertTrue(r.out().contains("\nlatest      2024  FAIL     none        assertion failed at line 4: 0 (0)\n"),
                r.out());
    }

    @Test
    void aRuntimeErrorIsAFailRowWithTheErrorsMessage() {
        String text = "process vm\nmmap vm 0x10000 pages 1 rw anon\nwrite vm 0x10000 = vm[0x30000]\n";
        Run r = matrix(text, BOTH);
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("\nlinux-4.19  2018  FAIL     none        error at line 3: vm[0x30000] is not"
                + " mapped\n"), r.out());
        assertTrue(r.out().endsWith("2 profiles: 0 as expected, 2 not (linux-4.19, latest)\n"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void aScriptWithSyntaxErrorsExitsTwoWithItsDiagnosticsOnceAndNoTable() {
        Run r = matrix("process vm\nmmap vm 0x1000 pages rw anon\n", null);
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("t.mmu:2:22: error: unexpected 'rw'\n"), r.err());
        assertEquals(1, r.err().split("error: unexpected", -1).length - 1, r.err());
        assertTrue(r.err().endsWith("1 error\n"), r.err());
    }

    @Test
    void anUnknownProfileOnTheScriptsSemanticsLineExitsTwo() {
        Run r = matrix("semantics linux-1.0\nprocess vm\n", null);
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("t.mmu:1:11: error: unknown semantics profile 'linux-1.0'"), r.err());
    }

    @Test
    void anUnknownProfileInTheListExitsTwoAndTheScriptsOwnProfilesMayBeNamedEachOnce() {
        String text = "profile mine extends linux-4.19 { failed_start_ends = all }\nprocess vm\n";
        Run bad = matrix(text, List.of("latest", "linux-1.0"));
        assertEquals(2, bad.code());
        assertEquals("", bad.out());
        assertTrue(bad.err().startsWith("mmu: error: unknown semantics profile 'linux-1.0' in --profiles"
                + " (expected one of: "), bad.err());
        assertTrue(bad.err().contains(", mine)"), bad.err());

        Run ok = matrix(text, List.of("mine", " latest", "", "mine"));
        assertEquals(0, ok.code(), ok.err());
        assertEquals("""
                # t.mmu under the chosen profiles
                profile  year  verdict  violations  first
                mine     2018  ok       none        -
                latest   2024  ok       none        -
                2 profiles: 2 as expected, 0 not
                """, ok.out());
    }

    @Test
    void anEmptyProfileListExitsTwo() {
        Run r = matrix("process vm\n", List.of(" "));
        assertEquals(2, r.code());
        assertEquals("mmu: error: no semantics profiles to run under\n", r.err());
    }

    @Test
    void byDefaultEveryStdlibProfileRunsInEraOrderWithItsYear() {
        Matrix.Table t = Matrix.table(new Source("t.mmu", "process vm\n"), Path.of("."), null);
        assertTrue(t.ran(), t.errors());
        assertEquals(Stdlib.profiles(), t.rows().stream().map(Matrix.Row::profile).toList());
        assertTrue(t.rows().size() >= 2);
        int last = 0;
        for (Matrix.Row row : t.rows()) {
            assertTrue(row.year().matches("\\d{4}"), row.toString());
            assertTrue(Integer.parseInt(row.year()) >= last, "years follow the era order: " + row);
            last = Integer.parseInt(row.year());
            assertTrue(row.ok(), row.toString());
            assertEquals("-", row.first());
        }
        assertEquals(0, t.exitCode());
        Run r = matrix("process vm\n", null);
        assertTrue(r.out().startsWith("# t.mmu under every profile\n"), r.out());
        int n = Stdlib.profiles().size();
        assertTrue(r.out().endsWith("\n" + n + " profiles: " + n + " as expected, 0 not\n"), r.out());
    }

    @Test
    void aProfileTheScriptCannotLoadUnderIsAFailRowWithTheFirstError() {
        Matrix.Row row = Matrix.row(new Source("t.mmu", "process vm\n"), Path.of("."), "linux-1.0");
        assertFalse(row.ok());
        assertEquals("-", row.year());
        assertTrue(row.first().startsWith("error at command line:1: unknown semantics profile 'linux-1.0'"),
                row.first());
    }

    @Test
    void columnsAlignUnderTheHeaderAndTheClosingLineNamesTheRowsThatFailed() {
        List<Matrix.Row> rows = List.of(
                new Matrix.Row("andrea-2008", "2008", true, List.of(), List.of(), List.of(), "-"),
                new Matrix.Row("linux-4.19", "2018", false, List.of("livelock"), List.of("stale-shadow"),
                        List.of("lost-write"), "stale-shadow at line 3 (kvm 0x1000)"),
                new Matrix.Row("latest", "2024", false, List.of(), List.of(), List.of(), "error at line 9: boom"));
        String wide = "unexpected: stale-shadow; expected: livelock; not seen: lost-write";
        String pad = " ".repeat(wide.length() - "none".length());
        assertEquals("# x.mmu under every profile\n"
                + "profile      year  verdict  violations" + " ".repeat(wide.length() - "violations".length())
                + "  first\n"
                + "andrea-2008  2008  ok       none" + pad + "  -\n"
                + "linux-4.19   2018  FAIL     " + wide + "  stale-shadow at line 3 (kvm 0x1000)\n"
                + "latest       2024  FAIL     none" + pad + "  error at line 9: boom\n"
                + "3 profiles: 1 as expected, 2 not (linux-4.19, latest)\n", Matrix.render("x.mmu", rows, true));
        assertEquals("# x.mmu under the chosen profiles\nprofile  year  verdict  violations  first\n"
                + "latest   2024  ok       none        -\n1 profile: 1 as expected, 0 not\n",
                Matrix.render("x.mmu", List.of(new Matrix.Row("latest", "2024", true, List.of(), List.of(),
                        List.of(), "-")), false));
    }

    @Test
    void theSameScriptGivesTheSameBytesOnEveryRun() throws IOException {
        String text = Files.readString(ExamplesTest.ROOT.resolve("oom-reap-unpaired.mmu"));
        assertEquals(matrix(text, null), matrix(text, null));
    }

    @Test
    void includedFilesAreFoundBesideTheScriptAndNamedInTheWhere(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("reap.mmu"), "oom_reap vm\nassert coherent\n");
        Path script = dir.resolve("main.mmu");
        Files.writeString(script, UNPAIRED.replace("oom_reap vm\n", "include \"reap.mmu\"\n"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Matrix.run(script, "main.mmu", BOTH, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, out + "" + err);
        assertTrue(out.toString().contains("  unpaired-invalidate at reap.mmu:2 (A 0x10000)\n"), out.toString());
    }

    @Test
    void aMissingFileExitsTwo(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(2, Matrix.run(dir.resolve("none.mmu"), "none.mmu", null, new PrintWriter(out),
                new PrintWriter(err)));
        assertEquals("mmu: error: cannot read none.mmu\n", err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void aMatrixGoldenIsWrittenOnlyWhenBlessingFailsOnADiffAndThenPasses(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("u.mmu");
        Files.writeString(script, UNPAIRED);
        Path golden = Golden.goldenMatrix(script);
        assertEquals(dir.resolve("u.matrix.out"), golden);

        Golden.Result missing = Golden.checkMatrix(script, false);
        assertFalse(missing.passed());
        assertTrue(missing.message().startsWith("missing golden file " + golden), missing.message());
        assertNull(missing.written());
        assertFalse(Files.exists(golden));

        Golden.Result bless = Golden.checkMatrix(script, true);
        assertFalse(bless.passed(), "a blessing run never passes");
        assertEquals(golden, bless.written());
        String table = Files.readString(golden);
        assertTrue(table.startsWith("# u.mmu under every profile\n"), table);
        assertTrue(Golden.checkMatrix(script, false).passed());
        assertTrue(Golden.checkMatrix(script, true).passed(), "blessing what matches writes nothing and passes");

        Files.writeString(golden, table.replaceFirst("(?m)^(linux-4\\.19 .*?)expected: unpaired-invalidate", "$1none"));
        Golden.Result diff = Golden.checkMatrix(script, false);
        assertFalse(diff.passed());
        assertTrue(diff.message().matches("(?s).*\n-linux-4\\.19 [^\n]* none [^\n]*\n"
                + "\\+linux-4\\.19 [^\n]* expected: unpaired-invalidate .*"), diff.message());
        assertNotNull(Golden.checkMatrix(script, true).written());
        assertEquals(table, Files.readString(golden));
    }
}
