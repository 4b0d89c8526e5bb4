package dev.mmuscript.semantics;

import java.util.Locale;

/**
 * The values of the knob {@code rmap_notify}: where try_to_unmap_one and page_mkclean_one notify.
 * A {@code switch} over them is exhaustive.
 */
public enum RmapNotify {
    PAGE_BEFORE_CLEAR,
    PAGE_CLEAR_FLUSH_NOTIFY,
    PAGE_UNDER_PTL,
    PAGE_AFTER_UNLOCK,
    RANGE_AFTER_WALK,
    START_END;

    /** The value as scripts and profiles write it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value a profile wrote; the checker has already refused any other. */
    public static RmapNotify of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
