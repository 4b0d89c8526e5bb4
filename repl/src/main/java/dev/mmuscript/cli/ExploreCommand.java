package dev.mmuscript.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mmu explore FILE...}: runs scripts for their {@code explore} statements, as {@code mmu run} does, with
 * the search's bounds as options; a script with no {@code explore} is an error (its schedules are replayed by
 * {@code mmu run}).
 */
@Command(name = "explore", mixinStandardHelpOptions = true,
        description = "Run scripts for their 'explore' statements: every interleaving of the threads each names.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every explore found what the script expects", "1:an explore found a violation the"
                + " script does not expect, or did not find one it does", "2:a script could not run, or has no"
                + " explore", "3:internal error, or the output could not be written",
                "5:a run bound was hit (--max-steps, --timeout)", "6:unknown: an explore stopped at its bound"
                + " (--max-states, --max-depth, max N) before it could find a violation or prove there is none"})
final class ExploreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "the .mmu scripts to explore")
    java.util.List<java.nio.file.Path> files;

    @Mixin
    TraceOptions trace;

    @Mixin
    BoundsOptions boundsOptions;

    @Override
    public Integer call() {
        return trace.runAll(spec, files, boundsOptions, true);
    }
}
