package dev.mmuscript.check;

import dev.mmuscript.model.Frame;
import dev.mmuscript.model.Instance;
import dev.mmuscript.model.MachineState;
import dev.mmuscript.model.PageKey;
import dev.mmuscript.model.Pin;
import dev.mmuscript.model.PinnedPage;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Pte;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.ShadowEntry;
import dev.mmuscript.model.Violation;
import dev.mmuscript.model.Write;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The invariants of design section 7 that a state shows by itself: every secondary MMU agrees with the page
 * tables, no one refers to a freed frame, no device write is lost, and (at quiescence) every range_start got its
 * range_end. Runtime-only kinds (stale-tlb, sleep-in-atomic, deadlock, livelock) are reported where they happen.
 */
public final class Invariants {
    private Invariants() {
    }

    /**
     * Checks a state. {@code only} restricts the shadow checks to one instance (null: all);
     * {@code quiescent} adds the pairing check, which only means something when no invalidation is running.
     */
    public static List<Violation> check(MachineState s, String only, boolean quiescent) {
        List<Violation> out = new ArrayList<>();
        for (Instance i : s.instances().values()) {
            if (!i.attached() || (only != null && !only.equals(i.name()))) {
                continue;
            }
            Process p = s.procs().get(i.proc());
            i.shadow().forEach((va, e) -> shadowEntry(s, i, p, va, e, out));
            if (quiescent) {
                for (Range r : i.open()) {
                    out.add(new Violation("unpaired-invalidate", i.name(), r.start(), -1, i.name()
                            + " got invalidate_range_start " + r + " but never its invalidate_range_end"));
                }
            }
        }
        if (only == null) {
            for (Pin pin : s.pins().values()) {
                for (PinnedPage pg : pin.pages()) {
                    if (!live(s, pg.pfn(), pg.generation())) {
                        out.add(new Violation("shadow-use-after-free", pin.name(), pg.va(), pg.pfn(), "pin "
                                + pin.name() + " holds pfn " + pg.pfn() + ", which was " + gone(s, pg.pfn())));
                    }
                }
            }
        }
        for (Map.Entry<PageKey, Write> w : s.writes()) {
            if (only == null || only.equals(w.getValue().by())) {
                lostWrite(s, w.getKey(), w.getValue(), out);
            }
        }
        return out;
    }

    private static void shadowEntry(MachineState s, Instance i, Process p, long va, ShadowEntry e,
            List<Violation> out) {
        String where = i.name() + " maps " + Range.hex(va) + (e.writable() ? " writable" : "") + " to pfn " + e.pfn();
        if (!live(s, e.pfn(), e.generation())) {
            out.add(new Violation("shadow-use-after-free", i.name(), va, e.pfn(), where + ", which was "
                    + gone(s, e.pfn())));
            return;
        }
        if (i.inOpenInvalidation(va)) {
            return;
        }
        Pte pte = p == null ? null : p.ptes().get(va);
        if (pte == null || !pte.accessible()) {
            out.add(new Violation("stale-shadow", i.name(), va, e.pfn(), where + ", but " + i.proc()
                    + (pte == null ? " has no page there" : "'s PTE there is PROT_NONE")));
        } else if (pte.pfn() != e.pfn() || pte.generation() != e.generation()) {
            out.add(new Violation("stale-shadow", i.name(), va, e.pfn(), where + ", but " + i.proc()
                    + "'s PTE maps pfn " + pte.pfn()));
        } else if (e.writable() && !pte.writable()) {
            out.add(new Violation("shadow-write-to-readonly", i.name(), va, e.pfn(), where + ", but " + i.proc()
                    + "'s PTE is read-only"));
        }
    }

    /** A write made through a device that the CPU would not read back. */
    private static void lostWrite(MachineState s, PageKey key, Write w, List<Violation> out) {
        Process p = s.procs().get(key.proc());
        if (p == null || w.by().equals(key.proc()) || p.exited()) {
            return;
        }
        Pte pte = p.ptes().get(key.va());
        long seen;
        String how;
        if (pte != null) {
            if (pte.pfn() == w.pfn() && pte.generation() == w.generation()) {
                return;
            }
            seen = s.frames().get(pte.pfn()).value();
            how = "reads " + seen + " from pfn " + pte.pfn();
        } else if (p.vmaAt(key.va()) != null) {
            seen = s.cpuValue(key.proc(), key.va());
            how = "would fault the page in and read " + seen;
        } else {
            return;
        }
        if (seen != w.value()) {
            out.add(new Violation("lost-write", w.by(), key.va(), w.pfn(), w.by() + " wrote " + w.value() + " to "
                    + Range.hex(key.va()) + " in pfn " + w.pfn() + ", but " + key.proc() + " " + how));
        }
    }

    /**
     * At the end of a script: the page references a device took with {@code gup} and never put, beyond one for each
     * shadow entry of its own that still maps the page (a driver that keeps a reference for as long as it maps a
     * page, as gup-based drivers before FOLL_PIN did, drops it when it unmaps). The frame's refcount never drops to
     * zero, so the kernel never frees it (get_user_pages owes a put_page, mm/gup.c). A handler's {@code put} can
     * only name a page its own invocation took, so a reference held when the script ends can never be put.
     */
    public static List<Violation> pageLeaks(MachineState s) {
        List<Violation> out = new ArrayList<>();
        for (Instance i : s.instances().values()) {
            i.refs().forEach((pfn, count) -> {
                long leaked = count - mappings(i, pfn);
                if (leaked > 0) {
                    Frame f = s.frames().get(pfn);
                    out.add(new Violation("page-leak", i.name(), -1, pfn, i.name() + " took " + leaked
                            + (leaked == 1 ? " reference" : " references") + " to pfn " + pfn
                            + (f == null ? "" : " (" + f.owner() + ")") + " with gup"
                            + (i.attached() ? ", no longer maps the page," : "") + " and never put "
                            + (leaked == 1 ? "it" : "them")));
                }
            });
        }
        return out;
    }

    /** How many shadow entries of an attached instance map {@code pfn}. */
    private static long mappings(Instance i, long pfn) {
        if (!i.attached()) {
            return 0;
        }
        long n = 0;
        for (ShadowEntry e : i.shadow().values()) {
            if (e.pfn() == pfn) {
                n++;
            }
        }
        return n;
    }

    private static boolean live(MachineState s, long pfn, int generation) {
        Frame f = s.frames().get(pfn);
        return f != null && !f.isFree() && f.generation() == generation;
    }

    private static String gone(MachineState s, long pfn) {
        Frame f = s.frames().get(pfn);
        return f == null || f.isFree() ? "freed" : "freed and reused (now " + f.owner() + ")";
    }
}
