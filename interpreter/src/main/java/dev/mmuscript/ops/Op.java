package dev.mmuscript.ops;

/**
 * One instruction of a compiled kernel path or handler (design §4.1). Java runs only inside a {@link Step}; every
 * place where the kernel calls out (a notifier, a handler, gup, a lock that may block) is an op of its own, so a
 * thread can stop between any two steps and its position is a value.
 */
public sealed interface Op {
    /** An atomic step over the machine. A named step is a scheduling point; an unnamed one fuses with the next. */
    record Step(String name, Fn.Body body) implements Op {
    }

    /** Pushes a frame for what {@code target} names (or goes on when it names nothing); {@code then} takes the result. */
    record Call(Fn.Target target, Fn.Then then) implements Op {
    }

    /** Takes a lock; enabled only while the lock is free (for a reader lock: has no writer). */
    record Acquire(String name, boolean announce, Fn.LockOf lock) implements Op {
    }

    record Release(String name, Fn.LockOf lock) implements Op {
    }

    /**
     * Waits until {@code ready} holds (a retry that waits for what it read to change); while it does not, the task
     * is blocked on {@code what}, a pseudo-lock of kind {@link Lock.Kind#WAIT}.
     */
    record Await(Fn.Test ready, Fn.LockOf what) implements Op {
    }

    /** Jumps to {@code target} when {@code test} holds, else goes on. */
    record Branch(Fn.Test test, int target) implements Op {
    }

    /** Pops the frame, handing {@code value} to the caller's {@link Call#then}. */
    record Return(Fn.Value value) implements Op {
    }
}
