package dev.mmuscript.ops;

import dev.mmuscript.model.Machine;

/**
 * What a step sees besides its registers: the machine, the running task (its name and the locks it holds), and a
 * way to run other compiled code to completion inside this step (for a path that is not yet split into steps of
 * its own: it then runs atomically).
 */
public final class Ctx {
    private final Exec exec;
    private Task task;

    Ctx(Exec exec, Task task) {
        this.exec = exec;
        this.task = task;
    }

    public Machine machine() {
        return exec.machine();
    }

    public Task task() {
        return task;
    }

    void task(Task t) {
        task = t;
    }

    /** Runs {@code inv} to its end on this task, atomically, and returns its result. */
    public Object runNested(Invocation inv) {
        return exec.runNested(task, inv);
    }
}
