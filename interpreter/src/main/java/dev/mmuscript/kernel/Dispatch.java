package dev.mmuscript.kernel;

import dev.mmuscript.drivers.CallContext;
import dev.mmuscript.drivers.Drivers;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Range;
import dev.mmuscript.ops.Builder;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Fn;
import dev.mmuscript.semantics.FailedStartEnds;
import dev.mmuscript.semantics.SecondaryTlb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The MMU-notifier dispatches of mm/mmu_notifier.c as step programs: the step the caller announces
 * ({@code zap.range_start}), then a loop over the notifiers (a snapshot of the list, in the registers, as the
 * kernel walks its hlist under srcu) whose every callback is a {@code Call} op of the handler's code. A thread's
 * handler steps are the thread's own steps: another thread can run between two notifiers' callbacks.
 */
final class Dispatch {
    /** The range mmu_notifier_release and the interval notifiers' release pass cover: the whole address space. */
    static final Range ALL = new Range(0, 1L << 47);

    private static final CallContext RANGE_ATOMIC = atomic("invalidate_range may not sleep");
    private static final CallContext ARCH_ATOMIC = atomic(SecondaryTlb.ARCH_INVALIDATE_SECONDARY_TLBS.key()
            + " may not sleep");

    private final Machine m;
    private final Drivers drivers;
    private final Kernel kernel;
    private final Subscriptions subscriptions;
    final Code rangeStart;
    final Code rangeEnd;
    final Code secondaryTlb;
    final Code invalidateRangeOnly;
    final Code invalidatePage;
    final Code changePte;
    final Code changePteOrPage;
    final Code releaseAll;
    final Code release;
    final Code clearFlushYoung;

    Dispatch(Machine m, Drivers drivers, Kernel kernel) {
        this.m = m;
        this.drivers = drivers;
        this.kernel = kernel;
        this.subscriptions = new Subscriptions(m, drivers);
        this.rangeStart = buildRangeStart();
        this.rangeEnd = buildRangeEnd();
        this.secondaryTlb = buildSecondaryTlb();
        this.invalidateRangeOnly = buildInvalidateRangeOnly();
        this.invalidatePage = buildInvalidatePage();
        this.changePte = buildChangePte(false);
        this.changePteOrPage = buildChangePte(true);
        this.releaseAll = buildReleaseAll();
        this.clearFlushYoung = each(announcing("clear_flush_young"), (c, r) -> callback(regs(r), "clear_flush_young"),
                (c, r, res) -> returned(r, res, "clear_flush_young"));
        this.release = each(Builder.path("mmu_notifier_release"), (c, r) -> release(regs(r)),
                (c, r, res) -> returned(r, res, "release"));
    }

    private static DispatchRegs regs(Object r) {
        return (DispatchRegs) r;
    }

    // ---------------------------------------------------------------- __mmu_notifier_invalidate_range_start

    /**
     * The interval notifiers first (5.5 on, mn_itree_invalidate: one failing in non-blocking context ends the
     * itree invalidation and fails the start before any other notifier is called), then every notifier's start
     * (mn_hlist_invalidate_range_start), even after one fails; after a failure, the ends the era gives
     * (failed_start_ends). Returns whether the start succeeded.
     */
    private Code buildRangeStart() {
        return Builder.path("range_start")
                .step("range_start", (c, r) -> {
                    step(regs(r), "range_start");
                    return regs(r).over(subscriptions.intervalsOver(regs(r).proc(), regs(r).range()));
                })
                .branch((c, r) -> subscriptions.intervals(regs(r).proc()).isEmpty(), "hlist")
                .local((c, r) -> itreeBegin(regs(r)))
                .label("itree")
                .branch((c, r) -> regs(r).done(), "hlist")
                .call((c, r) -> callback(regs(r), "invalidate", Map.of("cur_seq", regs(r).seq())),
                        (c, r, res) -> returned(r, res, "invalidate"))
                .local((c, r) -> afterInterval(regs(r)))
                .branch((c, r) -> !regs(r).ok(), "out")
                .jump("itree")
                .label("hlist")
                .local((c, r) -> regs(r).over(subscriptions.notifiers(regs(r).proc())))
                .label("start")
                .branch((c, r) -> regs(r).done(), "started")
                .call((c, r) -> callback(regs(r), "invalidate_range_start"),
                        (c, r, res) -> returned(r, res, "invalidate_range_start"))
                .local((c, r) -> afterStart(regs(r)))
                .jump("start")
                .label("started")
                .branch((c, r) -> regs(r).failed().isEmpty(), "out")
                .local((c, r) -> startFailed(regs(r)))
                .branch((c, r) -> kernel.semantics().failedStartEnds() != FailedStartEnds.ALL, "out")
                .local((c, r) -> regs(r).over(subscriptions.notifiers(regs(r).proc())))
                .label("end")
                .branch((c, r) -> regs(r).done(), "out")
                .branch((c, r) -> !drivers.implementsCallback(regs(r).inst(), "invalidate_range_end"), "next_end")
                .local((c, r) -> {
                    if (regs(r).failed().contains(regs(r).inst())) {
                        m.emit(new Event.EndOnFailingNotifier(regs(r).inst()));
                    }
                    return r;
                })
                .call((c, r) -> drivers.callback(regs(r).inst(), "invalidate_range_end", regs(r).range(),
                        regs(r).nonblocking() ? FAILED_END_NONBLOCKING : CallContext.PROCESS, Map.of()),
                        (c, r, res) -> returned(r, res, "invalidate_range_end"))
                .local((c, r) -> closed(regs(r)))
                .label("next_end")
                .local((c, r) -> regs(r).next())
                .jump("end")
                .label("out")
                .ret((c, r) -> regs(r).ok())
                .build();
    }

