package dev.mmuscript.cli;

import dev.mmuscript.run.Bounds;
import dev.mmuscript.run.Matrix;
import dev.mmuscript.run.Runner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mmu matrix FILE...}: each script under every profile, one table each; the exit code is the worst. */
@Command(name = "matrix", mixinStandardHelpOptions = true,
        description = "Run each script under every semantics profile, oldest era first (its own 'semantics' line"
                + " is overridden), and print one row per profile: the year, whether the run met the script's"
                + " expectations for that profile (ok or FAIL), the violations found (unexpected, expected, not"
                + " seen), and the first failure or else the first violation. A profile that the script's 'requires"
                + " semantics' does not select is not run: its row says n/a.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every row met the script's expectations for its profile",
            "1:some row did not (a row whose run hit --max-steps or --timeout fails and says so)",
            "2:a script could not run (bad input)", "3:internal error, or the output could not be written",
            "4:no row applies: the script's 'requires semantics' selects none of the profiles (every row n/a)"})
final class MatrixCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "the .mmu scripts to run")
    List<Path> files;

    @Option(names = {"-p", "--profiles"}, paramLabel = "PROFILE", split = ",",
            description = "run only under these profiles, in this order (default: every stdlib profile, oldest"
                    + " first); the script's own profiles may be named too")
    List<String> profiles;

    @Mixin
    ThreadsOption threads;

    @Mixin
    BoundsOptions boundsOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Bounds bounds = boundsOptions.bounds(false, err);
        if (bounds == null || !threads.valid(err)) {
            return 2;
        }
        int worst = 0;
        boolean printed = false;
        for (Path f : files) {
            // One table per script, a blank line between tables; a script that cannot run prints no table.
            StringWriter table = new StringWriter();
            int code = Matrix.run(f, f.toString(), profiles, bounds, threads.count, new PrintWriter(table), err);
            if (!table.toString().isEmpty()) {
                if (printed) {
                    out.println();
                }
                out.print(table);
                printed = true;
            }
            worst = Runner.worst(worst, code);
        }
        out.flush();
        return worst;
    }
}
