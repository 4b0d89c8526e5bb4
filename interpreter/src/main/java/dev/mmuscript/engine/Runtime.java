package dev.mmuscript.engine;

import dev.mmuscript.drivers.Drivers;
import dev.mmuscript.drivers.Eval;
import dev.mmuscript.drivers.Host;
import dev.mmuscript.kernel.Kernel;
import dev.mmuscript.model.Frame;
import dev.mmuscript.model.Machine;
import dev.mmuscript.ops.Exec;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.semantics.Semantics;

/**
 * What a run executes, fixed once built: the program, the semantics it runs under, and the code compiled for both
 * (the kernel's paths and notifier dispatches, the drivers' handlers, each statement's step program). Built once
 * per run from the program and its profile; a {@code set} builds another ({@link #with}). The code runs over the
 * run's {@link Machine} on the run's {@link Exec}: what changes lives there and in the run's outputs, never here.
 * The kernel calls the drivers it was built with; the drivers reach the kernel's get_user_pages through the
 * runtime ({@link Host}).
 */
public final class Runtime implements Host {
    private final Program program;
    private final Semantics semantics;
    private final Machine machine;
    private final Exec exec;
    private final Eval eval;
    private final Drivers drivers;
    private final Kernel kernel;
    private final Operands operands;
    private final StatementCode statements;

    private Runtime(Program program, Semantics semantics, Machine machine, Exec exec) {
        this.program = program;
        this.semantics = semantics;
        this.machine = machine;
        this.exec = exec;
        this.eval = new Eval(machine, semantics);
        this.drivers = new Drivers(machine, exec, semantics, eval, program.drivers(), this);
        this.kernel = new Kernel(machine, exec, drivers, semantics);
        this.operands = new Operands(eval);
        this.statements = new StatementCode(kernel, drivers, operands);
    }

    /** The runtime of {@code program} under its own profile, over {@code machine}. */
    public static Runtime of(Program program, Machine machine, Exec exec) {
        return new Runtime(program, program.semantics(), machine, exec);
    }

    /** The same program under other semantics (the knobs as a {@code set} left them). */
    Runtime with(Semantics other) {
        return new Runtime(program, other, machine, exec);
    }

    public Semantics semantics() {
        return semantics;
    }

    public Kernel kernel() {
        return kernel;
    }

    public Drivers drivers() {
        return drivers;
    }

    public Eval eval() {
        return eval;
    }

    Operands operands() {
        return operands;
    }

    StatementCode statements() {
        return statements;
    }

    /**
     * Runs compiled code to its end on the current task, inside the current step, as {@link Drivers#runToEnd}
     * does.
     */
    public Object runToEnd(Invocation inv) {
        return drivers.runToEnd(inv);
    }

    // ---------------------------------------------------------------- Host: the drivers' way into the kernel

    @Override
    public Frame gup(String proc, long va, boolean write, String holder) {
        return kernel.gup(proc, va, write, holder);
    }

    @Override
    public Frame walk(String proc, long va, boolean write, String holder) {
        return kernel.walk(proc, va, write, holder);
    }

    @Override
    public Invocation gupCode(String proc, long va, boolean write, String holder) {
        return kernel.gupCode(proc, va, write, holder);
    }

    @Override
    public Invocation walkCode(String proc, long va, boolean write, String holder) {
        return kernel.walkCode(proc, va, write, holder);
    }

    @Override
    public Frame takeIfMapped(String proc, long va, boolean write, String holder, boolean ref) {
        return kernel.takeIfMapped(proc, va, write, holder, ref);
    }

    @Override
    public void put(long pfn, String holder, long va) {
        kernel.put(pfn, holder, va);
    }
}
