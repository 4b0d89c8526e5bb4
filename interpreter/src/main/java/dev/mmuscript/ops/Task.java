package dev.mmuscript.ops;

import dev.mmuscript.model.Fingerprint;
import java.util.ArrayList;
import java.util.List;

/**
 * A thread of the simulated machine as a value: its name, its stack of frames and the locks it holds, in the order
 * it took them. A task with no frames has finished; {@code result} is what its outermost code returned. The stack
 * is a persistent list, so that moving the top frame on (every op) shares the frames below it.
 */
public record Task(String name, Frames frames, List<Lock> held, Object result) implements Fingerprint.Fingerprinted {
    /**
     * A persistent stack of frames: the top, the frames below it (null at the bottom), and how many there are. A
     * value (equality and hash of the content), but not a record: it keeps its hash once computed, because a step
     * changes only the top frame, and the explorer hashes the task after every step; with a record's hash, every
     * frame below the top was hashed again each time (14% of a search).
     */
    public static final class Frames {
        private final Frame top;
        private final Frames below;
        private final int size;
        /** The hash once computed; 0 until then (a hash that is 0 is computed every time, as String's). */
        private int hash;
        /** The fingerprint once computed, as the hash is. */
        private long fingerprint;

        public Frames(Frame top, Frames below, int size) {
            this.top = top;
            this.below = below;
            this.size = size;
        }

        public Frame top() {
            return top;
        }

        public Frames below() {
            return below;
        }

        public int size() {
            return size;
        }

        Frames push(Frame f) {
            return new Frames(f, this, size + 1);
        }

        Frames withTop(Frame f) {
            return new Frames(f, below, size);
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Frames f) || f.size != size || f.hashCode() != hashCode()) {
                return false;
            }
            return top.equals(f.top) && java.util.Objects.equals(below, f.below);
        }

        @Override
        public int hashCode() {
            int h = hash;
            if (h == 0) {
                h = (top.hashCode() * 31 + java.util.Objects.hashCode(below)) * 31 + size;
                hash = h;
            }
            return h;
        }

        /** Every frame, in 64 bits; kept once computed, so that a step fingerprints its top frame only. */
        public long fingerprint() {
            long f = fingerprint;
            if (f == 0) {
                f = Fingerprint.add(Fingerprint.add(Fingerprint.add(0x6A09E667F3BCC909L, top), below == null
                        ? 0 : below.fingerprint()), size);
                fingerprint = f;
            }
            return f;
        }

        @Override
        public String toString() {
            return "Frames[top=" + top + ", below=" + below + ", size=" + size + "]";
        }
    }

    public static Task start(String name, Invocation inv) {
        return new Task(name, new Frames(new Frame(inv.code(), 0, inv.regs()), null, 1), List.of(), null);
    }

    /** A task that runs {@code inv} with the name and the locks of another. */
    static Task on(Task outer, Invocation inv) {
        return new Task(outer.name(), new Frames(new Frame(inv.code(), 0, inv.regs()), null, 1), outer.held(), null);
    }

    public boolean done() {
        return frames == null;
    }

    public Frame top() {
        return frames.top();
    }

    /** How many frames deep the task is. */
    public int depth() {
        return frames == null ? 0 : frames.size();
    }

    /** The frames, outermost first. */
    public List<Frame> stack() {
        List<Frame> out = new ArrayList<>();
        for (Frames f = frames; f != null; f = f.below()) {
            out.add(0, f.top());
        }
        return out;
    }

    /** The task with its top frame moved to {@code pc} with {@code regs} (an abort jumps to an epilogue). */
    public Task jump(int pc, Object regs) {
        return withTop(top().at(pc, regs));
    }

    Task withTop(Frame f) {
        return new Task(name, frames.withTop(f), held, result);
    }

    Task push(Frame f) {
        return new Task(name, frames.push(f), held, result);
    }

    Task pop(Object value) {
        return new Task(name, frames.below(), held, value);
    }

    Task holding(Lock l) {
        if (held.isEmpty()) {
            return new Task(name, frames, List.of(l), result);
        }
        Lock[] h = held.toArray(new Lock[held.size() + 1]);
        h[held.size()] = l;
        return new Task(name, frames, List.of(h), result);
    }

    /** The task without the first hold of {@code l} (the same task if it does not hold it). */
    Task releasing(Lock l) {
        int at = held.indexOf(l);
        if (at < 0) {
            return this;
        }
        if (held.size() == 1) {
            return new Task(name, frames, List.of(), result);
        }
        Lock[] h = new Lock[held.size() - 1];
        for (int i = 0, j = 0; i < held.size(); i++) {
            if (i != at) {
                h[j++] = held.get(i);
            }
        }
        return new Task(name, frames, List.of(h), result);
    }

    public boolean holds(Lock l) {
        return held.contains(l);
    }

    /** The spinlock this task holds, if any: sleeping now would be sleep-in-atomic. */
    public Lock spinlockHeld() {
        for (Lock l : held) {
            if (l.spinning()) {
                return l;
            }
        }
        return null;
    }

    /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
    @Override
    public int hashCode() {
        return Fingerprint.hash(this);
    }

    /** Every component, in 64 bits: a world's fingerprint takes in each of its threads by this. */
    @Override
    public long fingerprint() {
        long h = 0x3C6EF372FE94F82BL;
        h = Fingerprint.add(h, name);
        h = Fingerprint.add(h, frames == null ? 0 : frames.fingerprint());
        h = Fingerprint.add(h, held);
        h = Fingerprint.add(h, result);
        return h;
    }
}
