package dev.mmuscript.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * A thread of the simulated machine as a value: its name, its stack of frames (the top is the last) and the locks
 * it holds, in the order it took them. A task with no frames has finished; {@code result} is what its outermost
 * code returned.
 */
public record Task(String name, List<Frame> stack, List<Lock> held, Object result) {
    public static Task start(String name, Invocation inv) {
        return new Task(name, List.of(new Frame(inv.code(), 0, inv.regs())), List.of(), null);
    }

    public boolean done() {
        return stack.isEmpty();
    }

    public Frame top() {
        return stack.get(stack.size() - 1);
    }

    /** The task with its top frame moved to {@code pc} with {@code regs} (an abort jumps to an epilogue). */
    public Task jump(int pc, Object regs) {
        return withTop(top().at(pc, regs));
    }

    Task withTop(Frame f) {
        List<Frame> s = new ArrayList<>(stack);
        s.set(s.size() - 1, f);
        return new Task(name, List.copyOf(s), held, result);
    }

    Task push(Frame f) {
        List<Frame> s = new ArrayList<>(stack);
        s.add(f);
        return new Task(name, List.copyOf(s), held, result);
    }

    Task pop(Object value) {
        return new Task(name, List.copyOf(stack.subList(0, stack.size() - 1)), held, value);
    }

    Task holding(Lock l) {
        List<Lock> h = new ArrayList<>(held);
        h.add(l);
        return new Task(name, stack, List.copyOf(h), result);
    }

    Task releasing(Lock l) {
        List<Lock> h = new ArrayList<>(held);
        h.remove(l);
        return new Task(name, stack, List.copyOf(h), result);
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
}
