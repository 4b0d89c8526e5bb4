package dev.mmuscript.drivers;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Range;
import dev.mmuscript.ops.Exec;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Task;
import dev.mmuscript.syntax.Ast.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The kernel's calls of a notifier's callbacks: the handler whose {@code when} holds, announced with its Call event
 * and started with the {@link CallContext} in its registers; the bound on handlers nested in one task's stack; and
 * what a handler returned.
 */
final class HandlerCalls {
    /** How deep handlers may call back into the kernel and from there into handlers again. */
    static final int MAX_NESTING = 16;

    private final Machine m;
    private final Exec exec;
    private final Drivers drivers;

    HandlerCalls(Machine m, Exec exec, Drivers drivers) {
        this.m = m;
        this.exec = exec;
        this.drivers = drivers;
    }

    /**
     * The handler invocation for a callback (announced with its Call event), or null when the driver has no handler
     * for it whose {@code when} holds.
     */
    Invocation invocation(String inst, String callback, Range range, CallContext ctx, Map<String, Long> extra) {
        // Every handler sees all the parameters; release has no range and sees zeros.
        Env env = Env.of(inst, new Env.Params(range == null ? 0 : range.start(), range == null ? 0 : range.end(),
                range == null ? 0 : range.start(), extra.getOrDefault("write", 0L), ctx.nonblocking() ? 1 : 0,
                extra.getOrDefault("cur_seq", 0L)));
        Handler h = drivers.handler(inst, callback, env);
        if (h == null) {
            return null;
        }
        m.emit(new Event.Call(inst, callback, range == null ? "" : range.toString(),
                callback.equals("invalidate_range_start") || callback.equals("invalidate_range_end")
                        || callback.equals("invalidate") ? ctx.mode() : "", ""));
        return new Invocation(drivers.code(h), HRegs.start(env, callback, ctx));
    }

    /**
     * {@link #invocation} for a {@code Call} op of a notifier dispatch, within the bound on nested handler calls:
     * the handlers among the frames below the Call being made ({@link Exec#callers}) count towards it.
     */
    Invocation callback(String inst, String callback, Range range, CallContext ctx, Map<String, Long> extra) {
        Invocation inv = invocation(inst, callback, range, ctx, extra);
        if (inv == null) {
            return null;
        }
        if (handlersBelow() >= MAX_NESTING) {
            HRegs regs = (HRegs) inv.regs();
            throw new Exec.TooDeep(regs.prefix() + " is called within " + MAX_NESTING + " nested handler calls ("
                    + chain(handlersOnStack(), regs.prefix()) + ")");
        }
        return inv;
    }

    /** How many handlers the frames below the Call being made hold (counted on every call, named only on error). */
    private int handlersBelow() {
        int n = 0;
        for (Task.Frames f = exec.callers(); f != null; f = f.below()) {
            if (f.top().regs() instanceof HRegs) {
                n++;
            }
        }
        return n;
    }

    /** What a handler that {@link #callback} called returned (an EAGAIN is reported). */
    Drivers.Result returned(String inst, String callback, Object result) {
        Drivers.Result r = (Drivers.Result) result;
        if (r == Drivers.Result.EAGAIN) {
            m.emit(new Event.Returned(inst, callback, "EAGAIN"));
        }
        return r;
    }

    /** The handlers among the frames below the Call being made, outermost first. */
    private List<String> handlersOnStack() {
        List<String> out = new ArrayList<>();
        for (Task.Frames f = exec.callers(); f != null; f = f.below()) {
            if (f.top().regs() instanceof HRegs h) {
                out.add(0, h.prefix());
            }
        }
        return out;
    }

    /** {@code a x3 -> b}: the handlers under way, outermost first, a run of the same one written once with its count. */
    private static String chain(List<String> outer, String next) {
        List<String> all = new ArrayList<>(outer);
        all.add(next);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < all.size(); ) {
            int j = i;
            while (j < all.size() && all.get(j).equals(all.get(i))) {
                j++;
            }
            out.add(all.get(i) + (j - i > 1 ? " x" + (j - i) : ""));
            i = j;
        }
        return String.join(" -> ", out);
    }
}
