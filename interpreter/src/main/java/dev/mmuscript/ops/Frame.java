package dev.mmuscript.ops;

import dev.mmuscript.model.Fingerprint;

/** One activation of compiled code: where it is ({@code pc}) and its registers, an immutable value. */
public record Frame(Code code, int pc, Object regs) implements Fingerprint.Fingerprinted {
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

    /** As {@link #hashCode}, in 64 bits: the code by its serial number, the registers by their fingerprint. */
    @Override
    public long fingerprint() {
        long h = 0x2D51C7A05E3B9F11L;
        h = Fingerprint.add(h, code.serial());
        h = Fingerprint.add(h, pc);
        h = Fingerprint.add(h, regs);
        return h;
    }
}
