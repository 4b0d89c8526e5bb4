package dev.mmuscript.drivers;

/**
 * The context the kernel calls a callback in: whether the caller is atomic (holds a spinlock, or runs the
 * notifier list under RCU in eras before sleepable callbacks), whether it is a non-blocking invalidation, and a
 * phrase naming why, for the sleep-in-atomic report.
 */
public record CallContext(boolean atomic, boolean nonblocking, String why) {
    public static final CallContext PROCESS = new CallContext(false, false, "");

    public String mode() {
        return nonblocking ? "nonblocking" : "blockable";
    }
}
