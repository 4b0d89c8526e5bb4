package dev.mmuscript.semantics;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The knobs of one kernel era. {@code lineage} is the profile's name followed by its ancestors' ({@code extends}),
 * which era conditions such as {@code if semantics linux-4.19..linux-5.12} are decided on. {@code setBy} says,
 * for each knob, which profile of the lineage (or script {@code set}) gave it its value.
 */
public final class Semantics {
    private final String name;
    private final List<String> lineage;
    private final EnumMap<Knob, String> values;
    private final EnumMap<Knob, String> setBy;

    private Semantics(String name, List<String> lineage, EnumMap<Knob, String> values, EnumMap<Knob, String> setBy) {
        this.name = name;
        this.lineage = List.copyOf(lineage);
        this.values = values;
        this.setBy = setBy;
    }

    /** The starting point of a root profile: every knob unset is an error, so a root must set them all. */
    public static Semantics unset(String name) {
        return new Semantics(name, List.of(name), new EnumMap<>(Knob.class), new EnumMap<>(Knob.class));
    }

    /** Returns this era with one knob changed; the value must already be valid for the knob. */
    public Semantics with(Knob knob, String v) {
        return with(knob, v, name);
    }

    /** As {@link #with(Knob, String)}, recording who set it (a profile name, or "set" for a script's override). */
    public Semantics with(Knob knob, String v, String by) {
        EnumMap<Knob, String> vals = new EnumMap<>(Knob.class);
        vals.putAll(values);
        vals.put(knob, v);
        EnumMap<Knob, String> who = new EnumMap<>(Knob.class);
        who.putAll(setBy);
        who.put(knob, by);
        return new Semantics(name, lineage, vals, who);
    }

    /** A child era: same knobs, a new name in front of the lineage. */
    public Semantics child(String childName) {
        List<String> l = new ArrayList<>();
        l.add(childName);
        l.addAll(lineage);
        return new Semantics(childName, l, values, setBy);
    }

    public String name() {
        return name;
    }

    public List<String> lineage() {
        return lineage;
    }

    /** The knobs a root profile left unset (the summary may be empty). */
    public List<String> unsetKnobs() {
        List<String> out = new ArrayList<>();
        for (Knob k : Knob.values()) {
            if (k != Knob.SUMMARY && !values.containsKey(k)) {
                out.add(k.key());
            }
        }
        return out;
    }

    /** The value of a knob as scripts write it. */
    public String get(Knob knob) {
        String v = values.get(knob);
        return v == null ? (knob == Knob.SUMMARY ? "" : null) : v;
    }

    /** Which profile (or "set") gave the knob its value. */
    public String setBy(Knob knob) {
        return setBy.get(knob);
    }

    public Map<Knob, String> values() {
        return java.util.Collections.unmodifiableMap(values);
    }

    private boolean flag(Knob k) {
        return "true".equals(values.get(k));
    }

    public int year() {
        String y = values.get(Knob.YEAR);
        return y == null ? 0 : Integer.parseInt(y.replace("_", ""));
    }

    public String summary() {
        return get(Knob.SUMMARY);
    }

    public RmapNotify rmapNotify() {
        return RmapNotify.of(get(Knob.RMAP_NOTIFY));
    }

    public CowNotify cowNotify() {
        return CowNotify.of(get(Knob.COW_NOTIFY));
    }

    public ChangePte changePte() {
        return ChangePte.of(get(Knob.CHANGE_PTE));
    }

    public SecondaryTlb secondaryTlb() {
        return SecondaryTlb.of(get(Knob.SECONDARY_TLB));
    }

    public boolean rangeEndInvalidatesRange() {
        return flag(Knob.RANGE_END_INVALIDATES_RANGE);
    }

    public boolean callbacksMaySleep() {
        return flag(Knob.CALLBACKS_MAY_SLEEP);
    }

    public boolean rangeStartCanFail() {
        return flag(Knob.RANGE_START_CAN_FAIL);
    }

    public FailedStartEnds failedStartEnds() {
        return FailedStartEnds.of(get(Knob.FAILED_START_ENDS));
    }

