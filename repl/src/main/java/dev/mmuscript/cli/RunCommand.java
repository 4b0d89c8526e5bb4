package dev.mmuscript.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mmu run FILE...}: prints each script's trace and verdict; the exit code is the worst of them. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run scripts and print their traces.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every assertion and expectation held", "1:an assertion failed or a violation was not"
                + " expected", "2:the script could not run (bad input)", "3:internal error, or the output could not"
                + " be written", "5:a run bound was hit (--max-steps, --timeout)", "6:unknown: an explore stopped at its bound (max N)"
                + " before it could find a violation or prove there is none"})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "the .mmu scripts to run")
    List<Path> files;

    @Mixin
    TraceOptions trace;

    @Mixin
    BoundsOptions boundsOptions;

    @Override
    public Integer call() {
        return trace.runAll(spec, files, boundsOptions, false);
    }
}
