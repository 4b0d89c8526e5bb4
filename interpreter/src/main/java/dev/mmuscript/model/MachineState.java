package dev.mmuscript.model;

/**
 * The whole simulated machine as one immutable value: cheap to copy (a handful of references) and to hash
 * canonically (every map is sorted). The explorer stores these; the interpreter replaces them as it runs.
 * {@code zeroPfn} is the shared zero page once a read fault has needed it, else -1.
 */
public record MachineState(PMap<Long, Frame> frames, PMap<String, Process> procs, PMap<Integer, PMap<PageKey,
        TlbEntry>> tlbs, PMap<String, Instance> instances, PMap<String, Pin> pins, PMap<PageKey, Write> writes,
        PMap<String, FileState> files, long zeroPfn) {

    public static MachineState initial() {
        return new MachineState(PMap.empty(), PMap.empty(), PMap.empty(), PMap.empty(), PMap.empty(),
                PMap.empty(), PMap.empty(), -1);
    }

    public MachineState withFrames(PMap<Long, Frame> f) {
        return new MachineState(f, procs, tlbs, instances, pins, writes, files, zeroPfn);
    }

    public MachineState withProcs(PMap<String, Process> p) {
        return new MachineState(frames, p, tlbs, instances, pins, writes, files, zeroPfn);
    }

    public MachineState withTlbs(PMap<Integer, PMap<PageKey, TlbEntry>> t) {
        return new MachineState(frames, procs, t, instances, pins, writes, files, zeroPfn);
    }

    public MachineState withInstances(PMap<String, Instance> i) {
        return new MachineState(frames, procs, tlbs, i, pins, writes, files, zeroPfn);
    }

    public MachineState withPins(PMap<String, Pin> p) {
        return new MachineState(frames, procs, tlbs, instances, p, writes, files, zeroPfn);
    }

    public MachineState withWrites(PMap<PageKey, Write> w) {
        return new MachineState(frames, procs, tlbs, instances, pins, w, files, zeroPfn);
    }

    public MachineState withFiles(PMap<String, FileState> f) {
        return new MachineState(frames, procs, tlbs, instances, pins, writes, f, zeroPfn);
    }

    public MachineState withZeroPfn(long z) {
        return new MachineState(frames, procs, tlbs, instances, pins, writes, files, z);
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