    /** The context of the ends after a failed start: process context, non-blocking as the start was. */
    private static final CallContext FAILED_END_NONBLOCKING = new CallContext(false, true, "");

    /**
     * mn_itree_inv_start_range: one more invalidation open, and the mm's invalidate_seq made odd if an interval
     * overlaps the range (the registers' notifiers). The driver stores that sequence in its interval itself
     * (mmu_interval_set_seq, under its own lock), not the kernel.
     */
    private DispatchRegs itreeBegin(DispatchRegs r) {
        Process p = m.mms().itree(r.proc());
        long seq = r.todo().isEmpty() ? p.itreeSeq() : p.itreeSeq() | 1;
        if (!r.todo().isEmpty()) {
            m.emit(new Event.ItreeSeq(r.proc(), p.itreeSeq(), seq));
        }
        m.put(p.withItree(seq, p.itreeActive() + 1));
        return r.interval(seq);
    }

    private boolean canFail(DispatchRegs r) {
        return r.nonblocking() && kernel.semantics().rangeStartCanFail();
    }

    private DispatchRegs afterInterval(DispatchRegs r) {
        if (r.eagain() && canFail(r)) {
            m.emit(new Event.StartFailed(List.of(r.inst())));
            itreeEnd(r.proc());
            return r.failing(r.failed());
        }
        if (r.eagain()) {
            m.emit(new Event.EagainIgnored(r.inst(), "invalidate"));
        }
        return r.next();
    }

    private DispatchRegs afterStart(DispatchRegs r) {
        if (r.eagain() && canFail(r)) {
            List<String> failed = new ArrayList<>(r.failed());
            failed.add(r.inst());
            return r.failing(List.copyOf(failed)).next();
        }
        if (r.eagain()) {
            m.emit(new Event.EagainIgnored(r.inst(), "invalidate_range_start"));
        }
        if (drivers.implementsCallback(r.inst(), "invalidate_range_end")) {
            m.mmus().open(r.inst(), r.range(), true);
        }
        return r.next();
    }

    /**
     * A notifier-list start failed: __mmu_notifier_invalidate_range_start returns mn_hlist_invalidate_range_start's
     * error as it is (mm/mmu_notifier.c, 5.5 on). The interval notifiers it invalidated before are not ended
     * (no mn_itree_inv_end), and the caller skips range_end: the mm's invalidate_seq stays odd, and
     * mmu_interval_read_begin waits for an end that never comes.
     */
    private DispatchRegs startFailed(DispatchRegs r) {
        m.emit(new Event.StartFailed(r.failed()));
        return r;
    }

