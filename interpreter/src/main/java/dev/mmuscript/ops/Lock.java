package dev.mmuscript.ops;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Fingerprint;

/**
 * A lock a thread can hold: a process's mmap_lock (a reader/writer semaphore), its page-table lock (a spinlock),
 * or a driver instance's spinlock or mutex. {@code owner} is the process or instance.
 */
public record Lock(Kind kind, String owner, String name) implements Fingerprint.Fingerprinted {
    public enum Kind { MMAP_READ, MMAP_WRITE, PTL, SPIN, MUTEX, WAIT }

    /** Not a lock: what a retrying {@code owner} waits for (a change to the state its retry read). */
    public static Lock waitFor(String owner, String what) {
        return new Lock(Kind.WAIT, owner, what);
    }

    public static Lock mmap(String proc, boolean write) {
        return new Lock(write ? Kind.MMAP_WRITE : Kind.MMAP_READ, proc, "mmap_lock");
    }

    public static Lock ptl(String proc) {
        return new Lock(Kind.PTL, proc, "ptl");
    }

    /** A spinlock: a thread that holds one may not sleep. */
    public boolean spinning() {
        return kind == Kind.PTL || kind == Kind.SPIN;
    }

    /** {@code thread} took this lock: an event no trace shows, for the timeline. */
    public Event.LockTaken taken(String thread) {
        return new Event.LockTaken(thread, owner, name, mode());
    }

    /** {@code thread} released this lock, in a step of its own or ({@code withNextStep}) in the one that follows. */
    public Event.LockReleased released(String thread, boolean withNextStep) {
        return new Event.LockReleased(thread, owner, name, mode(), withNextStep);
    }

    private String mode() {
        return kind == Kind.MMAP_READ ? "read" : kind == Kind.MMAP_WRITE ? "write" : "";
    }

    /**
     * Written out rather than the record's: a lock is compared on every take and release (a held list is searched
     * for it), and the generated equals, through a method handle per component, was 8% of a zap's profile. The
     * owners and names are mostly the same interned strings, so identity decides most comparisons.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof Lock l && l.kind == kind && same(l.owner, owner) && same(l.name, name);
    }

    private static boolean same(String a, String b) {
        return a == b || a != null && a.equals(b);
    }

    @Override
    public int hashCode() {
        return (kind.ordinal() * 31 + java.util.Objects.hashCode(owner)) * 31 + java.util.Objects.hashCode(name);
    }

    /** How a report names it: {@code vm.mmap_lock (read)}, {@code vm.ptl}, {@code guest.mmu_lock}. */
    public String describe() {
        return switch (kind) {
            case MMAP_READ -> owner + ".mmap_lock (read)";
            case MMAP_WRITE -> owner + ".mmap_lock (write)";
            case WAIT -> name;
            default -> owner + "." + name;
        };
    }

    /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
    @Override
    public long fingerprint() {
        long h = 0x28E864F1B29A5803L;
        h = Fingerprint.add(h, kind);
        h = Fingerprint.add(h, owner);
        h = Fingerprint.add(h, name);
        return h;
    }
}
