package dev.mmuscript.drivers;

import dev.mmuscript.ops.Prefixed;
import java.util.ArrayList;
import java.util.List;

/**
 * The registers of one handler invocation: its names ({@link Env}), the callback, the context the kernel called it
 * in, the driver locks it took (in order), the result once it returns, and the last condition tested.
 */
record HRegs(Env env, String callback, CallContext ctx, List<String> held, Drivers.Result result, boolean cond)
        implements Prefixed {
    static HRegs start(Env env, String callback, CallContext ctx) {
        return new HRegs(env, callback, ctx, List.of(), null, false);
    }

    String inst() {
        return env.instance();
    }

    @Override
    public String prefix() {
        return env.instance() + "." + callback;
    }

    HRegs withEnv(Env e) {
        return new HRegs(e, callback, ctx, held, result, cond);
    }

    HRegs withResult(Drivers.Result r) {
        return new HRegs(env, callback, ctx, held, r, cond);
    }

    HRegs withCond(boolean c) {
        return new HRegs(env, callback, ctx, held, result, c);
    }

    HRegs taking(String lock) {
        List<String> h = new ArrayList<>(held);
        h.add(lock);
        return new HRegs(env, callback, ctx, List.copyOf(h), result, cond);
    }

    HRegs dropping(String lock) {
        List<String> h = new ArrayList<>(held);
        h.remove(lock);
        return new HRegs(env, callback, ctx, List.copyOf(h), result, cond);
    }
}
