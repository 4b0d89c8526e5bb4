package dev.mmuscript.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmuscript.run.RunnerTest.Run;
import dev.mmuscript.syntax.Source;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code requires semantics}: checked before the engine runs; a run under another era is skipped, exit code 4. */
class RequiresTest {
    static final String SCRIPT = "requires semantics linux-4.14..linux-4.19, linux-5.12\nprocess vm\n";

    @Test
    void aRunUnderAnEraTheScriptDoesNotRequireIsSkippedBeforeAnythingRuns() {
        Run r = RunnerTest.run(SCRIPT, "latest");
        assertEquals(Runner.SKIPPED, r.code());
        assertEquals("# t.mmu under latest\nSKIP under latest: the script says 'requires semantics"
                + " linux-4.14..linux-4.19, linux-5.12'\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void aRunUnderARequiredEraRuns() {
        for (String era : List.of("linux-4.14", "linux-4.16", "linux-5.12")) {
            Run r = RunnerTest.run(SCRIPT, era);
            assertEquals(Runner.PASSED, r.code(), era + ": " + r.out());
        }
        assertEquals(Runner.SKIPPED, RunnerTest.run(SCRIPT, "linux-4.19").code(), "a range excludes its end");
        assertEquals(Runner.SKIPPED, RunnerTest.run(SCRIPT, "linux-6.6").code(), "a single profile is only itself");
    }

    @Test
    void everyRequiresLineMustHold() {
        String two = "requires semantics linux-4.14..\nrequires semantics andrea-2008..linux-5.12\nprocess vm\n";
        assertEquals(Runner.PASSED, RunnerTest.run(two, "linux-4.19").code());
        Run r = RunnerTest.run(two, "latest");
        assertEquals(Runner.SKIPPED, r.code());
        assertEquals("# t.mmu under latest\nSKIP under latest: the script says 'requires semantics"
                + " andrea-2008..linux-5.12'\n", r.out());
    }

    @Test
    void theMatrixShowsNotApplicableRowsAndCountsThem() {
        Matrix.Table t = Matrix.table(new Source("t.mmu", SCRIPT), Path.of("."),
                List.of("linux-4.13", "linux-4.14", "latest"));
        assertEquals(List.of("n/a", "ok", "n/a"), t.rows().stream().map(Matrix.Row::verdict).toList());
        assertEquals(Runner.PASSED, t.exitCode());
        assertEquals("# t.mmu under the chosen profiles\n"
                + "profile     year  verdict  violations  first\n"
                + "linux-4.13  2017  n/a      -           requires semantics linux-4.14..linux-4.19, linux-5.12\n"
                + "linux-4.14  2017  ok       none        -\n"
                + "latest      2024  n/a      -           requires semantics linux-4.14..linux-4.19, linux-5.12\n"
                + "3 profiles: 1 as expected, 0 not, 2 n/a\n", Matrix.render("t.mmu", t.rows(), false));
    }

    @Test
    void aMatrixWhereNoProfileAppliesIsSkipped() {
        StringWriter out = new StringWriter();
        int code = Matrix.run(new Source("t.mmu", SCRIPT), Path.of("."), List.of("latest"), new PrintWriter(out),
                new PrintWriter(new StringWriter()));
        assertEquals(Runner.SKIPPED, code);
    }

    @Test
    void aSkipNeverHidesAFailureOrAnError() {
        assertEquals(1, Runner.worst(1, 4));
        assertEquals(1, Runner.worst(4, 1));
        assertEquals(4, Runner.worst(0, 4));
        assertEquals(2, Runner.worst(4, 2));
        assertEquals(3, Runner.worst(3, 2));
        assertEquals(0, Runner.worst(0, 0));
    }
}
