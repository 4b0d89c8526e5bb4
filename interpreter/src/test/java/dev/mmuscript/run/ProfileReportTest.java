package dev.mmuscript.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.semantics.Knob;
import dev.mmuscript.semantics.Semantics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three texts of {@code mmu profiles}: the list, one era, and the difference between two. */
class ProfileReportTest {
    static final List<Semantics> ERAS = load();

    static List<Semantics> load() {
        ProfileReport.Eras e = ProfileReport.stdlib();
        assertEquals("", e.problems());
        return e.eras();
    }

    static Semantics era(String name) {
        return ProfileReport.find(ERAS, name);
    }

    @Test
    void theListHasOneAlignedRowPerEraOldestFirst() {
        String out = ProfileReport.list(ERAS);
        String[] rows = out.split("\n");
        assertEquals(18, rows.length, out);
        assertTrue(rows[0].startsWith("andrea-2008      2008  Andrea's v18"), rows[0]);
        assertEquals("latest           2024  the newest era modelled", rows[17]);
        assertTrue(out.contains("\nlinux-4.13-rc5   2017  reclaim and writeback emit only invalidate_range"), out);
        int col = "lameter-2008-v3".length() + 2;
        for (String r : rows) {
            assertTrue(r.substring(0, col).endsWith("  ") && r.substring(col, col + 6).matches("\\d{4}  "),
                    "aligned: " + r);
            assertFalse(r.endsWith(" "), r);
        }
        assertEquals(out, ProfileReport.list(load()), "deterministic");
    }

    @Test
    void oneEraShowsItsLineageSummaryEveryKnobWithItsSetterAndItsCallbacks() {
        String out = ProfileReport.show(era("linux-5.12"));
        assertTrue(out.startsWith("profile linux-5.12 extends linux-5.5 extends linux-4.19 extends linux-4.16"), out);
        assertTrue(out.contains(" extends linux-2.6.27 extends andrea-2008\n"), out);
        assertFalse(out.contains("lameter"), "the proposal is no ancestor");
        assertTrue(out.contains("\nsummary: after a failed non-blocking start every notifier with range_end gets it"),
                out);
        assertTrue(out.contains("\nknob                         value              set by\n"), out);
        assertTrue(out.contains("\nyear                         2021               linux-5.12\n"), out);
        assertTrue(out.contains("\nfailed_start_ends            all                linux-5.12\n"), out);
        assertTrue(out.contains("\ninterval_notifiers           true               linux-5.5\n"), out);
        assertTrue(out.contains("\ncow_notify                   start_end          linux-3.7\n"), out);
        assertTrue(out.contains("\ncallbacks_may_sleep          true               linux-3.7\n"), out);
        for (Knob k : Knob.values()) {
            if (k != Knob.SUMMARY) {
                assertTrue(out.contains("\n" + k.key() + " "), k.key());
            }
        }
        assertTrue(out.endsWith("\ncallbacks: release, clear_flush_young, change_pte, invalidate_range_start,"
                + " invalidate_range_end, invalidate_range, invalidate (interval notifier)\n"), out);
    }

    @Test
    void theRootSetsEveryKnobItself() {
        String out = ProfileReport.show(era("andrea-2008"));
        assertTrue(out.startsWith("profile andrea-2008\n"), out);
        assertEquals(Knob.values().length - 1, out.split("andrea-2008\n", -1).length - 2, out);
        assertTrue(out.endsWith("\ncallbacks: release, clear_flush_young, invalidate_page, invalidate_range_start,"
                + " invalidate_range_end\n"), out);
    }

    @Test
    void theDiffFrom419To512NamesTheEagainHandling() {
        assertEquals("""
                linux-4.19 (2018) -> linux-5.12 (2021): 2 knobs differ
                failed_start_ends: none -> all (set by linux-5.12)
                interval_notifiers: false -> true (set by linux-5.5)
                callbacks added: invalidate (interval notifier)
                callbacks removed: none
                """, ProfileReport.diff(era("linux-4.19"), era("linux-5.12"), ERAS));
    }

    @Test
    void aKnobChangedSeveralTimesNamesEachChangeInEraOrder() {
        String out = ProfileReport.diff(era("linux-3.19"), era("linux-4.13"), ERAS);
        assertTrue(out.contains("\nrmap_notify: page_after_unlock -> start_end (set by linux-4.11 to page_under_ptl,"
                + " linux-4.13-rc5 to range_after_walk, linux-4.13 to start_end)\n"), out);
        assertTrue(out.contains("\noom_reaper: none -> no_notifiers (set by linux-4.6)\n"), out);
        assertTrue(out.contains("\ncallbacks removed: invalidate_page\n"), out);
    }

    @Test
    void goingBackInEraOrderSaysWhatItUndoes() {
        String out = ProfileReport.diff(era("latest"), era("linux-6.6"), ERAS);
        assertEquals("""
                latest (2024) -> linux-6.6 (2023), back in era order: 1 knob differs
                change_pte: none -> inside_start_end (undoes linux-6.10)
                callbacks added: change_pte
                callbacks removed: none
                """, out);
    }

    @Test
    void nothingDiffersIsOneLine() {
        assertEquals("linux-6.10 (2024) -> latest (2024): no knob differs, and so the callbacks are the same\n",
                ProfileReport.diff(era("linux-6.10"), era("latest"), ERAS));
        assertEquals(1, ProfileReport.diff(era("linux-4.19"), era("linux-4.19"), ERAS).split("\n").length);
    }

    @Test
    void anUnknownNameIsNotFound() {
        assertNull(ProfileReport.find(ERAS, "linux-1.0"));
    }
}