    /** mn_itree_inv_end: the last open invalidation makes the mm's sequence even again. */
    void itreeEnd(String proc) {
        Process p = m.mms().itree(proc);
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

    private DispatchRegs closed(DispatchRegs r) {
        m.mmus().open(r.inst(), r.range(), false);
        return r;
    }

    // ---------------------------------------------------------------- __mmu_notifier_invalidate_range_end

    /**
     * The interval notifiers' end first (mn_itree_inv_end), then, for each notifier, the implicit invalidate_range
     * of 3.19-6.5 and its range_end.
     */
    private Code buildRangeEnd() {
        return Builder.path("range_end")
                .step("range_end", (c, r) -> {
                    step(regs(r), "range_end");
                    if (!subscriptions.intervals(regs(r).proc()).isEmpty()) {
                        itreeEnd(regs(r).proc());
                    }
                    return regs(r).over(subscriptions.notifiers(regs(r).proc()));
                })
                .label("next")
                .branch((c, r) -> regs(r).done(), "out")
                .branch((c, r) -> !kernel.semantics().rangeEndInvalidatesRange(), "end")
                .call((c, r) -> drivers.callback(regs(r).inst(), "invalidate_range", regs(r).range(), RANGE_ATOMIC,
                        Map.of()), (c, r, res) -> returned(r, res, "invalidate_range"))
                .label("end")
                .call((c, r) -> callback(regs(r), "invalidate_range_end"),
                        (c, r, res) -> returned(r, res, "invalidate_range_end"))
                .local((c, r) -> closed(regs(r)).next())
                .jump("next")
                .label("out")
                .ret()
                .build();
    }

    // ---------------------------------------------------------------- the callbacks of one kind, to each notifier

    /** The secondary-TLB callback that follows a CPU TLB flush, under its era's name; announces no step. */
    private Code buildSecondaryTlb() {
        return each(Builder.path("secondary_tlb")
                .local((c, r) -> kernel.semantics().secondaryTlb() == SecondaryTlb.NONE ? r
                        : regs(r).over(subscriptions.notifiers(regs(r).proc()))), (c, r) -> {
                            SecondaryTlb tlb = kernel.semantics().secondaryTlb();
                            return drivers.callback(regs(r).inst(), tlb.key(), regs(r).range(),
                                    tlb == SecondaryTlb.INVALIDATE_RANGE ? RANGE_ATOMIC : ARCH_ATOMIC, Map.of());
                        }, (c, r, res) -> returned(r, res, kernel.semantics().secondaryTlb().key()));
    }

    /** 4.13-rc5's rmap: only invalidate_range, after the walk, and nothing else (aac2fea94f7a). */
    private Code buildInvalidateRangeOnly() {
        return each(announcing("invalidate_range"),
                (c, r) -> drivers.callback(regs(r).inst(), "invalidate_range", regs(r).range(), RANGE_ATOMIC, Map.of()),
                (c, r, res) -> returned(r, res, "invalidate_range"));
    }

    /** mmu_notifier_invalidate_page (until 4.13), in the caller's context. */
    private Code buildInvalidatePage() {
        return each(announcing("invalidate_page"),
                (c, r) -> callback(regs(r), "invalidate_page"),
                (c, r, res) -> returned(r, res, "invalidate_page"));
    }

    /**
     * mmu_notifier_change_pte from set_pte_at_notify, under the PT lock; a notifier without change_pte gets
     * invalidate_page instead in the eras that fell back (2.6.32-3.6: {@code fallback}).
     */
    private Code buildChangePte(boolean fallback) {
        return each(Builder.path("change_pte").local((c, r) -> regs(r).over(subscriptions.notifiers(regs(r).proc()))),
                (c, r) -> {
                    String cb = changePteCallback(regs(r), fallback);
                    if (cb == null || !cb.equals("change_pte")) {
                        return cb == null ? null : callback(regs(r), cb);
                    }
                    if (!fallback && drivers.implementsCallback(regs(r).inst(), "invalidate_range_start")) {
                        m.emit(new Event.ChangePteInsideStart(regs(r).inst(), regs(r).range().start()));
                    }
                    return callback(regs(r), cb, Map.of("write", newPteWritable(regs(r)) ? 1L : 0L));
                },
                (c, r, res) -> returned(r, res, changePteCallback(regs(r), fallback)));
    }

    /**
     * Whether the PTE that set_pte_at_notify installs is writable: change_pte is passed the new pte, and KVM's
     * kvm_set_pte_rmapp zaps the spte for a writable one and points it, read-only, at the new pfn otherwise
     * (arch/x86/kvm/mmu.c). The model has set the PTE already when it calls change_pte.
     */
    private boolean newPteWritable(DispatchRegs r) {
        dev.mmuscript.model.Pte pte = m.mms().ptes(r.proc()).get(r.range().start());
        return pte != null && pte.writable();
    }

    private String changePteCallback(DispatchRegs r, boolean fallback) {
        if (drivers.implementsCallback(r.inst(), "change_pte")) {
            return "change_pte";
        }
        return fallback ? "invalidate_page" : null;
    }

    boolean hasIntervals(String proc) {
        return !subscriptions.intervals(proc).isEmpty();
    }

    List<String> listed(String proc) {
        return subscriptions.notifiers(proc);
    }

    /**
     * __mmu_notifier_release (5.5 on): mn_itree_release first, an invalidation of [0, ULONG_MAX) (MMU_NOTIFY_RELEASE,
     * blockable) of the interval notifiers still in the tree, between mn_itree_inv_start_range (the mm's sequence
     * made odd, cur_seq passed to each) and mn_itree_inv_end; then mn_hlist_release, each notifier on the list its
     * release. (exit_mmap's unmap_vmas then invalidates the intervals again: {@code Zap}.)
     */
    private Code buildReleaseAll() {
        return Builder.path("mmu_notifier_release")
                .local((c, r) -> regs(r).over(subscriptions.intervalsOver(regs(r).proc(), ALL)))
                .branch((c, r) -> subscriptions.intervals(regs(r).proc()).isEmpty(), "hlist")
                .local((c, r) -> itreeBegin(regs(r)))
                .label("interval")
                .branch((c, r) -> regs(r).done(), "itree_end")
                .call((c, r) -> callback(regs(r), "invalidate", Map.of("cur_seq", regs(r).seq())),
                        (c, r, res) -> returned(r, res, "invalidate"))
                .local((c, r) -> regs(r).next())
                .jump("interval")
                .label("itree_end")
                .local((c, r) -> {
                    itreeEnd(regs(r).proc());
                    return r;
                })
                .label("hlist")
                .local((c, r) -> regs(r).over(subscriptions.notifiers(regs(r).proc())))
                .label("release")
                .branch((c, r) -> regs(r).done(), "out")
                .call((c, r) -> release(regs(r)), (c, r, res) -> returned(r, res, "release"))
                .local((c, r) -> regs(r).next())
                .jump("release")
                .label("out")
                .ret()
                .build();
    }

    /** A program that announces {@code name} as its caller's step, then calls every notifier of the mm. */
    private Builder announcing(String name) {
        return Builder.path(name).step(name, (c, r) -> {
            step(regs(r), name);
            return regs(r).over(subscriptions.notifiers(regs(r).proc()));
        });
    }

    /** {@code head}, then a loop that calls {@code target} of each notifier in the registers. */
    private static Code each(Builder head, Fn.Target target, Fn.Then then) {
        return head.label("next")
                .branch((c, r) -> regs(r).done(), "out")
                .call(target, then)
                .local((c, r) -> regs(r).next())
                .jump("next")
                .label("out")
                .ret()
                .build();
    }

    // ---------------------------------------------------------------- calls

    /** The handler of {@code callback} of the notifier at hand, with the dispatch's range and context. */
    private dev.mmuscript.ops.Invocation callback(DispatchRegs r, String callback) {
        return callback(r, callback, Map.of());
    }

    private dev.mmuscript.ops.Invocation callback(DispatchRegs r, String callback, Map<String, Long> extra) {
        return drivers.callback(r.inst(), callback, r.range(), r.ctx(), extra);
    }

    /** A notifier's release: no range (its handler sees zeros). */
    private dev.mmuscript.ops.Invocation release(DispatchRegs r) {
        return drivers.callback(r.inst(), "release", null, r.ctx(), Map.of());
    }

    /** The registers after the {@code callback} of the notifier at hand returned {@code result}. */
    private DispatchRegs returned(Object r, Object result, String callback) {
        DispatchRegs regs = regs(r);
        return regs.withResult(drivers.returned(regs.inst(), callback, result));
    }

    private void step(DispatchRegs r, String name) {
        m.emit(new Event.Step(r.path(), name));
    }

    private static CallContext atomic(String why) {
        return new CallContext(true, false, "(" + why + ")");
    }
}
