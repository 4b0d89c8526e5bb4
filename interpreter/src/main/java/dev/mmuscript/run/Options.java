package dev.mmuscript.run;

import dev.mmuscript.report.TextReport;

/** The options of one run, collapsed from the command line: trace level and a semantics override (or null). */
public record Options(TextReport.Level level, String semantics) {
    public static final Options DEFAULT = new Options(TextReport.Level.EVENTS, null);
}
