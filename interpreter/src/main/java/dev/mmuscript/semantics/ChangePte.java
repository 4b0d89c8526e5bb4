package dev.mmuscript.semantics;

import java.util.Locale;

/**
 * The values of the knob {@code change_pte}: what set_pte_at_notify calls.
 * A {@code switch} over them is exhaustive.
 */
public enum ChangePte {
    NONE,
    FALLBACK_INVALIDATE_PAGE,
    INSIDE_START_END;

    /** The value as scripts and profiles write it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value a profile wrote; the checker has already refused any other. */
    public static ChangePte of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
