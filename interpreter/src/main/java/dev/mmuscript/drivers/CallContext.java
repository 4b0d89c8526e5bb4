package dev.mmuscript.drivers;

import dev.mmuscript.model.Fingerprint;

/**
 * The context the kernel calls a callback in: whether the caller is atomic (holds a spinlock, or runs the
 * notifier list under RCU in eras before sleepable callbacks), whether it is a non-blocking invalidation, and a
 * phrase naming why, for the sleep-in-atomic report.
 */
public record CallContext(boolean atomic, boolean nonblocking, String why) implements Fingerprint.Fingerprinted {
    public static final CallContext PROCESS = new CallContext(false, false, "");

    public String mode() {
        return nonblocking ? "nonblocking" : "blockable";
    }

    /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
    @Override
    public int hashCode() {
        return Fingerprint.hash(this);
    }

    /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
    @Override
    public long fingerprint() {
        long h = 0x74FC7E907746A67EL;
        h = Fingerprint.add(h, atomic);
        h = Fingerprint.add(h, nonblocking);
        h = Fingerprint.add(h, why);
        return h;
    }
}
