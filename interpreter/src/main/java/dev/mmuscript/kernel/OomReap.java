package dev.mmuscript.kernel;

import dev.mmuscript.drivers.Drivers;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.model.Instance;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.Vma;
import dev.mmuscript.ops.Builder;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Lock;
import dev.mmuscript.semantics.OomReaper;
import java.util.ArrayList;
import java.util.List;

/**
 * One pass of the OOM reaper over a victim's private VMAs as a step program (mm/oom_kill.c oom_reap_task_mm and
 * __oom_reap_task_mm), in the era's form (kernel-history.md §4): none before 4.6; 4.6-4.13 unmap_page_range with
 * no notifier call; 4.14 skips an mm with notifiers; 4.16 skips one whose notifiers may block, else brackets each
 * VMA with range_start/range_end; from 4.19 range_start is non-blocking and a VMA whose start fails (EAGAIN) is
 * skipped without range_end. The unmap itself is {@link Zap}'s, under mmap_read_lock: tlb_gather_mmu, range_start,
 * unmap_page_range, range_end, tlb_finish_mmu, so the pages are freed after range_end (4.16 and 4.19
 * __oom_reap_task_mm), and after a failed start tlb_finish_mmu only.
 */
final class OomReap {
    private final Machine m;
    private final Kernel kernel;
    private final Drivers drivers;
    private final Zap zaps;
    private final Code reap;

    OomReap(Machine m, Kernel kernel, Drivers drivers, Zap zaps) {
        this.m = m;
        this.kernel = kernel;
        this.drivers = drivers;
        this.zaps = zaps;
        this.reap = buildReap();
    }

    /** The registers of a pass: the mm, whether it is reaped at all, the private VMAs left, whether start held. */
    record Regs(String proc, boolean reaping, List<Range> left, boolean started) implements Fingerprint.Fingerprinted {
        Range vma() {
            return left.get(0);
        }

        Regs withLeft(List<Range> l) {
            return new Regs(proc, reaping, l, started);
        }

        Regs starting(boolean s) {
            return new Regs(proc, reaping, left, s);
        }

        /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
        @Override
        public int hashCode() {
            return Fingerprint.hash(this);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x75DAF2D643A30FCEL;
            h = Fingerprint.add(h, proc);
            h = Fingerprint.add(h, reaping);
            h = Fingerprint.add(h, left);
            h = Fingerprint.add(h, started);
            return h;
        }
    }

    Invocation reap(String proc) {
        return new Invocation(reap, new Regs(proc, false, List.of(), false));
    }

    private Code buildReap() {
        return Builder.path("oom_reap")
                .local((c, r) -> reapable((Regs) r))
                .branch((c, r) -> !((Regs) r).reaping(), "out")
                .acquire("mmap_read_lock", (c, r) -> Lock.mmap(((Regs) r).proc(), false))
                .local((c, r) -> privateVmas((Regs) r))
                .label("vma")
                .branch((c, r) -> ((Regs) r).left().isEmpty(), "unlock")
                .local((c, r) -> withoutNotifiers((Regs) r))
                .branch((c, r) -> !bracketed(), "unmap")
                .call((c, r) -> zaps.unmapBracketed("oom_reap", ((Regs) r).proc(), ((Regs) r).vma(), nonblocking()),
                        (c, r, started) -> started((Regs) r, (Boolean) started))
                .jump("next")
                .label("unmap")
                .call((c, r) -> zaps.unmap("oom_reap", ((Regs) r).proc(), ((Regs) r).vma()))
                .label("next")
                .local((c, r) -> nextVma((Regs) r))
                .jump("vma")
                .label("unlock")
                .release("mmap_read_unlock", (c, r) -> Lock.mmap(((Regs) r).proc(), false))
                .label("out")
                .ret()
                .build();
    }

    /** 4.19 on: mmu_notifier_invalidate_range_start_nonblock, and an end in the same context. */
    private boolean nonblocking() {
        return form() == OomReaper.NONBLOCKING_START;
    }

    private OomReaper form() {
        return kernel.semantics().oomReaper();
    }

    /** 4.16's blockable start/end, or 4.19's non-blocking start, around each VMA's unmap. */
    private boolean bracketed() {
        return form() == OomReaper.SKIP_IF_BLOCKABLE || form() == OomReaper.NONBLOCKING_START;
    }

    /** Whether this era reaps the mm at all: no reaper before 4.6, and 4.14-4.18 skip mms with (blocking) notifiers. */
    private Regs reapable(Regs r) {
        Process p = m.process(r.proc());
        switch (form()) {
            case NONE -> {
                m.emit(new Event.NoReaper());
                return r;
            }
            case SKIP_IF_NOTIFIERS -> {
                if (!p.notifiers().isEmpty()) {
                    m.emit(new Event.ReaperSkipsMm(r.proc(), p.notifiers(), "mmu notifiers"));
                    return r;
                }
            }
            case SKIP_IF_BLOCKABLE -> {
                List<String> blocking = new ArrayList<>();
                for (String inst : p.notifiers()) {
                    if (drivers.mayBlock(inst)) {
                        blocking.add(inst);
                    }
                }
                if (!blocking.isEmpty()) {
                    m.emit(new Event.ReaperSkipsMm(r.proc(), blocking, "notifiers whose callbacks may block"));
                    return r;
                }
            }
            case NO_NOTIFIERS, NONBLOCKING_START -> {
            }
        }
        return new Regs(r.proc(), true, List.of(), false);
    }

    /** The VMAs __oom_reap_task_mm unmaps: the private ones. */
    private Regs privateVmas(Regs r) {
        List<Range> out = new ArrayList<>();
        for (Vma v : m.process(r.proc()).vmas().values()) {
            if (!v.shared()) {
                out.add(v.range());
            }
        }
        return r.withLeft(List.copyOf(out));
    }

    /** 4.6-4.13: the VMA is unmapped with no notifier call at all (bug B4), said before its unmap. */
    private Regs withoutNotifiers(Regs r) {
        if (form() == OomReaper.NO_NOTIFIERS) {
            m.emit(new Event.ReaperWithoutNotifiers(r.proc(), r.vma()));
        }
        return r;
    }

    /**
     * range_start, blocking (4.16) or not (4.19 on, mmu_notifier_invalidate_range_start_nonblock): a start that
     * fails with EAGAIN makes the reaper skip the VMA, with no range_end for the notifiers whose start ran.
     */
    private Regs started(Regs r, boolean started) {
        Range range = r.vma();
        if (started || !nonblocking()) {
            return r.starting(true);
        }
        m.emit(new Event.ReaperSkipsVma(r.proc(), range));
        for (String inst : m.process(r.proc()).notifiers()) {
            Instance i = m.mmus().instance(inst);
            if (i.open().contains(range)) {
                m.emit(new Event.Skipped(inst, "invalidate_range_end", range.toString(),
                        "its range_start succeeded, but the reaper skips range_end after EAGAIN"));
            }
        }
        return r.starting(false);
    }


    private static Regs nextVma(Regs r) {
        return r.withLeft(List.copyOf(r.left().subList(1, r.left().size())));
    }
}
