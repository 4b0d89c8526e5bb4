package dev.mmuscript.kernel;

import dev.mmuscript.drivers.CallContext;
import dev.mmuscript.drivers.Drivers;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Range;
import dev.mmuscript.semantics.FailedStartEnds;
import dev.mmuscript.semantics.SecondaryTlb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The MMU-notifier dispatcher (mm/mmu_notifier.c): walks a process's notifiers in registration order and calls
 * the callbacks the era has, tracking which range_starts are still waiting for their range_end. From 5.5 a
 * driver with an {@code invalidate} handler is an interval notifier: it is called first, through the mm's
 * invalidate_seq, and never gets range_start/range_end.
 */
final class Notify {
    /** The range mmu_notifier_release and the interval notifiers' release pass cover: the whole address space. */
    static final Range ALL = new Range(0, 1L << 47);

    private final Machine m;
    private final Drivers drivers;
    private final Kernel kernel;

    Notify(Machine m, Drivers drivers, Kernel kernel) {
        this.m = m;
        this.drivers = drivers;
        this.kernel = kernel;
    }

    /** The notifiers on the hlist (not interval notifiers). */
    private List<String> notifiers(String proc) {
        List<String> out = new ArrayList<>();
        for (String inst : m.process(proc).notifiers()) {
            if (!drivers.isInterval(inst)) {
                out.add(inst);
            }
        }
        return out;
    }

    private List<String> intervals(String proc) {
        List<String> out = new ArrayList<>();
        for (String inst : m.process(proc).notifiers()) {
            if (drivers.isInterval(inst)) {
                out.add(inst);
            }
        }
        return out;
    }

    /**
     * __mmu_notifier_invalidate_range_start: the interval notifiers first (5.5 on; one failing in non-blocking
     * context ends the itree invalidation and fails the start before any other notifier is called), then every
     * notifier's start, even after one fails. Returns false if a non-blocking start failed with EAGAIN (in an era
     * where it can), after the era's handling of the ends.
     */
    boolean rangeStart(String proc, Range r, boolean nonblocking, String path) {
        m.emit(new Event.Step(path + ".range_start"));
        CallContext ctx = kernel.startContext(nonblocking);
        boolean canFail = nonblocking && kernel.semantics().rangeStartCanFail();
        List<String> itree = intervals(proc);
        if (!itree.isEmpty()) {
            Process p = m.process(proc);
            long seq = p.itreeSeq() | 1;
            m.emit(new Event.ItreeSeq(proc, p.itreeSeq(), seq));
            m.put(p.withItree(seq, p.itreeActive() + 1));
            for (String inst : itree) {
                m.put(m.instance(inst).withVar(Drivers.INTERVAL_SEQ, seq));    // mmu_interval_set_seq
                Drivers.Result res = drivers.call(inst, "invalidate", r, ctx, Map.of("cur_seq", seq));
                if (res == Drivers.Result.EAGAIN && canFail) {
                    m.emit(new Event.StartFailed(List.of(inst)));
                    itreeEnd(proc);
                    return false;
                }
                if (res == Drivers.Result.EAGAIN) {
                    m.emit(new Event.EagainIgnored(inst, "invalidate"));
                }
            }
        }
        List<String> failed = new ArrayList<>();
        for (String inst : notifiers(proc)) {
            Drivers.Result res = drivers.call(inst, "invalidate_range_start", r, ctx);
            if (res == Drivers.Result.EAGAIN && canFail) {
                failed.add(inst);
                continue;
            }
            if (res == Drivers.Result.EAGAIN) {
                m.emit(new Event.EagainIgnored(inst, "invalidate_range_start"));
            }
            if (drivers.implementsCallback(inst, "invalidate_range_end")) {
                m.put(m.instance(inst).withOpen(r));
            }
        }
        if (failed.isEmpty()) {
            return true;
        }
        m.emit(new Event.StartFailed(List.copyOf(failed)));
        if (!itree.isEmpty()) {
            itreeEnd(proc);
        }
        if (kernel.semantics().failedStartEnds() == FailedStartEnds.ALL) {
            for (String inst : notifiers(proc)) {
                if (!drivers.implementsCallback(inst, "invalidate_range_end")) {
                    continue;
                }
                if (failed.contains(inst)) {
                    m.emit(new Event.EndOnFailingNotifier(inst));
                }
                callEnd(inst, r, new CallContext(false, nonblocking, ""));
            }
        }
        return false;
    }

