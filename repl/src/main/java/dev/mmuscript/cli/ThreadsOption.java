package dev.mmuscript.cli;

import dev.mmuscript.run.SideBySide;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code --threads N}, shared by the commands that run several scripts, tests or profiles ({@link SideBySide}). */
final class ThreadsOption {
    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "run up to N scripts, tests or profiles at once (no more than the machine's cores), each"
                    + " on a thread of its own; what is printed, in order, and the exit code are as without it"
                    + " (default: ${DEFAULT-VALUE}). One explore's search runs on one thread")
    int count;

    /** Whether the count is one --threads takes; if not, says so on {@code err}. */
    boolean valid(PrintWriter err) {
        return SideBySide.valid(count, err);
    }
}
