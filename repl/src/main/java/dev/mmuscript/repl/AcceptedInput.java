package dev.mmuscript.repl;

import dev.mmuscript.engine.Engine;

/**
 * One input a session accepted: its text (ending in a newline), whether it held statements, the run's snapshot
 * after it, and its trace as {@code mmu run} prints it.
 */
record AcceptedInput(String text, boolean statements, Engine.Snapshot after, String trace) {
    int lines() {
        return (int) text.chars().filter(c -> c == '\n').count();
    }
}
