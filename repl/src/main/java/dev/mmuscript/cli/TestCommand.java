package dev.mmuscript.cli;

import dev.mmuscript.run.Bounds;
import dev.mmuscript.run.Golden;
import dev.mmuscript.run.JUnitReport;
import dev.mmuscript.run.SideBySide;
import dev.mmuscript.run.TapReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mmu test [DIR|FILE...]}: golden comparison of each NAME.mmu with NAME.out or NAME.err, of its matrix with
 * NAME.matrix.out, of its steps trace with NAME.steps.out and of its --timeline picture with NAME.timeline.svg where
 * those exist; one line per test with its verdict
 * (or TAP with {@code --tap}), and JUnit XML with {@code --junit FILE}.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Compare each script's trace with its golden file (NAME.out, or NAME.err for a script that"
                + " must not run), its matrix (mmu matrix) with NAME.matrix.out, its --trace steps trace with"
                + " NAME.steps.out and its --timeline picture with NAME.timeline.svg where those files exist. Each"
                + " test's line says ok, FAIL or SKIP; the last line"
                + " counts them.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every test passed or was skipped", "1:some test failed (or --update wrote a golden)",
            "2:bad arguments: no such path, a golden file given as a script, a folder without scripts, or a"
                    + " --junit file that cannot be written"})
final class TestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "scripts or directories (default: examples)")
    List<Path> paths;

    @Option(names = "--update", description = "rewrite the golden files that differ (or are missing), name each one,"
            + " and fail: review the change with git diff")
    boolean update;

    @Option(names = "--matrix", description = "also check the matrix of every script that has no NAME.matrix.out yet"
            + " (except those with a NAME.err): a missing one fails, and --update writes it")
    boolean matrix;

    @Option(names = "--tap", description = "print the results as TAP version 14 (KTAP-compatible) instead of lines")
    boolean tap;

    @Option(names = "--junit", paramLabel = "FILE", description = "also write the results to FILE as JUnit XML")
    Path junit;

    @Mixin
    ThreadsOption threads;

    /** One test to run: a script and the kind of golden it is checked against. */
    private record Test(Path script, Golden.Kind kind) {
    }

    @Mixin
    BoundsOptions boundsOptions;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Bounds bounds = boundsOptions.bounds(false, err);
        if (bounds == null || !threads.valid(err)) {
            return 2;
        }
        List<Path> roots = paths == null || paths.isEmpty() ? List.of(Path.of("examples")) : paths;
        for (Path r : roots) {
            String refusal = Golden.refusal(r);
            if (refusal != null) {
                err.println("mmu: error: " + refusal);
                return 2;
            }
        }
        List<Test> tests = new ArrayList<>();
        for (Path script : Golden.scripts(roots)) {
            Golden.kinds(script, matrix).forEach(k -> tests.add(new Test(script, k)));
        }
        TapReport tapReport = tap ? new TapReport(out) : null;
        if (tap) {
            tapReport.plan(tests.size());
        }
        List<java.util.function.Supplier<Golden.Result>> checks = new ArrayList<>();
        for (Test t : tests) {
            checks.add(() -> Golden.check(t.script(), t.kind(), update, bounds));
        }
        List<Golden.Result> results = new ArrayList<>();
        SideBySide.inOrder(checks, threads.count, r -> {
            results.add(r);
            if (tap) {
                tapReport.result(r);
            } else {
                print(out, r);
            }
        });
        String counts = counts(results);
        if (tap) {
            tapReport.counts(counts);
        } else {
            out.println(counts);
        }
        out.flush();
        if (junit != null && !writeJunit(results, err)) {
            return 2;
        }
        return results.stream().anyMatch(r -> r.status() == Golden.Status.FAIL) ? 1 : 0;
    }

    /** {@code ok    NAME}, {@code FAIL  NAME} and why, or {@code SKIP  NAME: reason}. */
    private static void print(PrintWriter out, Golden.Result r) {
        String word = String.format("%-6s", r.status().word());
        if (r.status() == Golden.Status.SKIP) {
            out.println(word + r.name() + ": " + r.message());
            return;
        }
        out.println(word + r.name());
        if (!r.message().isEmpty()) {
            out.print(r.message().endsWith("\n") ? r.message() : r.message() + "\n");
        }
        r.notes().forEach(out::println);
    }

    /** {@code N passed, N failed}, and {@code , N skipped} when some were. */
    static String counts(List<Golden.Result> results) {
        long passed = results.stream().filter(Golden.Result::passed).count();
        long skipped = results.stream().filter(r -> r.status() == Golden.Status.SKIP).count();
        long failed = results.size() - passed - skipped;
        return passed + " passed, " + failed + " failed" + (skipped == 0 ? "" : ", " + skipped + " skipped");
    }

    /** Writes the JUnit XML; false (and a message) when the file cannot be written. */
    private boolean writeJunit(List<Golden.Result> results, PrintWriter err) {
        String problem = JUnitReport.write(junit, "mmu test", results);
        if (problem != null) {
            err.println("mmu: error: " + problem);
        }
        return problem == null;
    }
}
