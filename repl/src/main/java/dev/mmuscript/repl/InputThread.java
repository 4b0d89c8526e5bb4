package dev.mmuscript.repl;

import java.util.function.BooleanSupplier;

/**
 * Runs each input of an interactive session on a thread of its own, so that Ctrl-C can stop it and the session
 * goes on: {@link #interrupt} interrupts that thread, and the engine, which checks the thread's interrupt flag at
 * every event it emits, ends the statement there; the session then drops the input, as it does after an error.
 */
final class InputThread {
    /** What a Ctrl-C did. */
    enum Press { NOTHING_RUNS, STOPPING, PRESSED_AGAIN }

    private volatile Thread running;
    private volatile boolean pressed;

    /** Runs {@code input} on a new thread and waits for it; what it threw is thrown here. */
    boolean run(BooleanSupplier input) {
        boolean[] result = {false};
        Throwable[] thrown = {null};
        Thread t = new Thread(() -> {
            try {
                result[0] = input.getAsBoolean();
            } catch (RuntimeException | Error e) {
                thrown[0] = e;
            }
        }, "mmu-input");
        pressed = false;
        running = t;
        t.start();
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        running = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (thrown[0] instanceof RuntimeException e) {
            throw e;
        }
        if (thrown[0] instanceof Error e) {
            throw e;
        }
        return result[0];
    }

    /** Ctrl-C: asks the running input to stop; says whether one runs, and whether it was asked before. */
    Press interrupt() {
        Thread t = running;
        if (t == null) {
            return Press.NOTHING_RUNS;
        }
        if (pressed) {
            return Press.PRESSED_AGAIN;
        }
        pressed = true;
        t.interrupt();
        return Press.STOPPING;
    }
}
