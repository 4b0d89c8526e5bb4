package dev.mmuscript.semantics;

import java.util.Locale;

/**
 * The values of the knob {@code secondary_tlb}: the callback that follows a CPU TLB flush.
 * A {@code switch} over them is exhaustive.
 */
public enum SecondaryTlb {
    NONE,
    INVALIDATE_RANGE,
    ARCH_INVALIDATE_SECONDARY_TLBS;

    /** The value as scripts and profiles write it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value a profile wrote; the checker has already refused any other. */
    public static SecondaryTlb of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
