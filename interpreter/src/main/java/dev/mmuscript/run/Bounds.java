package dev.mmuscript.run;

import dev.mmuscript.engine.Budget;
import java.time.Duration;

/**
 * The bounds of each run of a script ({@code --max-steps}, {@code --timeout}; for an {@code explore} without its
 * own {@code max}, {@code --max-states}, and {@code --max-depth}, 0 for none), whether explores use partial-order
 * reduction (not with {@code --no-por}) and print their figures ({@code --stats}), whether to show progress
 * on a terminal, and whether a warning no {@code expect warning} covers fails the run ({@code --werror});
 * {@link #budget} starts the clock.
 */
public record Bounds(long maxSteps, Duration timeout, boolean progress, long maxStates, int maxDepth,
        boolean reduce, boolean stats, boolean werror) {
    public static final Bounds DEFAULT = new Bounds(Budget.DEFAULT_MAX_STEPS, Budget.DEFAULT_TIMEOUT, false);

    /** The default bounds of an explore. */
    public Bounds(long maxSteps, Duration timeout, boolean progress) {
        this(maxSteps, timeout, progress, Budget.DEFAULT_MAX_STATES, 0, true, false, false);
    }

    /** The same bounds with no progress line (runs side by side cannot share the terminal's line). */
    public Bounds withoutProgress() {
        return new Bounds(maxSteps, timeout, false, maxStates, maxDepth, reduce, stats, werror);
    }

    /** The verdict of a run within these bounds: with {@code --werror}, its unexpected warnings fail it. */
    public dev.mmuscript.engine.Verdict judge(dev.mmuscript.engine.Verdict v) {
        return werror ? v.werror() : v;
    }

    /**
     * A fresh budget for one run; progress lines, when wanted, go to {@code progressLine}, an explore's figures
     * ({@code --stats}) to {@code statsLine}.
     */
    Budget budget(java.util.function.Consumer<String> progressLine, java.util.function.Consumer<String> statsLine) {
        return Budget.start(maxSteps, timeout, progress ? progressLine : null).exploring(maxStates, maxDepth)
                .reducing(reduce).reportingStats(stats ? statsLine : null);
    }
}
