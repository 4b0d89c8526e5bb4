package dev.mmuscript.model;

import java.util.List;

/**
 * The whole simulated machine as one immutable value: cheap to copy (a handful of references) and to hash
 * canonically (every map is sorted and keeps its own fingerprint). The explorer stores these; the interpreter
 * replaces them as it runs. {@code zeroPfn} is the shared zero page once a read fault has needed it, else -1.
 * {@code reverse} (the free list and who uses each frame) is derived from the rest and kept up to date by the
 * {@code with...} methods; equality, {@link #hashCode} and {@link #fingerprint} ignore it, so two states equal in
 * content are equal whatever history built them.
 */
public record MachineState(PMap<Long, Frame> frames, PMap<String, Process> procs, PMap<Integer, PMap<PageKey,
        TlbEntry>> tlbs, PMap<String, Instance> instances, PMap<String, Pin> pins, PMap<PageKey, Write> writes,
        PMap<String, FileState> files, long zeroPfn, ReverseMaps reverse) implements Fingerprint.Fingerprinted {

    public static MachineState initial() {
        return new MachineState(PMap.empty(), PMap.empty(), PMap.empty(), PMap.empty(), PMap.empty(),
                PMap.empty(), PMap.empty(), -1, ReverseMaps.EMPTY);
    }

    public MachineState withFrames(PMap<Long, Frame> f) {
        return new MachineState(f, procs, tlbs, instances, pins, writes, files, zeroPfn, reverse.frames(frames, f));
    }

    public MachineState withProcs(PMap<String, Process> p) {
        return new MachineState(frames, p, tlbs, instances, pins, writes, files, zeroPfn, reverse.procs(procs, p));
    }

    public MachineState withTlbs(PMap<Integer, PMap<PageKey, TlbEntry>> t) {
        return new MachineState(frames, procs, t, instances, pins, writes, files, zeroPfn, reverse);
    }

    public MachineState withInstances(PMap<String, Instance> i) {
        return new MachineState(frames, procs, tlbs, i, pins, writes, files, zeroPfn,
                reverse.instances(instances, i));
    }

    public MachineState withPins(PMap<String, Pin> p) {
        return new MachineState(frames, procs, tlbs, instances, p, writes, files, zeroPfn, reverse);
    }

    public MachineState withWrites(PMap<PageKey, Write> w) {
        return new MachineState(frames, procs, tlbs, instances, pins, w, files, zeroPfn, reverse);
    }

    public MachineState withFiles(PMap<String, FileState> f) {
        return new MachineState(frames, procs, tlbs, instances, pins, writes, f, zeroPfn, reverse.files(files, f));
    }

    public MachineState withZeroPfn(long z) {
        return new MachineState(frames, procs, tlbs, instances, pins, writes, files, z, reverse);
    }

    /** One frame put in place: the free list follows without a diff. */
    public MachineState withFrame(Frame f) {
        Frame was = frames.get(f.pfn());
        return new MachineState(frames.put(f.pfn(), f), procs, tlbs, instances, pins, writes, files, zeroPfn,
                reverse.frame(was, f));
    }

    /** One process put in place: the PTE reverse map follows its page table only. */
    public MachineState withProc(Process p) {
        Process was = procs.get(p.name());
        return new MachineState(frames, procs.put(p.name(), p), tlbs, instances, pins, writes, files, zeroPfn,
                reverse.proc(p.name(), was == null ? PMap.empty() : was.ptes(), p.ptes()));
    }

    /** One PTE set ({@code pte} non-null) or cleared in process {@code proc}: O(log n), no diff. */
    public MachineState withPte(String proc, long va, Pte pte) {
        Process p = procs.get(proc);
        Pte was = p.ptes().get(va);
        Process now = p.withPtes(pte == null ? p.ptes().remove(va) : p.ptes().put(va, pte));
        return new MachineState(frames, procs.put(proc, now), tlbs, instances, pins, writes, files, zeroPfn,
                reverse.pte(proc, va, was == null ? -1 : was.pfn(), pte == null ? -1 : pte.pfn()));
    }

    /** One instance put in place: the shadow reverse map follows its shadow table only. */
    public MachineState withInstance(Instance i) {
        Instance was = instances.get(i.name());
        return new MachineState(frames, procs, tlbs, instances.put(i.name(), i), pins, writes, files, zeroPfn,
                reverse.instance(i.name(), was == null ? PMap.empty() : was.shadow(), i.shadow()));
    }

    /** One shadow entry set ({@code e} non-null) or cleared in instance {@code inst}: O(log n), no diff. */
    public MachineState withShadow(String inst, long va, ShadowEntry e) {
        Instance i = instances.get(inst);
        ShadowEntry was = i.shadow().get(va);
        Instance now = i.withShadow(e == null ? i.shadow().remove(va) : i.shadow().put(va, e));
        return new MachineState(frames, procs, tlbs, instances.put(inst, now), pins, writes, files, zeroPfn,
                reverse.shadow(inst, va, was == null ? -1 : was.pfn(), e == null ? -1 : e.pfn()));
    }

    /** One file put in place: the page-cache reverse map follows its cache only. */
    public MachineState withFile(FileState f) {
        FileState was = files.get(f.name());
        return new MachineState(frames, procs, tlbs, instances, pins, writes, files.put(f.name(), f), zeroPfn,
                reverse.file(f.name(), was == null ? PMap.empty() : was.cache(), f.cache()));
    }

    /** The lowest free frame, or null when every frame is in use (the allocator then grows the table). */
    public Long lowestFree() {
        return reverse.free().firstKey();
    }

    /** The PTEs that map {@code pfn}, as (process, virtual page), in process and address order. */
    public List<PfnUse> ptesOf(long pfn) {
        return ReverseMaps.usesOf(reverse.ptes(), pfn);
    }

    /** The shadow entries that map {@code pfn}, as (instance, address), in instance and address order. */
    public List<PfnUse> shadowsOf(long pfn) {
        return ReverseMaps.usesOf(reverse.shadows(), pfn);
    }

    /** The page-cache slot that holds {@code pfn} as (file, index), the first in file and index order; or null. */
    public PfnUse cacheSlotOf(long pfn) {
        List<PfnUse> slots = ReverseMaps.usesOf(reverse.cache(), pfn);
        return slots.isEmpty() ? null : slots.get(0);
    }

    /** A 64-bit fingerprint of the content, O(1) (each map keeps its own): the explorer's key for a state. */
    @Override
    public long fingerprint() {
        long h = Fingerprint.add(0x4D4D55L, frames.fingerprint());
        h = Fingerprint.add(h, procs.fingerprint());
        h = Fingerprint.add(h, tlbs.fingerprint());
        h = Fingerprint.add(h, instances.fingerprint());
        h = Fingerprint.add(h, pins.fingerprint());
        h = Fingerprint.add(h, writes.fingerprint());
        h = Fingerprint.add(h, files.fingerprint());
        return Fingerprint.add(h, zeroPfn);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof MachineState s && zeroPfn == s.zeroPfn && frames.equals(s.frames)
                && procs.equals(s.procs) && tlbs.equals(s.tlbs) && instances.equals(s.instances)
                && pins.equals(s.pins) && writes.equals(s.writes) && files.equals(s.files);
    }

    @Override
    public int hashCode() {
        long f = fingerprint();
        return (int) (f ^ (f >>> 32));
    }

    /**
     * What a CPU access of the process would read at a page, without side effects: the frame its PTE maps, else
     * the swap entry, else the file page (cache, then disk), else 0 for anonymous memory; null when unmapped.
     */
    public Long cpuValue(String proc, long page) {
        Process p = procs.get(proc);
        Pte pte = p.ptes().get(page);
        if (pte != null) {
            return frames.get(pte.pfn()).value();
        }
        Long swapped = p.swap().get(page);
        if (swapped != null) {
            return swapped;
        }
        Vma v = p.vmaAt(page);
        if (v == null) {
            return null;
        }
        if (v.anon()) {
            return 0L;
        }
        FileState f = files.get(v.file());
        Long cached = f.cache().get(v.fileIndex(page));
        if (cached != null) {
            return frames.get(cached).value();
        }
        Long disk = f.disk().get(v.fileIndex(page));
        return disk == null ? 0L : disk;
    }
}
