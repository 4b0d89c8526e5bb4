package dev.mmuscript.engine;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The bounds of one run: at most {@code maxSteps} steps (each step of a kernel path or a handler, as
 * {@code --trace steps} prints them) and at most {@code timeout} of wall-clock time. {@link #step} is called for every
 * step announced and throws {@link BoundHit} when a bound is passed, so that no script runs forever.
 */
public final class Budget {
    /** Far above any example (the largest takes about a hundred steps). */
    public static final long DEFAULT_MAX_STEPS = 1_000_000;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** The worlds an explore without {@code max} visits at most. */
    public static final long DEFAULT_MAX_STATES = 100_000;
    /** After this long a run on a terminal shows its progress. */
    private static final long PROGRESS_AFTER_NANOS = 1_000_000_000L;
    private static final long PROGRESS_EVERY_NANOS = 250_000_000L;

    private final long maxSteps;
    private final Duration timeout;
    private final long startNanos;
    private final Consumer<String> progress;
    private long steps;
    private long nextProgress;
    private long maxStates = DEFAULT_MAX_STATES;
    private int maxDepth;
    private boolean reduce = true;
    private boolean everyKind;
    private Consumer<String> stats;

    private Budget(long maxSteps, Duration timeout, Consumer<String> progress) {
        this.maxSteps = maxSteps;
        this.timeout = timeout;
        this.progress = progress;
        this.startNanos = System.nanoTime();
        this.nextProgress = startNanos + PROGRESS_AFTER_NANOS;
    }

    /**
     * A budget whose clock starts now; {@code progress}, when not null, is given a one-line report about four times a
     * second once the run has taken a second.
     */
    public static Budget start(long maxSteps, Duration timeout, Consumer<String> progress) {
        return new Budget(maxSteps, timeout, progress);
    }

    /** No bound (the REPL, whose statements the user interrupts). */
    public static Budget unbounded() {
        return new Budget(Long.MAX_VALUE, null, null);
    }

    /** This budget, whose explores visit at most {@code states} worlds and (when not 0) {@code depth} steps deep. */
    public Budget exploring(long states, int depth) {
        maxStates = states;
        maxDepth = depth;
        return this;
    }

    /** This budget, whose explores use partial-order reduction or not ({@code --no-por}). */
    public Budget reducing(boolean on) {
        reduce = on;
        return this;
    }

    /** Whether explores fuse local steps and keep sleep sets (design §4.3); on unless turned off. */
    public boolean reduce() {
        return reduce;
    }

    /**
     * This budget, whose explores go on past a violation (not past the step that found it) and say every kind of
     * violation they found, with no schedule: for tests that compare searches.
     */
    public Budget findingEveryKind() {
        everyKind = true;
        return this;
    }

    /** This budget, which gives {@code line} a line of figures after each explore ({@code --stats}). */
    public Budget reportingStats(Consumer<String> line) {
        stats = line;
        return this;
    }

    /**
     * An explore ended: with {@code --stats}, its figures (not deterministic: they are for benchmarks, never in
     * the trace): worlds, transitions, time, worlds a second, bytes a world of the visited set (the frontier's
     * worlds not counted), the queue's peak.
     */
    public void searched(long states, long transitions, long nanos, double bytesPerState, int peakQueue,
            int searches) {
        if (stats != null) {
            double seconds = nanos / 1e9;
            stats.accept(String.format(java.util.Locale.ROOT, "explore: %d states, %d transitions in %.3f s: %.0f"
                    + " states/s, %.1f bytes a state in the visited set, queue at most %d, reduction %s"
                    + " (%d search%s); ended %.2f s after the JVM started", states, transitions, seconds,
                    states / Math.max(seconds, 1e-9), bytesPerState, peakQueue, reduce ? "on" : "off", searches,
                    searches == 1 ? "" : "es", sinceJvmStart()));
        }
    }

    /** Seconds since the JVM started (its start time, in milliseconds, as the JVM recorded it). */
    private static double sinceJvmStart() {
        long started = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        return (System.currentTimeMillis() - started) / 1e3;
    }

    /** Whether explores go on past violations; see {@link #findingEveryKind}. */
    public boolean everyKind() {
        return everyKind;
    }

    /** The worlds an explore without its own {@code max} may visit. */
    public long maxStates() {
        return maxStates;
    }

    /** How deep an explore may go (0: no bound but the states). */
    public int maxDepth() {
        return maxDepth;
    }

    /** Counts one step; throws {@link BoundHit} when the run has used its steps or its time. */
    public void step() {
        steps++;
        if (steps > maxSteps) {
            throw new BoundHit("the run took more than " + maxSteps + " steps (--max-steps " + maxSteps + ")");
        }
        if (timeout == null && progress == null) {
            return;
        }
        long now = System.nanoTime();
        if (timeout != null && now - startNanos > timeout.toNanos()) {
            throw new BoundHit("the run took longer than " + timeout.toSeconds() + " s (--timeout "
                    + timeout.toSeconds() + ")");
        }
        if (progress != null && now - nextProgress > 0) {
            nextProgress = now + PROGRESS_EVERY_NANOS;
            progress.accept(steps + " steps, " + (now - startNanos) / 1_000_000_000L + " s");
        }
    }

    /**
     * A search visiting worlds (the explorer): its transitions are not steps of the run, but its time is bounded
     * as a run's is, and its progress shown as TLC shows it: states, states a second, depth, queue.
     */
    public void exploring(long states, long transitions, int depth, int queue) {
        if (timeout == null && progress == null) {
            return;
        }
        long now = System.nanoTime();
        if (timeout != null && now - startNanos > timeout.toNanos()) {
            throw new BoundHit("the run took longer than " + timeout.toSeconds() + " s (--timeout "
                    + timeout.toSeconds() + ") while exploring, after " + states + " states");
        }
        if (progress != null && now - nextProgress > 0) {
            nextProgress = now + PROGRESS_EVERY_NANOS;
            long seconds = Math.max(1, (now - startNanos) / 1_000_000_000L);
            progress.accept("exploring: " + states + " states, " + states / seconds + " states/s, depth " + depth
                    + ", queue " + queue);
        }
    }

    public long steps() {
        return steps;
    }

    /** Whether a progress line was shown (the caller then clears it). */
    public boolean showedProgress() {
        return progress != null && nextProgress != startNanos + PROGRESS_AFTER_NANOS;
    }

    /** A run bound was hit: the run stops where it is (exit code 5). */
    public static final class BoundHit extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BoundHit(String message) {
            super(message, null, false, false);
        }
    }
}
