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

    /**
     * Written out, not the record's own, which is linked at its first call: a short explore paid for a dozen
     * such links. {@code RegisterHashesTest} checks that it takes in every component.
     */
    @Override
    public int hashCode() {
        int h = Boolean.hashCode(atomic);
        h = 31 * h + Boolean.hashCode(nonblocking);
        h = 31 * h + java.util.Objects.hashCode(why);
        return h;
    }

    /** As {@link #hashCode}, in 64 bits: what a world's fingerprint takes in of a thread. */
    @Override
    public long fingerprint() {
        long h = 0x74FC7E907746A67EL;
        h = Fingerprint.add(h, atomic);
        h = Fingerprint.add(h, nonblocking);
        h = Fingerprint.add(h, why);
        return h;
    }
}
