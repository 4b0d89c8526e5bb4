package dev.mmuscript.run;

import dev.mmuscript.report.Format;
import dev.mmuscript.report.TextReport;

/**
 * The options of one run, collapsed from the command line: trace level, a semantics override (or null), and the
 * output format.
 */
public record Options(TextReport.Level level, String semantics, Format format) {
    public static final Options DEFAULT = new Options(TextReport.Level.EVENTS, null);

    /** A run printed as text. */
    public Options(TextReport.Level level, String semantics) {
        this(level, semantics, Format.TEXT);
    }
}
