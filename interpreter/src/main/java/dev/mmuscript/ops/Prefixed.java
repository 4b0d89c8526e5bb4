package dev.mmuscript.ops;

/**
 * Registers that name the code's instance of a shared program: {@code zap}, {@code madvise} and {@code munmap} run
 * one compiled unmap, a handler runs as {@code guest.fault}. A step's full name is the prefix, a dot, and the op's
 * name.
 */
public interface Prefixed {
    String prefix();
}
