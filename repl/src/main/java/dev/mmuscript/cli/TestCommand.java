package dev.mmuscript.cli;

import dev.mmuscript.run.Golden;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mmu test [DIR|FILE...]}: golden comparison of each NAME.mmu with NAME.out or NAME.err, and of its matrix
 * with NAME.matrix.out where that exists (or for every script that runs, with {@code --matrix}).
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Compare each script's trace with its golden file (NAME.out, or NAME.err for a script that"
                + " must not run), its matrix (mmu matrix) with NAME.matrix.out and its --trace steps trace with NAME.steps.out where"
                + " those files exist.")
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

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> roots = paths == null || paths.isEmpty() ? List.of(Path.of("examples")) : paths;
        for (Path r : roots) {
            if (!Files.exists(r)) {
                err.println("mmu: error: no such file or directory: " + r);
                return 2;
            }
        }
        int passed = 0;
        int failed = 0;
        for (Path script : Golden.scripts(roots)) {
            List<Golden.Result> results = new ArrayList<>();
            results.add(Golden.check(script, update));
            List<String> kinds = new ArrayList<>(List.of(""));
            if (Files.exists(Golden.goldenMatrix(script))
                    || matrix && !Files.exists(Golden.goldenErr(script))) {
                results.add(Golden.checkMatrix(script, update));
                kinds.add(" (matrix)");
            }
            if (Files.exists(Golden.goldenSteps(script))) {
                results.add(Golden.checkSteps(script, update));
                kinds.add(" (steps)");
            }
            for (int i = 0; i < results.size(); i++) {
                Golden.Result r = results.get(i);
                String name = script + kinds.get(i);
                if (r.passed()) {
                    passed++;
                    out.println("ok    " + name);
                    continue;
                }
                failed++;
                out.println("FAIL  " + name);
                if (!r.message().isEmpty()) {
                    out.print(r.message().endsWith("\n") ? r.message() : r.message() + "\n");
                }
                if (r.written() != null) {
                    out.println("updated " + r.written());
                }
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        return failed == 0 ? 0 : 1;
    }
}
