package dev.mmuscript.model;

import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * The mutable handle the kernel and drivers work through: it holds the current {@link MachineState} value and
 * replaces it on every change, emitting the event that describes the change. {@link #state()} is a snapshot in
 * O(1); {@link #restore} puts one back.
 */
public final class Machine {
    private MachineState state = MachineState.initial();
    private Consumer<Event> sink = e -> { };
    private Consumer<Violation> violations = v -> { };
    /** Where the running step's reads and writes are recorded (the explorer's footprints); null: nowhere. */
    private Footprint footprint;
    private boolean announceLocks;
    private boolean exploring;

    private final Mmus mmus = new Mmus(this);
    private final Mms mms = new Mms(this);
    private final LockTable locks = new LockTable(this);

    /** The locks: each process's mmap_lock and PT lock, each instance's driver locks. */
    public LockTable locks() {
        return locks;
    }

    /** The processes' members one by one: page tables, VMAs, notifier lists, interval sequences, pending flushes. */
    public Mms mms() {
        return mms;
    }

    /** The secondary MMUs: their instances, variables, shadow tables, page references and open invalidations. */
    public Mmus mmus() {
        return mmus;
    }

    /** The state as it is, read by this package's views (which record what they read themselves). */
    MachineState current() {
        return state;
    }

    void replace(MachineState s) {
        state = s;
    }

    /** Where the running step's reads and writes go (null: nowhere). */
    Footprint footprint() {
        return footprint;
    }

    /** The whole state: a step that asks for it has read everything. */
    public MachineState state() {
        if (footprint != null) {
            footprint.readAll();
        }
        return state;
    }

    public void restore(MachineState s) {
        if (footprint != null) {
            footprint.writeAll();
        }
        state = s;
    }

    /** Records from now on what is read and written into {@code f} (null: stops recording). */
    public void record(Footprint f) {
        footprint = f;
    }

    public void sink(Consumer<Event> s) {
        sink = s;
    }

    public Consumer<Event> sink() {
        return sink;
    }

    public Consumer<Violation> violations() {
        return violations;
    }

    /**
     * Emits an event; it is also where a run can be stopped: an interrupted thread (the REPL's Ctrl-C) ends the
     * statement here with a {@link CancellationException}, and its caller drops what the statement did.
     */
    public void emit(Event e) {
        if (Thread.interrupted()) {
            throw new CancellationException("interrupted");
        }
        sink.accept(e);
    }

    /** Lock takes and releases are announced (events for a timeline, which no trace prints) only when asked. */
    public void announceLocks(boolean on) {
        announceLocks = on;
    }

    public boolean announcesLocks() {
        return announceLocks;
    }

    /**
     * An explore searches (it turns this on, and off again): frames are placed by owner ({@link FramePlaces}), and
     * a device fault told to retry tries again at once instead of waiting for a change (drivers' FaultPath).
     */
    public void exploring(boolean on) {
        exploring = on;
    }

    public boolean exploring() {
        return exploring;
    }

    public void violations(Consumer<Violation> v) {
        violations = v;
    }

    /** Reports a broken invariant found while running (the engine decides whether it was expected). */
    public void violation(Violation v) {
        violations.accept(v);
    }

    // ---------------------------------------------------------------- processes

    /**
     * The whole process: a read of every member (whether it lives, its page table, VMAs, notifiers, interval
     * sequence and pending flushes). The explorer's reduction learns more from the members' own accessors.
     */
    public Process process(String name) {
        Members.readProcess(footprint, name);
        return state.procs().get(name);
    }

    /** Replaces the process: a write of each member that changed. */
    public void put(Process p) {
        Members.processReplaced(footprint, state.procs().get(p.name()), p);
        state = state.withProc(p);
    }

    // ---------------------------------------------------------------- frames

    public Frame frame(long pfn) {
        Footprint.read(footprint, Footprint.FRAME, pfn);
        return state.frames().get(pfn);
    }

    public void put(Frame f) {
        Footprint.write(footprint, Footprint.FRAME, f.pfn());
        if (footprint != null && !exploring && (f.isFree() || state.frames().get(f.pfn()) == null)) {
            Footprint.write(footprint, Footprint.ALLOCATOR, 0);
        }
        state = state.withFrame(f);
    }

    /**
     * Allocates a frame, zero-filled, with no references yet: the lowest free one (deterministic, from the free
     * list); in an explore, the one its owner's place names ({@link FramePlaces}).
     */
    public Frame alloc(String owner) {
        long pfn = exploring ? FramePlaces.placeFor(owner, state.frames(), footprint)
                : FramePlaces.lowestFree(state, footprint);
        Frame was = state.frames().get(pfn);
        int generation = exploring ? FramePlaces.unusedGeneration(state, pfn, holders)
                : was != null ? was.generation() + 1 : 1;
        Frame f = new Frame(pfn, 0, 0, 0, owner, 0, generation);
        put(f);
        emit(new Event.Alloc(pfn, owner));
        return f;
    }

    /** Where else a frame's generations may be held: the explored threads' registers (an explore says). */
    public interface Holders {
        void generationsOf(long pfn, java.util.function.IntConsumer out);
    }

    private Holders holders = (pfn, out) -> { };

    /** Who else holds generations of frames, for an explore's allocations; none by default. */
    public void holders(Holders h) {
        holders = h;
    }

    public void getRef(long pfn) {
        Frame f = frame(pfn);
        put(f.withRefs(f.refs() + 1));
    }

    /** Drops a reference; the frame goes back to the free list when the last one goes. */
    public void putRef(long pfn) {
        Frame f = frame(pfn);
        if (f.isFree()) {
            throw new IllegalStateException("put of free pfn " + pfn + ": a reference was dropped twice");
        }
        if (f.refs() <= 1) {
            put(f.freed());
            emit(new Event.Free(pfn));
            freedWhileMapped(f);
        } else {
            put(f.withRefs(f.refs() - 1));
        }
    }

    /**
     * A frame went back to the allocator while a secondary MMU still translates to it: the device can read or
     * write memory that is no longer the process's (the page may be reused at once).
     */
    private void freedWhileMapped(Frame f) {
        Footprint.readEvery(footprint, Footprint.SHADOW, state.instances());
        for (PfnUse use : state.shadowsOf(f.pfn())) {
            ShadowEntry e = state.instances().get(use.by()).shadow().get(use.at());
            if (e.generation() == f.generation()) {
                violation(new Violation("shadow-use-after-free", use.by(), use.at(), f.pfn(), "pfn " + f.pfn()
                        + " is freed while " + use.by() + " still maps " + Range.hex(use.at()) + " to it"));
            }
        }
    }

    /** The shared zero page, allocated the first time a read fault needs it; never freed. */
    public long zeroPage() {
        Footprint.read(footprint, Footprint.ZERO_PAGE, 0);
        if (state.zeroPfn() < 0) {
            Frame z = alloc("zero page");
            put(z.withRefs(1));
            Footprint.write(footprint, Footprint.ZERO_PAGE, 0);
            state = state.withZeroPfn(z.pfn());
        }
        return state.zeroPfn();
    }

    public boolean isZeroPage(long pfn) {
        Footprint.read(footprint, Footprint.ZERO_PAGE, 0);
        return pfn == state.zeroPfn();
    }

    /** Every (process, virtual page) whose PTE maps {@code pfn}: the reverse map, in process and address order. */
    public java.util.List<PageKey> mappers(long pfn) {
        Footprint.readEvery(footprint, Footprint.PTES, state.procs());
        java.util.List<PageKey> out = new java.util.ArrayList<>();
        for (PfnUse use : state.ptesOf(pfn)) {
            out.add(new PageKey(use.by(), use.at()));
        }
        return out;
    }

    /** The page-cache slot that holds {@code pfn}, as (file, index); null for anonymous memory. */
    public PfnUse cacheSlot(long pfn) {
        Footprint.readEvery(footprint, Footprint.FILE, state.files());
        return state.cacheSlotOf(pfn);
    }

    // ---------------------------------------------------------------- files

    public FileState file(String name) {
        Footprint.read(footprint, Footprint.FILE, name);
        return state.files().get(name);
    }

    public void put(FileState f) {
        Footprint.write(footprint, Footprint.FILE, f.name());
        state = state.withFile(f);
    }

    /** A file that is gone (a shmem object whose last mapping went); its page cache is already empty. */
    public void dropFile(String name) {
        Footprint.write(footprint, Footprint.FILE, name);
        state = state.withFiles(state.files().remove(name));
    }

    /** True when {@code pfn} still holds the allocation of the given generation. */
    public boolean live(long pfn, int generation) {
        Frame f = frame(pfn);
        return f != null && !f.isFree() && f.generation() == generation;
    }

    // ---------------------------------------------------------------- page tables

    /** Installs a PTE for a new mapping of {@code pfn}: the page table takes a reference and a map count. */
    public void mapPte(String proc, long va, long pfn, boolean writable, boolean accessible) {
        Frame f = frame(pfn);
        put(f.withRefs(f.refs() + 1).withMaps(f.maps() + 1));
        Footprint.write(footprint, Footprint.PTES, proc);
        state = state.withPte(proc, va, new Pte(pfn, f.generation(), writable, accessible, false));
        emit(new Event.PteSet(proc, va, pfn, !accessible ? "none" : writable ? "rw" : "r"));
    }

    /** Changes an existing PTE's bits in place. */
    public void updatePte(String proc, long va, Pte now) {
        Pte was = mms.ptes(proc).get(va);
        Footprint.write(footprint, Footprint.PTES, proc);
        state = state.withPte(proc, va, now);
        if (!was.mode().equals(now.mode())) {
            emit(new Event.PteChange(proc, va, now.pfn(), was.mode(), now.mode()));
        }
    }

    /**
     * Clears a PTE and drops the map count; the page table's reference is handed to the caller, who drops it
     * once the TLBs are flushed (the mmu_gather).
     */
    public Pte clearPte(String proc, long va) {
        Pte was = mms.ptes(proc).get(va);
        if (was == null) {
            return null;
        }
        Footprint.write(footprint, Footprint.PTES, proc);
        state = state.withPte(proc, va, null);
        Frame f = frame(was.pfn());
        put(f.withMaps(Math.max(0, f.maps() - 1)));
        emit(new Event.PteClear(proc, va, was.pfn()));
        return was;
    }

    // ---------------------------------------------------------------- TLBs

    public TlbEntry tlb(int cpu, String proc, long va) {
        Footprint.read(footprint, Footprint.TLB, proc);
        PMap<PageKey, TlbEntry> t = state.tlbs().get(cpu);
        return t == null ? null : t.get(new PageKey(proc, va));
    }

    public void fillTlb(int cpu, String proc, long va, Pte pte) {
        Footprint.write(footprint, Footprint.TLB, proc);
        PMap<PageKey, TlbEntry> t = state.tlbs().get(cpu);
        if (t == null) {
            t = PMap.empty();
        }
        t = t.put(new PageKey(proc, va), new TlbEntry(pte.pfn(), pte.generation(), pte.writable()));
        state = state.withTlbs(state.tlbs().put(cpu, t));
    }

    /** Flushes the range from every CPU's TLB; returns how many entries went. */
    public int flushTlb(String proc, Range r) {
        Footprint.read(footprint, Footprint.TLB, proc);
        Footprint.write(footprint, Footprint.TLB, proc);
        int count = 0;
        PMap<Integer, PMap<PageKey, TlbEntry>> all = state.tlbs();
        for (Integer cpu : all.keys()) {
            PMap<PageKey, TlbEntry> t = all.get(cpu);
            PMap<PageKey, TlbEntry> n = t.removeIn(new PageKey(proc, r.start()), new PageKey(proc, r.end()));
            count += t.size() - n.size();
            // An empty TLB is no TLB: keeps equal machines equal as values.
            all = n.isEmpty() ? all.remove(cpu) : all.put(cpu, n);
        }
        state = state.withTlbs(all);
        return count;
    }

    // ---------------------------------------------------------------- pins and the write log

    public Pin pin(String name) {
        Footprint.read(footprint, Footprint.PIN, name);
        return state.pins().get(name);
    }

    public void put(Pin p) {
        Footprint.write(footprint, Footprint.PIN, p.name());
        state = state.withPins(state.pins().put(p.name(), p));
    }

    public void removePin(String name) {
        Footprint.write(footprint, Footprint.PIN, name);
        state = state.withPins(state.pins().remove(name));
    }

    public void logWrite(String proc, long va, Write w) {
        Footprint.write(footprint, Footprint.WRITES, proc);
        state = state.withWrites(state.writes().put(new PageKey(proc, va), w));
    }

    public void forgetWrites(String proc, Range r) {
        Footprint.write(footprint, Footprint.WRITES, proc);
        state = state.withWrites(state.writes().removeIn(new PageKey(proc, r.start()), new PageKey(proc, r.end())));
    }
}
