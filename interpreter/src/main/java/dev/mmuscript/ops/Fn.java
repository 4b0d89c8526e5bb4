package dev.mmuscript.ops;

/** The functional pieces of ops: each sees the context of the running thread and the frame's registers. */
public final class Fn {
    private Fn() {
    }

    @FunctionalInterface
    public interface Body {
        Object apply(Ctx ctx, Object regs);
    }

    @FunctionalInterface
    public interface Target {
        Invocation apply(Ctx ctx, Object regs);
    }

    @FunctionalInterface
    public interface Then {
        Object apply(Ctx ctx, Object regs, Object result);
    }

    @FunctionalInterface
    public interface LockOf {
        Lock apply(Ctx ctx, Object regs);
    }

    @FunctionalInterface
    public interface Test {
        boolean apply(Ctx ctx, Object regs);
    }

    @FunctionalInterface
    public interface Value {
        Object apply(Ctx ctx, Object regs);
    }
}
