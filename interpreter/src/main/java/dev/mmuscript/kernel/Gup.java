package dev.mmuscript.kernel;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.model.Frame;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Pin;
import dev.mmuscript.model.PinnedPage;
import dev.mmuscript.model.PMap;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Pte;
import dev.mmuscript.model.Range;
import dev.mmuscript.ops.Builder;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Lock;
import dev.mmuscript.ops.Prefixed;
import java.util.ArrayList;
import java.util.List;

/**
 * get_user_pages and pin_user_pages (mm/gup.c __get_user_pages: follow_page_mask, else faultin_page under
 * mmap_read_lock, then follow again), and a device's walk of the CPU page table that faults through the IOMMU's
 * page request (drivers/iommu/iommu-sva.c iommu_sva_handle_iopf: handle_mm_fault under mmap_read_lock, steps
 * {@code iopf.*}). The fault is {@link Fault}'s handle_mm_fault, so a thread can stop inside it.
 */
final class Gup {
    private final Machine m;
    private final Fault fault;
    private final Code take;
    private final Code pin;
    private final Code unpin;

    Gup(Machine m, Fault fault) {
        this.m = m;
        this.fault = fault;
        this.take = buildTake();
        this.pin = buildPin();
        this.unpin = buildUnpin();
    }

    /** How a page is taken: a reference (get_user_pages), a reference and a pin, or no reference (a device walk). */
    enum How { REF, PIN, WALK }

    /** The registers of one page taken: the path ({@code gup}, {@code iopf}), the page, who takes it, the frame. */
    record Take(String path, String proc, long va, boolean write, String holder, How how, Frame frame,
            boolean failed) implements Fingerprint.Fingerprinted, Prefixed {
        @Override
        public String prefix() {
            return path;
        }

        Take taken(Frame f) {
            return new Take(path, proc, va, write, holder, how, f, f == null);
        }

        Take failing() {
            return new Take(path, proc, va, write, holder, how, null, true);
        }

        boolean done() {
            return frame != null || failed;
        }

        /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
        @Override
        public int hashCode() {
            return Fingerprint.hash(this);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x41E4F024CDD83907L;
            h = Fingerprint.add(h, path);
            h = Fingerprint.add(h, proc);
            h = Fingerprint.add(h, va);
            h = Fingerprint.add(h, write);
            h = Fingerprint.add(h, holder);
            h = Fingerprint.add(h, how);
            h = Fingerprint.add(h, frame);
            h = Fingerprint.add(h, failed);
            return h;
        }
    }

    /** The registers of pin_user_pages over a range: the pin's name, the pages pinned so far, the next page. */
    record Pinning(String proc, Range range, boolean write, String name, List<PinnedPage> pages, long next,
            boolean failed) implements Fingerprint.Fingerprinted, Prefixed {
        @Override
        public String prefix() {
            return "gup";
        }

        Pinning after(Frame f) {
            if (f == null) {
                return new Pinning(proc, range, write, name, pages, next, true);
            }
            List<PinnedPage> more = new ArrayList<>(pages);
            more.add(new PinnedPage(next, f.pfn(), f.generation()));
            return new Pinning(proc, range, write, name, List.copyOf(more), next + Range.PAGE, false);
        }

        /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
        @Override
        public int hashCode() {
            return Fingerprint.hash(this);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x184AD1DA0D45AFB1L;
            h = Fingerprint.add(h, proc);
            h = Fingerprint.add(h, range);
            h = Fingerprint.add(h, write);
            h = Fingerprint.add(h, name);
            h = Fingerprint.add(h, pages);
            h = Fingerprint.add(h, next);
            h = Fingerprint.add(h, failed);
            return h;
        }
    }

    /** The registers of unpin_user_pages. */
    record Unpinning(String name) implements Fingerprint.Fingerprinted, Prefixed {
        @Override
        public String prefix() {
            return "gup";
        }

        /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
        @Override
        public int hashCode() {
            return Fingerprint.hash(this);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0xF1F59AD23F53398L;
            h = Fingerprint.add(h, name);
            return h;
        }
    }

    // ---------------------------------------------------------------- entry points

    /** get_user_pages of one page for {@code holder}: the frame with a reference taken, or null (EFAULT). */
    Invocation gup(String proc, long va, boolean write, String holder) {
        return new Invocation(take, new Take("gup", proc, va, write, holder, How.REF, null, false));
    }

    /** A device's walk of one page (a page request when the PTE does not allow the access): the frame, or null. */
    Invocation walk(String proc, long va, boolean write, String holder) {
        return new Invocation(take, new Take("iopf", proc, va, write, holder, How.WALK, null, false));
    }

    /** {@code gup P RANGE [write] as PIN}: pin_user_pages; the result is false if a page could not be pinned. */
    Invocation pin(String proc, Range r, boolean write, String name) {
        return new Invocation(pin, new Pinning(proc, r, write, name, List.of(), r.start(), false));
    }

    /** {@code unpin PIN}: unpin_user_pages. */
    Invocation unpin(String name) {
        return new Invocation(unpin, new Unpinning(name));
    }

    // ---------------------------------------------------------------- the programs

