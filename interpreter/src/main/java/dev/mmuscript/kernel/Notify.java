package dev.mmuscript.kernel;

import dev.mmuscript.drivers.CallContext;
import dev.mmuscript.drivers.Drivers;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Range;
import dev.mmuscript.ops.Invocation;
import java.util.List;

/**
 * The MMU-notifier dispatcher (mm/mmu_notifier.c): walks a process's notifiers newest first (the hlist) and calls
 * the callbacks the era has, tracking which range_starts are still waiting for their range_end. From 5.5 a
 * driver with an {@code invalidate} handler is an interval notifier: it is called first, through the mm's
 * invalidate_seq, and never gets range_start/range_end. Each dispatch is a step program ({@link Dispatch}):
 * a ported path calls it with a {@code Call} op of the invocation a {@code ...Call} method gives; a path that is
 * not ported yet calls the plain method, which runs the same program to its end inside its step.
 */
final class Notify {
    private final Drivers drivers;
    private final Kernel kernel;
    private final Dispatch dispatch;

    Notify(Machine m, Drivers drivers, Kernel kernel) {
        this.drivers = drivers;
        this.kernel = kernel;
        this.dispatch = new Dispatch(m, drivers, kernel);
    }

    private Object run(Invocation inv) {
        return drivers.runToEnd(inv);
    }

    private Invocation of(dev.mmuscript.ops.Code code, String path, String proc, Range r, CallContext ctx,
            boolean nonblocking) {
        return new Invocation(code, DispatchRegs.start(path, proc, r, ctx, nonblocking));
    }

    /**
     * __mmu_notifier_invalidate_range_start, announced as {@code PATH.range_start}: the interval notifiers first
     * (5.5 on; one failing in non-blocking context ends the itree invalidation and fails the start before any
     * other notifier is called), then every notifier's start, even after one fails. Returns false if a
     * non-blocking start failed with EAGAIN (in an era where it can), after the era's handling of the ends: the
     * Call op that runs it gets that result.
     */
    Invocation rangeStartCall(String proc, Range r, boolean nonblocking, String path) {
        return of(dispatch.rangeStart, path, proc, r, kernel.startContext(nonblocking), nonblocking);
    }

    /**
     * __mmu_notifier_invalidate_range_end, announced as {@code PATH.range_end}: the interval notifiers' end first,
     * then, for each notifier, the implicit invalidate_range of 3.19-6.5 and its range_end.
     */
    Invocation rangeEndCall(String proc, Range r, String path, boolean nonblocking) {
        return of(dispatch.rangeEnd, path, proc, r, kernel.startContext(nonblocking), nonblocking);
    }

    /** Whether the mm has interval notifiers (5.5 on; none before). */
    boolean hasIntervals(String proc) {
        return dispatch.hasIntervals(proc);
    }

    /** The notifiers on the mm's list, in call order (not those that are only interval notifiers). */
    List<String> listed(String proc) {
        return dispatch.listed(proc);
    }

    /** The secondary-TLB callback that follows a CPU TLB flush, under its era's name (no step of its own). */
    void secondaryTlb(String proc, Range r) {
        run(secondaryTlbCall(proc, r, "secondary_tlb"));
    }

    /** {@link #secondaryTlb} for a Call op of {@code path}. */
    Invocation secondaryTlbCall(String proc, Range r, String path) {
        return of(dispatch.secondaryTlb, path, proc, r, CallContext.PROCESS, false);
    }

    /** 4.13-rc5's rmap, announced as {@code PATH.invalidate_range}: only invalidate_range (aac2fea94f7a). */
    Invocation invalidateRangeOnlyCall(String proc, Range r, String path) {
        return of(dispatch.invalidateRangeOnly, path, proc, r, CallContext.PROCESS, false);
    }

    /** mmu_notifier_invalidate_page (until 4.13), announced as {@code PATH.invalidate_page}, in {@code ctx}. */
    Invocation invalidatePageCall(String proc, long va, CallContext ctx, String path) {
        return of(dispatch.invalidatePage, path, proc, Range.page(va), ctx, false);
    }

    /**
     * mmu_notifier_change_pte from set_pte_at_notify, under the PT lock; a notifier without change_pte gets
     * invalidate_page instead in the eras that fell back (2.6.32-3.6).
     */
    Invocation changePteCall(String proc, long va, boolean fallback, String path) {
        return of(fallback ? dispatch.changePteOrPage : dispatch.changePte, path, proc, Range.page(va), Kernel.PTL,
                false);
    }

    /**
     * mmu_notifier_clear_flush_young from ptep_clear_flush_young_notify, announced as {@code PATH.clear_flush_young}:
     * every notifier's clear_flush_young for the page, under the PT lock (page_referenced_one).
     */
    Invocation clearFlushYoungCall(String proc, long va, String path) {
        return of(dispatch.clearFlushYoung, path, proc, Range.page(va), Kernel.PTL, false);
    }

    /** mmu_notifier_release: the interval notifiers' invalidate (MMU_NOTIFY_RELEASE), then each release. */
    Invocation releaseAllCall(String proc, String path) {
        return of(dispatch.releaseAll, path, proc, Dispatch.ALL, kernel.startContext(false), false);
    }

    /** One notifier's release (mmu_notifier_unregister). */
    void release(String inst) {
        run(releaseCall(inst, "mmu_notifier_unregister"));
    }

    Invocation releaseCall(String inst, String path) {
        return new Invocation(dispatch.release, DispatchRegs.start(path, null, null, kernel.startContext(false), false)
                .over(List.of(inst)));
    }
}
