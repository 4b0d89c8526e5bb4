package dev.mmuscript.semantics;

import java.util.ArrayList;
import java.util.List;

/**
 * The knobs of one kernel era. {@code lineage} is the profile's name followed by its ancestors' ({@code extends}),
 * which era conditions such as {@code if semantics linux-4.19..linux-5.12} are decided on.
 */
public record Semantics(String name, List<String> lineage, int year, String summary, String secondaryTlb,
        boolean rangeEndInvalidatesRange, boolean callbacksMaySleep, boolean rangeStartCanFail,
        String failedStartEnds, String oomReaper) {

    /** The starting point of a root profile: every knob unset is an error, so a root must set them all. */
    public static Semantics unset(String name) {
        return new Semantics(name, List.of(name), 0, "", null, false, false, false, null, null);
    }

    /** Returns this era with one knob changed; the value must already be valid for the knob. */
    public Semantics with(Knob knob, String v) {
        Semantics s = this;
        switch (knob) {
            case YEAR -> s = new Semantics(name, lineage, Integer.parseInt(v), summary, secondaryTlb,
                    rangeEndInvalidatesRange, callbacksMaySleep, rangeStartCanFail, failedStartEnds, oomReaper);
            case SUMMARY -> s = new Semantics(name, lineage, year, v, secondaryTlb, rangeEndInvalidatesRange,
                    callbacksMaySleep, rangeStartCanFail, failedStartEnds, oomReaper);
            case SECONDARY_TLB -> s = new Semantics(name, lineage, year, summary, v, rangeEndInvalidatesRange,
                    callbacksMaySleep, rangeStartCanFail, failedStartEnds, oomReaper);
            case RANGE_END_INVALIDATES_RANGE -> s = new Semantics(name, lineage, year, summary, secondaryTlb,
                    bool(v), callbacksMaySleep, rangeStartCanFail, failedStartEnds, oomReaper);
            case CALLBACKS_MAY_SLEEP -> s = new Semantics(name, lineage, year, summary, secondaryTlb,
                    rangeEndInvalidatesRange, bool(v), rangeStartCanFail, failedStartEnds, oomReaper);
            case RANGE_START_CAN_FAIL -> s = new Semantics(name, lineage, year, summary, secondaryTlb,
                    rangeEndInvalidatesRange, callbacksMaySleep, bool(v), failedStartEnds, oomReaper);
            case FAILED_START_ENDS -> s = new Semantics(name, lineage, year, summary, secondaryTlb,
                    rangeEndInvalidatesRange, callbacksMaySleep, rangeStartCanFail, v, oomReaper);
            case OOM_REAPER -> s = new Semantics(name, lineage, year, summary, secondaryTlb,
                    rangeEndInvalidatesRange, callbacksMaySleep, rangeStartCanFail, failedStartEnds, v);
            default -> throw new IllegalArgumentException(knob.key());
        }
        return s;
    }

    /** A child era: same knobs, a new name in front of the lineage. */
    public Semantics child(String childName) {
        List<String> l = new ArrayList<>();
        l.add(childName);
        l.addAll(lineage);
        return new Semantics(childName, List.copyOf(l), year, summary, secondaryTlb, rangeEndInvalidatesRange,
                callbacksMaySleep, rangeStartCanFail, failedStartEnds, oomReaper);
    }

    /** The knobs a root profile left unset. */
    public List<String> unsetKnobs() {
        List<String> out = new ArrayList<>();
        if (year == 0) {
            out.add(Knob.YEAR.key());
        }
        if (secondaryTlb == null) {
            out.add(Knob.SECONDARY_TLB.key());
        }
        if (failedStartEnds == null) {
            out.add(Knob.FAILED_START_ENDS.key());
        }
        if (oomReaper == null) {
            out.add(Knob.OOM_REAPER.key());
        }
        return out;
    }

    /** The value of a knob as scripts write it. */
    public String get(Knob knob) {
        return switch (knob) {
            case YEAR -> Integer.toString(year);
            case SUMMARY -> summary;
            case SECONDARY_TLB -> secondaryTlb;
            case RANGE_END_INVALIDATES_RANGE -> Boolean.toString(rangeEndInvalidatesRange);
            case CALLBACKS_MAY_SLEEP -> Boolean.toString(callbacksMaySleep);
            case RANGE_START_CAN_FAIL -> Boolean.toString(rangeStartCanFail);
            case FAILED_START_ENDS -> failedStartEnds;
            case OOM_REAPER -> oomReaper;
        };
    }

    /** Whether a value is one the knob takes; null when it is, else what was expected. */
    public static String check(Knob knob, String value, boolean isNumber, boolean isString) {
        if (knob == Knob.YEAR) {
            return isNumber ? null : "expected a year (a number)";
        }
        if (knob == Knob.SUMMARY) {
            return isString ? null : "expected a string";
        }
        if (!isNumber && !isString && knob.choices().contains(value)) {
            return null;
        }
        return "expected one of: " + String.join(", ", knob.choices());
    }

    private static boolean bool(String v) {
        return v.equals("true");
    }
}
