package dev.mmuscript.run;

import dev.mmuscript.report.TextReport;

/**
 * The options of one run, collapsed from the command line: trace level, a semantics override (or null), and the
 * run's bounds.
 */
public record Options(TextReport.Level level, String semantics, Bounds bounds) {
    public static final Options DEFAULT = new Options(TextReport.Level.EVENTS, null);

    /** With the default bounds. */
    public Options(TextReport.Level level, String semantics) {
        this(level, semantics, Bounds.DEFAULT);
    }
}
