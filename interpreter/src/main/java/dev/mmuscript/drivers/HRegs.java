package dev.mmuscript.drivers;

import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.ops.Prefixed;
import java.util.List;

/**
 * The registers of one handler invocation: its names ({@link Env}), the callback, the context the kernel called it
 * in, the driver locks it took (in order), the result once it returns, the last condition tested, and the prefix of
 * its step names ({@code guest.fault}, made once per call: every step of the handler announces itself with it).
 */
record HRegs(Env env, String callback, CallContext ctx, List<String> held, Drivers.Result result, boolean cond,
        String prefix) implements Fingerprint.Fingerprinted, Prefixed {
    static HRegs start(Env env, String callback, CallContext ctx) {
        return new HRegs(env, callback, ctx, List.of(), null, false, env.instance() + "." + callback);
    }

    String inst() {
        return env.instance();
    }

    HRegs withEnv(Env e) {
        return new HRegs(e, callback, ctx, held, result, cond, prefix);
    }

    HRegs withResult(Drivers.Result r) {
        return new HRegs(env, callback, ctx, held, r, cond, prefix);
    }

    HRegs withCond(boolean c) {
        return new HRegs(env, callback, ctx, held, result, c, prefix);
    }

    HRegs taking(String lock) {
        String[] h = held.toArray(new String[held.size() + 1]);
        h[held.size()] = lock;
        return new HRegs(env, callback, ctx, List.of(h), result, cond, prefix);
    }

    /** The registers without the first hold of {@code lock}. */
    HRegs dropping(String lock) {
        int at = held.indexOf(lock);
        if (at < 0) {
            return this;
        }
        String[] h = new String[held.size() - 1];
        for (int i = 0, j = 0; i < held.size(); i++) {
            if (i != at) {
                h[j++] = held.get(i);
            }
        }
        return new HRegs(env, callback, ctx, List.of(h), result, cond, prefix);
    }

    /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
    @Override
    public int hashCode() {
        return Fingerprint.hash(this);
    }

    /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
    @Override
    public long fingerprint() {
        long h = 0x2F899CA51AFE162AL;
        h = Fingerprint.add(h, env);
        h = Fingerprint.add(h, callback);
        h = Fingerprint.add(h, ctx);
        h = Fingerprint.add(h, held);
        h = Fingerprint.add(h, result);
        h = Fingerprint.add(h, cond);
        h = Fingerprint.add(h, prefix);
        return h;
    }
}
