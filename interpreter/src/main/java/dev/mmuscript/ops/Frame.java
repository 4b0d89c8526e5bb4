package dev.mmuscript.ops;

/** One activation of compiled code: where it is ({@code pc}) and its registers, an immutable value. */
public record Frame(Code code, int pc, Object regs) {
    Op op() {
        return code.op(pc);
    }

    Frame at(int next, Object r) {
        return new Frame(code, next, r);
    }
}