    /** mn_itree_inv_end: the last open invalidation makes the mm's sequence even again. */
    private void itreeEnd(String proc) {
        Process p = m.process(proc);
        if (p.itreeActive() == 0) {
            return;
        }
        int active = p.itreeActive() - 1;
        long seq = p.itreeSeq();
        if (active == 0 && (seq & 1) == 1) {
            m.emit(new Event.ItreeSeq(proc, seq, seq + 1));
            seq++;
        }
        m.put(p.withItree(seq, active));
    }

    /**
     * __mmu_notifier_invalidate_range_end: the interval notifiers' end first, then, for each notifier, the implicit
     * invalidate_range of 3.19-6.5 and its range_end.
     */
    void rangeEnd(String proc, Range r, String path, boolean nonblocking) {
        m.emit(new Event.Step(path + ".range_end"));
        if (!intervals(proc).isEmpty()) {
            itreeEnd(proc);
        }
        for (String inst : notifiers(proc)) {
            if (kernel.semantics().rangeEndInvalidatesRange() && drivers.implementsCallback(inst, "invalidate_range")) {
                drivers.call(inst, "invalidate_range", r, atomic("invalidate_range may not sleep"));
            }
            callEnd(inst, r, kernel.startContext(nonblocking));
        }
    }

    private void callEnd(String inst, Range r, CallContext ctx) {
        drivers.call(inst, "invalidate_range_end", r, ctx);
        m.put(m.instance(inst).withClosed(r));
    }

    /** The secondary-TLB callback that follows a CPU TLB flush, under its era's name. */
    void secondaryTlb(String proc, Range r) {
        SecondaryTlb tlb = kernel.semantics().secondaryTlb();
        if (tlb == SecondaryTlb.NONE) {
            return;
        }
        String cb = tlb.key();
        for (String inst : notifiers(proc)) {
            if (drivers.implementsCallback(inst, cb)) {
                drivers.call(inst, cb, r, atomic(cb + " may not sleep"));
            }
        }
    }

    /** 4.13-rc5's rmap: only invalidate_range, after the walk, and nothing else (aac2fea94f7a). */
    void invalidateRangeOnly(String proc, Range r, String path) {
        m.emit(new Event.Step(path + ".invalidate_range"));
        for (String inst : notifiers(proc)) {
            if (drivers.implementsCallback(inst, "invalidate_range")) {
                drivers.call(inst, "invalidate_range", r, atomic("invalidate_range may not sleep"));
            }
        }
    }

    /** mmu_notifier_invalidate_page (until 4.13), in the caller's context. */
    void invalidatePage(String proc, long va, CallContext ctx, String path) {
        m.emit(new Event.Step(path + ".invalidate_page"));
        for (String inst : notifiers(proc)) {
            drivers.call(inst, "invalidate_page", Range.page(va), ctx);
        }
    }

    /**
     * mmu_notifier_change_pte from set_pte_at_notify, under the PT lock; a notifier without change_pte gets
     * invalidate_page instead in the eras that fell back (2.6.32-3.6).
     */
    void changePte(String proc, long va, boolean fallback) {
        for (String inst : notifiers(proc)) {
            if (drivers.implementsCallback(inst, "change_pte")) {
                drivers.call(inst, "change_pte", Range.page(va), Kernel.PTL);
            } else if (fallback) {
                drivers.call(inst, "invalidate_page", Range.page(va), Kernel.PTL);
            }
        }
    }

    /** mmu_notifier_release: the interval notifiers' invalidate (MMU_NOTIFY_RELEASE), then each release. */
    void releaseAll(String proc) {
        for (String inst : intervals(proc)) {
            drivers.call(inst, "invalidate", ALL, kernel.startContext(false), Map.of("cur_seq",
                    m.process(proc).itreeSeq()));
        }
        for (String inst : notifiers(proc)) {
            release(inst);
        }
    }

    void release(String inst) {
        drivers.call(inst, "release", null, kernel.startContext(false));
    }

    private static CallContext atomic(String why) {
        return new CallContext(true, false, "(" + why + ")");
    }
}
