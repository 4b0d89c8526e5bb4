package dev.mmuscript.ops;

import java.util.List;

/**
 * A compiled kernel path or handler: a name and its ops. Compiled once per path and semantics profile; two
 * frames are equal only when they run the same compiled code, so codes compare by identity.
 */
public final class Code {
    /** Codes numbered in the order they are made: a frame's fingerprint takes in its code by this number. */
    private static final java.util.concurrent.atomic.AtomicLong SERIALS = new java.util.concurrent.atomic.AtomicLong();

    private final long serial = SERIALS.incrementAndGet();
    private final String name;
    private final Op[] ops;
    private final java.util.Map<String, Integer> labels;

    Code(String name, List<Op> ops, java.util.Map<String, Integer> labels) {
        this.name = name;
        this.ops = ops.toArray(new Op[0]);
        this.labels = labels;
    }

    /** Where a label of the code points (an abort jumps to a handler's epilogue). */
    public int pcOf(String label) {
        return labels.get(label);
    }

    public String name() {
        return name;
    }

    /** This code's number, told apart from every other code's in the process (codes compare by identity). */
    long serial() {
        return serial;
    }

    Op op(int pc) {
        return ops[pc];
    }

    public int size() {
        return ops.length;
    }

    /** The names of the steps this code announces itself (not those of what it calls). */
    public List<String> stepNames() {
        List<String> out = new java.util.ArrayList<>();
        for (Op op : ops) {
            if (op instanceof Op.Step s && s.name() != null) {
                out.add(s.name());
            } else if (op instanceof Op.Acquire a && a.name() != null) {
                out.add(a.name());
            } else if (op instanceof Op.Release r && r.name() != null) {
                out.add(r.name());
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
