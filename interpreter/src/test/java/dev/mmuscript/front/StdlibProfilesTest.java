package dev.mmuscript.front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.semantics.Knob;
import dev.mmuscript.semantics.Semantics;
import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Diagnostics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The stdlib's eras: each resolves, extends the merged era before it, and sets only what its release changed; an
 * unmerged proposal is a root of its own, outside the merged lineage.
 */
class StdlibProfilesTest {
    static final Path DIR = Path.of("..", "stdlib", "semantics").toAbsolutePath().normalize();

    static final List<String> ERAS = List.of("andrea-2008", "lameter-2008-v3", "linux-2.6.27", "linux-2.6.32",
            "linux-3.7", "linux-3.19", "linux-4.6", "linux-4.11", "linux-4.13-rc5", "linux-4.13", "linux-4.14",
            "linux-4.16", "linux-4.19", "linux-5.5", "linux-5.12", "linux-6.6", "linux-6.10", "latest");

    /** The proposals among the eras: listed by year, but no merged kernel descends from them. */
    static final Set<String> PROPOSALS = Set.of("lameter-2008-v3");

    /** The merged era listed before era {@code i} (null for the first). */
    static String predecessor(int i) {
        for (int j = i - 1; j >= 0; j--) {
            if (!PROPOSALS.contains(ERAS.get(j))) {
                return ERAS.get(j);
            }
        }
        return null;
    }

    /** The merged eras up to era {@code i}, newest first: its lineage. */
    static List<String> mergedLineage(int i) {
        List<String> out = new ArrayList<>();
        for (int j = i; j >= 0; j--) {
            if (!PROPOSALS.contains(ERAS.get(j))) {
                out.add(ERAS.get(j));
            }
        }
        return out;
    }

    static Semantics resolve(String name) {
        Diagnostics d = new Diagnostics();
        Semantics s = new Profiles(d).resolve(name, null);
        assertFalse(d.hasErrors(), name + ":\n" + (d.hasErrors() ? d.render() : ""));
        assertNotNull(s, name);
        return s;
    }

    static Ast.ProfileStmt definition(String name) {
        Diagnostics d = new Diagnostics();
        List<Ast.Stmt> stmts = Stdlib.parse("semantics", name, d);
        assertFalse(d.hasErrors(), name + ":\n" + (d.hasErrors() ? d.render() : ""));
        assertEquals(1, stmts.size(), name + ": one profile per file");
        Ast.ProfileStmt p = assertInstance(stmts.get(0), name);
        assertEquals(name, p.name().text(), "the file is named after its profile");
        return p;
    }

    static Ast.ProfileStmt assertInstance(Ast.Stmt s, String name) {
        assertTrue(s instanceof Ast.ProfileStmt, name + ": expected a profile statement");
        return (Ast.ProfileStmt) s;
    }

