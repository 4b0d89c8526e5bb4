package dev.mmuscript.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Each enum of knob values names exactly the values the checker accepts for its knob, in the same order. */
class KnobValuesTest {
    private static List<String> keys(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
    }

    @Test
    void everyEnumMatchesItsKnob() {
        assertEquals(Knob.RMAP_NOTIFY.choices(), keys(RmapNotify.values()));
        assertEquals(Knob.COW_NOTIFY.choices(), keys(CowNotify.values()));
        assertEquals(Knob.CHANGE_PTE.choices(), keys(ChangePte.values()));
        assertEquals(Knob.SECONDARY_TLB.choices(), keys(SecondaryTlb.values()));
        assertEquals(Knob.FAILED_START_ENDS.choices(), keys(FailedStartEnds.values()));
        assertEquals(Knob.OOM_REAPER.choices(), keys(OomReaper.values()));
    }

    @Test
    void aValueReadsBackAsItIsWritten() {
        for (RmapNotify v : RmapNotify.values()) {
            assertEquals(v, RmapNotify.of(v.key()));
        }
        assertEquals(OomReaper.NONBLOCKING_START, OomReaper.of("nonblocking_start"));
    }
}
