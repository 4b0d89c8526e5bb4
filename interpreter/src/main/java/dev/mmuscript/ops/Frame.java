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

    /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
    @Override
    public int hashCode() {
        return Fingerprint.hash(this);
    }

    /** Every component, in 64 bits: the code by its serial number, the registers by their fingerprint. */
    @Override
    public long fingerprint() {
        long h = 0x2D51C7A05E3B9F11L;
        h = Fingerprint.add(h, code.serial());
        h = Fingerprint.add(h, pc);
        h = Fingerprint.add(h, regs);
        return h;
    }
}
