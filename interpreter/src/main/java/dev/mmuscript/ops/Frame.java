package dev.mmuscript.ops;

/** One activation of compiled code: where it is ({@code pc}) and its registers, an immutable value. */
public record Frame(Code code, int pc, Object regs) {
    Op op() {
        return code.op(pc);
    }

    Frame at(int next, Object r) {
        return new Frame(code, next, r);
    }

    /**
     * Written out, not the record's own, which is linked at its first call: a short explore paid for a dozen
     * such links. {@code RegisterHashesTest} checks that it takes in every component.
     */
    @Override
    public int hashCode() {
        int h = java.util.Objects.hashCode(code);
        h = 31 * h + pc;
        h = 31 * h + java.util.Objects.hashCode(regs);
        return h;
    }
}
