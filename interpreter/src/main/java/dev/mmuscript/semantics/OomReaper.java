package dev.mmuscript.semantics;

import java.util.Locale;

/**
 * The values of the knob {@code oom_reaper}: what the OOM reaper does with notifiers.
 * A {@code switch} over them is exhaustive.
 */
public enum OomReaper {
    NONE,
    NO_NOTIFIERS,
    SKIP_IF_NOTIFIERS,
    SKIP_IF_BLOCKABLE,
    NONBLOCKING_START;

    /** The value as scripts and profiles write it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value a profile wrote; the checker has already refused any other. */
    public static OomReaper of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
