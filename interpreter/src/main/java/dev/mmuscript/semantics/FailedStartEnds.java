package dev.mmuscript.semantics;

import java.util.Locale;

/**
 * The values of the knob {@code failed_start_ends}: which notifiers get range_end after a failed non-blocking start.
 * A {@code switch} over them is exhaustive.
 */
public enum FailedStartEnds {
    NONE,
    ALL;

    /** The value as scripts and profiles write it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value a profile wrote; the checker has already refused any other. */
    public static FailedStartEnds of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
