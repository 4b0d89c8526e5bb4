package dev.mmuscript.cli;

import dev.mmuscript.run.StepsReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mmu steps FILE}: the steps each thread of a script can take, for {@code run T until STEP}. */
@Command(name = "steps", mixinStandardHelpOptions = true,
        description = "List the steps each thread of a script can take, as 'run T until STEP' names them.")
final class StepsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the .mmu script")
    Path file;

    @Option(names = {"-s", "--semantics"}, paramLabel = "PROFILE",
            description = "list them under this profile instead of the script's 'semantics' line")
    String semantics;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return StepsReport.run(file, file.toString(), semantics, out, err);
    }
}
