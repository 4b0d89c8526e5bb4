package dev.mmuscript.model;

/**
 * The whole simulated machine as one immutable value: cheap to copy (a handful of references) and to hash
 * canonically (every map is sorted). The explorer stores these; the interpreter replaces them as it runs.
 */
public record MachineState(PMap<Long, Frame> frames, PMap<String, Process> procs, PMap<Integer, PMap<PageKey,
        TlbEntry>> tlbs, PMap<String, Instance> instances, PMap<String, Pin> pins, PMap<PageKey, Write> writes) {

    public static MachineState initial() {
        return new MachineState(PMap.empty(), PMap.empty(), PMap.empty(), PMap.empty(), PMap.empty(),
                PMap.empty());
    }

    public MachineState withFrames(PMap<Long, Frame> f) {
        return new MachineState(f, procs, tlbs, instances, pins, writes);
    }

    public MachineState withProcs(PMap<String, Process> p) {
        return new MachineState(frames, p, tlbs, instances, pins, writes);
    }

    public MachineState withTlbs(PMap<Integer, PMap<PageKey, TlbEntry>> t) {
        return new MachineState(frames, procs, t, instances, pins, writes);
    }

    public MachineState withInstances(PMap<String, Instance> i) {
        return new MachineState(frames, procs, tlbs, i, pins, writes);
    }

    public MachineState withPins(PMap<String, Pin> p) {
        return new MachineState(frames, procs, tlbs, instances, p, writes);
    }

    public MachineState withWrites(PMap<PageKey, Write> w) {
        return new MachineState(frames, procs, tlbs, instances, pins, w);
    }
}
