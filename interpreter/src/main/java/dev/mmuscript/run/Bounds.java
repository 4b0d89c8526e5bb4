package dev.mmuscript.run;

import dev.mmuscript.engine.Budget;
import java.time.Duration;

/**
 * The bounds of each run of a script ({@code --max-steps}, {@code --timeout}) and whether to show progress on a
 * terminal; {@link #budget} starts the clock.
 */
public record Bounds(long maxSteps, Duration timeout, boolean progress) {
    public static final Bounds DEFAULT = new Bounds(Budget.DEFAULT_MAX_STEPS, Budget.DEFAULT_TIMEOUT, false);

    /** A fresh budget for one run; progress lines, when wanted, go to {@code progressLine}. */
    Budget budget(java.util.function.Consumer<String> progressLine) {
        return Budget.start(maxSteps, timeout, progress ? progressLine : null);
    }
}
