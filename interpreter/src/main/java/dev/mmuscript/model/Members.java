package dev.mmuscript.model;

/**
 * A process's and a secondary MMU instance's members as objects of a {@link Footprint}: what reading a whole one
 * touches, and which members replacing one wrote. The explorer's reduction tells steps apart by member (a fault's
 * page-table write and a zap's pending-flush count do not conflict), so the machine records members, not records.
 */
final class Members {
    private static final int[] PROCESS = {Footprint.PROCESS, Footprint.PTES, Footprint.VMAS, Footprint.NOTIFIERS,
        Footprint.ITREE, Footprint.FLUSH_PENDING};
    private static final int[] INSTANCE = {Footprint.INSTANCE, Footprint.SHADOW, Footprint.REFS, Footprint.OPEN};

    private Members() {
    }

    /** A read of every member of process {@code name} (if recording). */
    static void readProcess(Footprint f, String name) {
        if (f != null) {
            for (int kind : PROCESS) {
                f.read(Footprint.object(kind, name));
            }
        }
    }

    /** A write of each member that differs between {@code was} (null: none) and {@code now}. */
    static void processReplaced(Footprint f, Process was, Process now) {
        if (f == null) {
            return;
        }
        String n = now.name();
        written(f, Footprint.PROCESS, n, was == null || was.exited() != now.exited());
        written(f, Footprint.PTES, n, was == null || was.ptes() != now.ptes() || was.swap() != now.swap());
        written(f, Footprint.VMAS, n, was == null || was.vmas() != now.vmas());
        written(f, Footprint.NOTIFIERS, n, was == null || !was.notifiers().equals(now.notifiers()));
        written(f, Footprint.ITREE, n, was == null || was.itreeSeq() != now.itreeSeq()
                || was.itreeActive() != now.itreeActive());
        written(f, Footprint.FLUSH_PENDING, n, was == null || was.tlbFlushPending() != now.tlbFlushPending());
        if (was != null && (was.mmapLock() != now.mmapLock() || was.ptlHeld() != now.ptlHeld())) {
            f.writeAll();    // a lock changed through the process: not what a lock's own object says
        }
    }

    private static void written(Footprint f, int kind, String name, boolean changed) {
        if (changed) {
            f.write(Footprint.object(kind, name));
        }
    }

    /** A read ({@code write} false) or a write of every member of instance {@code i}, named {@code name}. */
    static void instance(Footprint f, Instance i, String name, boolean write) {
        if (f == null) {
            return;
        }
        for (int kind : INSTANCE) {
            touch(f, Footprint.object(kind, name), write);
        }
        if (i != null) {
            i.vars().forEach((var, v) -> touch(f, Footprint.object(Footprint.VAR, name, var), write));
        }
    }

    private static void touch(Footprint f, long object, boolean write) {
        if (write) {
            f.write(object);
        } else {
            f.read(object);
        }
    }
}