    @Test
    void theIndexListsTheEighteenErasOldestFirstAndEveryFileIsListed() throws IOException {
        assertEquals(ERAS, Stdlib.profiles());
        Set<String> files = new HashSet<>();
        try (Stream<Path> s = Files.list(DIR)) {
            s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".mmu"))
                    .forEach(f -> files.add(f.substring(0, f.length() - 4)));
        }
        assertEquals(new HashSet<>(ERAS), files);
    }

    @Test
    void everyProfileResolvesAndExtendsItsPredecessor() {
        for (int i = 0; i < ERAS.size(); i++) {
            String name = ERAS.get(i);
            Semantics s = resolve(name);
            Ast.ProfileStmt p = definition(name);
            if (i == 0 || PROPOSALS.contains(name)) {
                assertNull(p.parent(), name + " is a root: the oldest era, or a proposal");
                assertTrue(s.unsetKnobs().isEmpty(), "a root sets every knob");
                assertEquals(List.of(name), s.lineage(), name);
                continue;
            }
            assertNotNull(p.parent(), name + " extends something");
            assertEquals(predecessor(i), p.parent().text(), name + " extends its merged predecessor");
            assertEquals(mergedLineage(i), s.lineage(), name);
        }
    }

    /** A range of eras from andrea-2008 selects the merged kernels only (Expectations.selects goes by lineage). */
    @Test
    void lameterIsNotInTheLineageOfTheMergedKernels() {
        for (String name : ERAS) {
            if (!name.equals("lameter-2008-v3")) {
                assertFalse(resolve(name).lineage().contains("lameter-2008-v3"), name);
            }
        }
        assertFalse(resolve("lameter-2008-v3").lineage().contains("andrea-2008"),
                "andrea-2008..linux-4.19 must not select lameter-2008-v3");
        assertEquals(List.of("linux-2.6.27", "andrea-2008"), resolve("linux-2.6.27").lineage());
    }

    @Test
    void eachProfileSetsYearSummaryAndOnlyKnobsItsReleaseChanged() {
        for (int i = 0; i < ERAS.size(); i++) {
            String name = ERAS.get(i);
            Ast.ProfileStmt p = definition(name);
            Set<String> seen = new HashSet<>();
            for (Ast.KnobSetting k : p.settings()) {
                assertTrue(seen.add(k.knob().text()), name + " sets " + k.knob().text() + " twice");
            }
            assertTrue(seen.contains("year") && seen.contains("summary"), name + " sets its year and summary");
            Semantics s = resolve(name);
            assertFalse(s.summary().isBlank(), name);
            assertTrue(s.summary().length() <= 110, name + ": a one-line summary, not " + s.summary().length());
            if (i == 0 || PROPOSALS.contains(name)) {
                continue;
            }
            Semantics parent = resolve(predecessor(i));
            assertTrue(s.year() >= parent.year(), name + " is not older than its parent");
            for (Ast.KnobSetting k : p.settings()) {
                Knob knob = Knob.byKey(k.knob().text());
                if (knob == Knob.YEAR || knob == Knob.SUMMARY) {
                    continue;
                }
                assertNotEquals(parent.get(knob), k.value().text(),
                        name + " sets " + knob.key() + " to the value " + predecessor(i) + " already has");
                assertEquals(name, s.setBy(knob));
            }
        }
    }

    @Test
    void eachFileOpensWithAHeaderThatCitesTheHistory() throws IOException {
        for (String name : ERAS) {
            String text = Files.readString(DIR.resolve(name + ".mmu"));
            assertTrue(text.startsWith("# " + name + ":") || text.startsWith("# " + name + " ("),
                    name + " opens with '# " + name + ":' or '# " + name + " (YEAR):'");
            String header = text.substring(0, text.indexOf("\nprofile "));
            assertTrue(header.contains("kernel-history.md"), name + " cites kernel-history.md");
        }
    }

    static Map<Knob, String> values(String... kv) {
        Map<Knob, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(Knob.byKey(kv[i]), kv[i + 1]);
        }
        return m;
    }

    @Test
    void linux419KeepsTheValuesItHadAsTheRoot() {
        Semantics s = resolve("linux-4.19");
        assertEquals(values("year", "2018",
                "summary", "non-blocking range_start may fail with EAGAIN; the OOM reaper then skips every range_end",
                "rmap_notify", "start_end", "cow_notify", "start_end",
                "change_pte", "inside_start_end", "secondary_tlb", "invalidate_range",
                "range_end_invalidates_range", "true", "callbacks_may_sleep", "true", "range_start_can_fail", "true",
                "failed_start_ends", "none", "oom_reaper", "nonblocking_start", "interval_notifiers", "false",
                "deferred_flush", "true", "nested_flush", "true", "tlb_batch", "9698", "dirty_file_flush", "true", "arch", "x86",
                "tlb_end_vma", "flush_mmu_tlbonly", "mprotect_flush", "after_range_end", "file_remap", "do_mmap"), s.values());
    }

    @Test
    void latestIsLinux610UnderANewName() {
        Semantics latest = resolve("latest");
        Semantics l610 = resolve("linux-6.10");
        for (Knob k : Knob.values()) {
            if (k != Knob.SUMMARY) {
                assertEquals(l610.get(k), latest.get(k), k.key());
            }
        }
        assertEquals(values("year", "2024", "summary", "the newest era modelled",
                "rmap_notify", "start_end", "cow_notify", "start_end",
                "change_pte", "none", "secondary_tlb", "arch_invalidate_secondary_tlbs",
                "range_end_invalidates_range", "false", "callbacks_may_sleep", "true", "range_start_can_fail", "true",
                "failed_start_ends", "all", "oom_reaper", "nonblocking_start", "interval_notifiers", "true",
                "deferred_flush", "true", "nested_flush", "true", "tlb_batch", "9698", "dirty_file_flush", "true", "arch", "x86",
                "tlb_end_vma", "flush_mmu_tlbonly", "mprotect_flush", "after_range_end", "file_remap", "do_mmap"), latest.values());
    }

    @Test
    void theCallbackSetsFollowTable10a() {
        List<String> base = List.of("release", "clear_flush_young");
        assertEquals(cat(base, "invalidate_page", "invalidate_range_start", "invalidate_range_end"),
                resolve("linux-2.6.27").callbacks());
        assertEquals(cat(base, "change_pte", "invalidate_page", "invalidate_range_start", "invalidate_range_end"),
                resolve("linux-2.6.32").callbacks());
        assertEquals(cat(base, "change_pte", "invalidate_page", "invalidate_range_start", "invalidate_range_end",
                "invalidate_range"), resolve("linux-3.19").callbacks());
        assertEquals(cat(base, "change_pte", "invalidate_range_start", "invalidate_range_end", "invalidate_range"),
                resolve("linux-4.13-rc5").callbacks(), "rmap no longer calls invalidate_page");
        assertEquals(cat(base, "change_pte", "invalidate_range_start", "invalidate_range_end", "invalidate_range",
                "invalidate (interval notifier)"), resolve("linux-5.5").callbacks());
        assertEquals(cat(base, "invalidate_range_start", "invalidate_range_end", "arch_invalidate_secondary_tlbs",
                "invalidate (interval notifier)"), resolve("linux-6.10").callbacks());
    }

    static List<String> cat(List<String> a, String... more) {
        List<String> out = new ArrayList<>(a);
        out.addAll(List.of(more));
        return out;
    }
}