    public OomReaper oomReaper() {
        return OomReaper.of(get(Knob.OOM_REAPER));
    }

    public boolean intervalNotifiers() {
        return flag(Knob.INTERVAL_NOTIFIERS);
    }

    public boolean deferredFlush() {
        return flag(Knob.DEFERRED_FLUSH);
    }

    /** 4.13's tlb_flush_pending count of zaps and the forced flush of a nested one (mm_tlb_flush_nested). */
    public boolean nestedFlush() {
        return flag(Knob.NESTED_FLUSH);
    }

    /** The pages a zap's mmu_gather holds before zap_pte_range flushes and frees them (force_flush). */
    public int tlbBatch() {
        return Integer.parseInt(get(Knob.TLB_BATCH).replace("_", ""));
    }

    /** zap_pte_range's force_flush for a dirty PTE of a page-cache page (3.15 on, 1cf35d47712d). */
    public boolean dirtyFileFlush() {
        return flag(Knob.DIRTY_FILE_FLUSH);
    }

    /** Whether the architecture's tlb_end_vma is the asm-generic one (arm64, generic), not x86's no-op. */
    public boolean genericTlbEndVma() {
        return !"x86".equals(get(Knob.ARCH));
    }

    /** 4.19's tlb_end_vma calls tlb_flush_mmu_tlbonly (and so invalidate_range) instead of resetting the range. */
    public boolean tlbEndVmaNotifies() {
        return "flush_mmu_tlbonly".equals(get(Knob.TLB_END_VMA));
    }

    /** mprotect's flush_tlb_range after range_end (3.15 on, a5338093bfb4), not before it. */
    public boolean mprotectFlushesAfterEnd() {
        return "after_range_end".equals(get(Knob.MPROTECT_FLUSH));
    }

    /** file_remap = do_mmap: the 4.0 emulation by a MAP_FIXED do_mmap_pgoff (c8d78c1823f4). */
    public boolean remapByDoMmap() {
        return "do_mmap".equals(get(Knob.REMAP_FILE_PAGES));
    }

    /**
     * The callbacks the kernel calls in this era, in the order of {@code struct mmu_notifier_ops}, derived from the
     * knobs (clear_young and test_young are not modelled).
     */
    public List<String> callbacks() {
        List<String> out = new ArrayList<>();
        out.add("release");
        out.add("clear_flush_young");
        if (changePte() != ChangePte.NONE) {
            out.add("change_pte");
        }
        if (rmapNotify().key().startsWith("page_") || cowNotify().key().startsWith("page_")) {
            out.add("invalidate_page");
        }
        out.add("invalidate_range_start");
        out.add("invalidate_range_end");
        if (secondaryTlb() != SecondaryTlb.NONE || rmapNotify() == RmapNotify.RANGE_AFTER_WALK) {
            out.add(secondaryTlb() == SecondaryTlb.ARCH_INVALIDATE_SECONDARY_TLBS ? "arch_invalidate_secondary_tlbs"
                    : "invalidate_range");
        }
        if (intervalNotifiers()) {
            out.add("invalidate (interval notifier)");
        }
        return out;
    }

    /** Whether a value is one the knob takes; null when it is, else what was expected. */
    public static String check(Knob knob, String value, boolean isNumber, boolean isString) {
        if (knob == Knob.YEAR) {
            return isNumber && value.length() <= 4 ? null : "expected a year (a number from 0 to 9999)";
        }
        if (knob == Knob.TLB_BATCH) {
            String digits = value.replace("_", "");
            return isNumber && digits.matches("[0-9]{1,6}") && Integer.parseInt(digits) >= 1
                    ? null : "expected a number of pages from 1 to 999999";
        }
        if (knob == Knob.SUMMARY) {
            return isString ? null : "expected a string";
        }
        if (!isNumber && !isString && knob.choices().contains(value)) {
            return null;
        }
        return "expected one of: " + String.join(", ", knob.choices());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Semantics s && s.name.equals(name) && s.lineage.equals(lineage) && s.values.equals(values);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + values.hashCode();
    }

    @Override
    public String toString() {
        return name + values;
    }
}
