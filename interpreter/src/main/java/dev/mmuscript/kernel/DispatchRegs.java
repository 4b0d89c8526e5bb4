package dev.mmuscript.kernel;

import dev.mmuscript.drivers.CallContext;
import dev.mmuscript.drivers.Drivers;
import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.model.Range;
import dev.mmuscript.ops.Prefixed;
import java.util.List;

/**
 * The registers of a dispatch: the caller's path (its steps' prefix), the mm, the range, the context of the
 * callbacks, the notifiers to call and where the loop is, what the last callback returned, and, for
 * range_start: whether it may fail, the notifiers that failed, whether interval notifiers took part, their
 * sequence, and whether the start succeeded.
 */
record DispatchRegs(String path, String proc, Range range, CallContext ctx, boolean nonblocking, List<String> todo,
        int i, Drivers.Result result, List<String> failed, boolean itree, long seq, boolean ok)
        implements Fingerprint.Fingerprinted, Prefixed {
    static DispatchRegs start(String path, String proc, Range range, CallContext ctx, boolean nonblocking) {
        return new DispatchRegs(path, proc, range, ctx, nonblocking, List.of(), 0, null, List.of(), false, 0, true);
    }

    @Override
    public String prefix() {
        return path;
    }

    boolean done() {
        return i >= todo.size();
    }

    String inst() {
        return todo.get(i);
    }

    DispatchRegs over(List<String> t) {
        return new DispatchRegs(path, proc, range, ctx, nonblocking, t, 0, null, failed, itree, seq, ok);
    }

    DispatchRegs next() {
        return new DispatchRegs(path, proc, range, ctx, nonblocking, todo, i + 1, null, failed, itree, seq, ok);
    }

    DispatchRegs withResult(Drivers.Result r) {
        return new DispatchRegs(path, proc, range, ctx, nonblocking, todo, i, r, failed, itree, seq, ok);
    }

    DispatchRegs failing(List<String> f) {
        return new DispatchRegs(path, proc, range, ctx, nonblocking, todo, i, result, f, itree, seq, false);
    }

    DispatchRegs interval(long s) {
        return new DispatchRegs(path, proc, range, ctx, nonblocking, todo, i, result, failed, true, s, ok);
    }

    boolean eagain() {
        return result == Drivers.Result.EAGAIN;
    }

    /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
    @Override
    public int hashCode() {
        return Fingerprint.hash(this);
    }

    /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
    @Override
    public long fingerprint() {
        long h = 0x25AE30C369F0ED4AL;
        h = Fingerprint.add(h, path);
        h = Fingerprint.add(h, proc);
        h = Fingerprint.add(h, range);
        h = Fingerprint.add(h, ctx);
        h = Fingerprint.add(h, nonblocking);
        h = Fingerprint.add(h, todo);
        h = Fingerprint.add(h, i);
        h = Fingerprint.add(h, result);
        h = Fingerprint.add(h, failed);
        h = Fingerprint.add(h, itree);
        h = Fingerprint.add(h, seq);
        h = Fingerprint.add(h, ok);
        return h;
    }
}
