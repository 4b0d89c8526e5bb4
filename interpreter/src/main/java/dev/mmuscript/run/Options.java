package dev.mmuscript.run;

import dev.mmuscript.report.Format;
import dev.mmuscript.report.TextReport;

/**
 * The options of one run, collapsed from the command line: trace level, a semantics override (or null), the
 * output format and the run's bounds, and whether the script must explore ({@code mmu explore}: one without an
 * {@code explore} statement is refused once loaded).
 */
public record Options(TextReport.Level level, String semantics, Format format, Bounds bounds, boolean exploresOnly) {
    public static final Options DEFAULT = new Options(TextReport.Level.EVENTS, null);

    public Options(TextReport.Level level, String semantics, Format format, Bounds bounds) {
        this(level, semantics, format, bounds, false);
    }

    /** These options, for a script that must explore. */
    public Options exploring() {
        return new Options(level, semantics, format, bounds, true);
    }

    /** A run printed as text, with the default bounds. */
    public Options(TextReport.Level level, String semantics) {
        this(level, semantics, Format.TEXT, Bounds.DEFAULT);
    }

    /** A run printed in {@code format}, with the default bounds. */
    public Options(TextReport.Level level, String semantics, Format format) {
        this(level, semantics, format, Bounds.DEFAULT);
    }

    /** A run printed as text, within {@code bounds}. */
    public Options(TextReport.Level level, String semantics, Bounds bounds) {
        this(level, semantics, Format.TEXT, bounds);
    }
}
