package dev.mmuscript.ops;

import java.util.function.Supplier;

/**
 * A value computed when first asked for, then kept: how a runtime compiles the code of a kernel family or a
 * handler only if the run uses it. The computation must be a pure function of immutable inputs (the semantics,
 * the program), so that asking first or never cannot change what a run does: the memo is a cache, not state. Safe
 * to share between threads (a value computed twice by a race is computed equal, and only one is kept).
 */
public final class Lazy<T> implements Supplier<T> {
    private Supplier<T> compute;
    private volatile T value;

    private Lazy(Supplier<T> compute) {
        this.compute = compute;
    }

    public static <T> Lazy<T> of(Supplier<T> compute) {
        return new Lazy<>(compute);
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = compute.get();
                    value = v;
                    compute = null;
                }
            }
        }
        return v;
    }
}
