package dev.mmuscript.ops;

/** What a {@link Op.Call} pushes: the code to run and its first registers. */
public record Invocation(Code code, Object regs) {
}
