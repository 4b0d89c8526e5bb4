package dev.mmuscript.cli;

import dev.mmuscript.engine.Budget;
import dev.mmuscript.run.Bounds;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code --max-steps}, {@code --timeout}, {@code --max-states}, {@code --max-depth}, {@code --no-por},
 * {@code --stats} and {@code --werror}, shared by the commands that run scripts.
 */
final class BoundsOptions {
    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "" + Budget.DEFAULT_MAX_STEPS,
            description = "stop a run after N steps of kernel paths and handlers, exit code 5 (default: ${DEFAULT-VALUE})")
    long maxSteps;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "stop a run after SECONDS seconds, exit code 5 (default: ${DEFAULT-VALUE})")
    long timeout;

    @Option(names = "--max-states", paramLabel = "N", defaultValue = "" + Budget.DEFAULT_MAX_STATES,
            description = "an explore without its own 'max' visits at most N worlds, then says UNKNOWN, exit code 6"
                    + " (default: ${DEFAULT-VALUE})")
    long maxStates;

    @Option(names = "--max-depth", paramLabel = "D", defaultValue = "0",
            description = "an explore goes at most D moves deep (a move: the steps reduction runs at once, one"
                    + " step with --no-por), then says UNKNOWN, exit code 6 (default: 0, no bound but the states)")
    int maxDepth;

    @Option(names = "--no-por", description = "explore every interleaving without partial-order reduction (no fused"
            + " local steps, no sleep sets): slower, for checking the reduction")
    boolean noPor;

    @Option(names = "--stats", description = "after each explore, print its figures on stderr: states, transitions,"
            + " seconds, states per second, bytes a state in the visited set, the queue's peak, and when it ended,"
            + " counted from the JVM's start")
    boolean stats;

    @Option(names = "--werror", description = "a warning the kernel would print (a WARN_ON) or a handler earns fails"
            + " the run, exit code 1, unless an 'expect warning' covers it")
    boolean werror;

    /** The bounds, or null after saying on {@code err} what is wrong with them. */
    Bounds bounds(boolean progress, java.io.PrintWriter err) {
        if (maxSteps < 1) {
            err.println("mmu: error: --max-steps must be at least 1, not " + maxSteps);
            return null;
        }
        if (timeout < 1 || timeout > 86_400) {
            err.println("mmu: error: --timeout must be from 1 to 86400 seconds, not " + timeout);
            return null;
        }
        if (maxStates < 1 || maxStates > 100_000_000) {
            err.println("mmu: error: --max-states must be from 1 to 100000000, not " + maxStates);
            return null;
        }
        if (maxDepth < 0) {
            err.println("mmu: error: --max-depth must be at least 0, not " + maxDepth);
            return null;
        }
        return new Bounds(maxSteps, Duration.ofSeconds(timeout), progress, maxStates, maxDepth, !noPor, stats,
                werror);
    }
}
