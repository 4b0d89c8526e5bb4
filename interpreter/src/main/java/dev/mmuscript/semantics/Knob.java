package dev.mmuscript.semantics;

import java.util.List;

/**
 * The knobs a profile sets: for each, its name in scripts, the values it takes and what it means. The kernel
 * paths read them through {@link Semantics}.
 */
public enum Knob {
    YEAR("year", List.of(), "the year the era began (a number)"),
    SUMMARY("summary", List.of(), "one line saying what the era changed (a string)"),
    SECONDARY_TLB("secondary_tlb", List.of("none", "invalidate_range", "arch_invalidate_secondary_tlbs"),
            "the callback for TLBs that share the CPU page tables, called right after the CPU TLB flush and"
                    + " before the pages are freed: none before 3.19, invalidate_range from 3.19,"
                    + " arch_invalidate_secondary_tlbs from 6.6"),
    RANGE_END_INVALIDATES_RANGE("range_end_invalidates_range", List.of("true", "false"),
            "whether invalidate_range_end also calls the notifier's invalidate_range (3.19 to 6.5)"),
    CALLBACKS_MAY_SLEEP("callbacks_may_sleep", List.of("true", "false"),
            "whether range_start/range_end may sleep in blockable context (SRCU, 3.7 on)"),
    RANGE_START_CAN_FAIL("range_start_can_fail", List.of("true", "false"),
            "whether a non-blocking invalidate_range_start may return EAGAIN (4.19 on)"),
    FAILED_START_ENDS("failed_start_ends", List.of("none", "all"),
            "when a non-blocking start fails: none = no notifier gets range_end (4.19 to 5.11), all = every"
                    + " notifier with range_end gets it (5.12 on)"),
    OOM_REAPER("oom_reaper", List.of("none", "no_notifiers", "skip_if_notifiers", "nonblocking_start"),
            "what the OOM reaper does: none = no reaper (before 4.6), no_notifiers = unmaps without calling any"
                    + " notifier (4.6 to 4.13), skip_if_notifiers = leaves an mm with notifiers alone (4.14),"
                    + " nonblocking_start = non-blocking range_start around each VMA, skipping the VMA on EAGAIN"
                    + " (4.19 on)");

    private final String key;
    private final List<String> choices;
    private final String doc;

    Knob(String key, List<String> values, String doc) {
        this.key = key;
        this.choices = values;
        this.doc = doc;
    }

    public String key() {
        return key;
    }

    /** The values an enumerated or boolean knob takes; empty for numbers and strings. */
    public List<String> choices() {
        return choices;
    }

    public String doc() {
        return doc;
    }

    public static Knob byKey(String key) {
        for (Knob k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        return null;
    }

    public static List<String> keys() {
        return java.util.Arrays.stream(values()).map(Knob::key).toList();
    }
}