    /**
     * One page: follow_page_mask (a present PTE that allows the access is taken at once, no step), else the fault
     * under mmap_read_lock ({@code gup.mmap_read_lock}, {@code fault.write ...}, {@code gup.mmap_read_unlock}), and
     * follow again.
     */
    private Code buildTake() {
        return Builder.path("get_user_pages")
                .label("again")
                .local((c, r) -> followPage((Take) r))
                .branch((c, r) -> ((Take) r).done(), "out")
                .branch((c, r) -> holdsMmap(c, ((Take) r).proc()), "held")
                .acquire("mmap_read_lock", (c, r) -> Lock.mmap(((Take) r).proc(), false))
                .call((c, r) -> fault.handleMmFault(((Take) r).proc(), ((Take) r).va(), ((Take) r).write(), false),
                        (c, r, allowed) -> (Boolean) allowed ? r : ((Take) r).failing())
                .release("mmap_read_unlock", (c, r) -> Lock.mmap(((Take) r).proc(), false))
                .jump("faulted")
                .label("held")
                .step("mmap_read_lock", (c, r) -> announce((Take) r, "mmap_read_lock"))
                .call((c, r) -> fault.handleMmFault(((Take) r).proc(), ((Take) r).va(), ((Take) r).write(), false),
                        (c, r, allowed) -> (Boolean) allowed ? r : ((Take) r).failing())
                .step("mmap_read_unlock", (c, r) -> announce((Take) r, "mmap_read_unlock"))
                .label("faulted")
                .branch((c, r) -> !((Take) r).failed(), "again")
                .label("out")
                .ret((c, r) -> ((Take) r).frame())
                .build();
    }

    private Code buildPin() {
        return Builder.path("pin_user_pages")
                .label("page")
                .branch((c, r) -> ((Pinning) r).failed() || ((Pinning) r).next() >= ((Pinning) r).range().end(),
                        "done")
                .call((c, r) -> pinOne((Pinning) r), (c, r, f) -> ((Pinning) r).after((Frame) f))
                .jump("page")
                .label("done")
                .local((c, r) -> recordPin((Pinning) r))
                .ret((c, r) -> !((Pinning) r).failed())
                .build();
    }

    private Code buildUnpin() {
        return Builder.path("unpin_user_pages")
                .local((c, r) -> unpinAll((Unpinning) r))
                .ret()
                .build();
    }

    // ---------------------------------------------------------------- the steps

    /** follow_page_mask: a present PTE that allows the access is taken (a walk only reads it); else the fault. */
    private Take followPage(Take t) {
        if (!m.mms().lives(t.proc())) {
            return t.failing();
        }
        Frame f = follow(t.proc(), t.va(), t.write(), t.holder(), t.how());
        return f == null ? t : t.taken(f);
    }

    /**
     * The frame a present PTE that allows the access maps, taken as {@code how} says (a reference, a pin, or only
     * read by a walk); null, with nothing done, when there is no such PTE (or no live mm).
     */
    Frame follow(String proc, long va, boolean write, String holder, How how) {
        PMap<Long, Pte> ptes = m.mms().ptes(proc);
        Pte pte = ptes == null ? null : ptes.get(va);
        if (pte == null || !pte.accessible() || (write && !pte.writable()) || !m.mms().lives(proc)) {
            return null;
        }
        if (how == How.WALK) {
            m.emit(new Event.Walked(holder, va, pte.pfn(), pte.writable()));
            return m.frame(pte.pfn());
        }
        boolean pinning = how == How.PIN;
        Frame f = m.frame(pte.pfn());
        m.put(f.withRefs(f.refs() + 1).withPins(f.pins() + (pinning ? 1 : 0)));
        held(holder, f.pfn(), pinning, 1);
        m.emit(new Event.GupTaken(holder, va, f.pfn(), pinning));
        return m.frame(pte.pfn());
    }

    /** A device's gup reference (not a script's pin) counted on its instance, so that one never put is seen. */
    private void held(String holder, long pfn, boolean pin, int delta) {
        if (!pin && m.mmus().info(holder) != null) {
            m.mmus().ref(holder, pfn, delta);
        }
    }

    /**
     * Whether this thread holds the mm's mmap_lock already: a handler the kernel called with it held (munmap's
     * range_start) faults a page. The kernel would deadlock on the rwsem; the model goes on as before (the steps
     * are announced, the lock is not taken again), so that a handler's recursion is what stops the run.
     */
    private static boolean holdsMmap(dev.mmuscript.ops.Ctx c, String proc) {
        return c.task().holds(Lock.mmap(proc, false)) || c.task().holds(Lock.mmap(proc, true));
    }

    private Take announce(Take t, String step) {
        m.emit(new Event.Step(t.path(), step));
        return t;
    }

    private Invocation pinOne(Pinning p) {
        return new Invocation(take, new Take("gup", p.proc(), p.next(), p.write(), p.name(), How.PIN, null,
                false));
    }

    /** The pin as a script names it, with the pages it holds; a pin that stopped short is reported. */
    private Pinning recordPin(Pinning p) {
        m.put(new Pin(p.name(), p.proc(), p.write(), p.pages()));
        if (p.failed()) {
            m.emit(new Event.PinIncomplete(p.name()));
        }
        return p;
    }

    private Unpinning unpinAll(Unpinning u) {
        Pin pin = m.pin(u.name());
        for (PinnedPage pg : pin.pages()) {
            release(pg.pfn(), u.name(), pg.va(), true);
        }
        m.removePin(u.name());
        return u;
    }

    /** put_page ({@code pin} false) or unpin_user_page ({@code pin} true) of one page. */
    void release(long pfn, String holder, long va, boolean pin) {
        if (pin) {
            Frame f = m.frame(pfn);
            m.put(f.withPins(f.pins() - 1));
        }
        held(holder, pfn, pin, -1);
        m.emit(new Event.GupReleased(holder, va, pfn, pin));
        m.putRef(pfn);
    }
}
