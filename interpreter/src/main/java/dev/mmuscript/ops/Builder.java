package dev.mmuscript.ops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes compiled code so that it reads like the kernel function it models:
 * {@code path("zap").acquire("mmap_read_lock", ...).call(rangeStart).step("clear_ptes", Zap::clearPtes)...}.
 * Labels name jump targets; they are resolved when the code is built.
 */
public final class Builder {
    private final String name;
    private final List<Op> ops = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();
    private final List<String> pending = new ArrayList<>();

    private Builder(String name) {
        this.name = name;
    }

    public static Builder path(String name) {
        return new Builder(name);
    }

    public Builder step(String stepName, Fn.Body body) {
        ops.add(new Op.Step(stepName, body));
        return this;
    }

    /** A local step: fuses with the next named step (registers and bookkeeping, no scheduling point). */
    public Builder local(Fn.Body body) {
        ops.add(new Op.Step(null, body));
        return this;
    }

    public Builder call(Fn.Target target, Fn.Then then) {
        ops.add(new Op.Call(target, then));
        return this;
    }

    public Builder call(Fn.Target target) {
        return call(target, null);
    }

    public Builder acquire(String stepName, Fn.LockOf lock) {
        ops.add(new Op.Acquire(stepName, true, lock));
        return this;
    }

    /** An acquire whose step event the code before it has printed already (with the statement's text). */
    public Builder acquireQuietly(String stepName, Fn.LockOf lock) {
        ops.add(new Op.Acquire(stepName, false, lock));
        return this;
    }

    public Builder release(String stepName, Fn.LockOf lock) {
        ops.add(new Op.Release(stepName, lock));
        return this;
    }

    public Builder await(Fn.Test ready, Fn.LockOf what) {
        ops.add(new Op.Await(ready, what));
        return this;
    }

    /** Marks the next op as the target {@code label}. */
    public Builder label(String label) {
        labels.put(label, ops.size());
        return this;
    }

    public Builder branch(Fn.Test test, String label) {
        pending.add(label);
        ops.add(new Op.Branch(test, -1 - (pending.size() - 1)));
        return this;
    }

    public Builder jump(String label) {
        return branch((c, r) -> true, label);
    }

    public Builder ret(Fn.Value value) {
        ops.add(new Op.Return(value));
        return this;
    }

    public Builder ret() {
        return ret(null);
    }

    public Code build() {
        List<Op> out = new ArrayList<>(ops);
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i) instanceof Op.Branch b && b.target() < 0) {
                String label = pending.get(-1 - b.target());
                Integer at = labels.get(label);
                if (at == null) {
                    throw new IllegalStateException(name + ": no label " + label);
                }
                out.set(i, new Op.Branch(b.test(), at));
            }
        }
        if (out.isEmpty() || !(out.get(out.size() - 1) instanceof Op.Return)) {
            out.add(new Op.Return(null));
        }
        return new Code(name, out, Map.copyOf(labels));
    }
}
