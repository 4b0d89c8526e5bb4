package dev.mmuscript.semantics;

import java.util.Locale;

/**
 * The values of the knob {@code cow_notify}: where do_wp_page's copy notifies.
 * A {@code switch} over them is exhaustive.
 */
public enum CowNotify {
    PAGE_BEFORE_CLEAR,
    PAGE_UNDER_PTL,
    PAGE_AFTER_UNLOCK,
    CHANGE_PTE_UNDER_PTL,
    START_END;

    /** The value as scripts and profiles write it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value a profile wrote; the checker has already refused any other. */
    public static CowNotify of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
