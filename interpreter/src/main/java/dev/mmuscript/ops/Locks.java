package dev.mmuscript.ops;

import dev.mmuscript.model.Machine;

/** Where each kind of lock lives in the machine state, and whether it can be taken now. */
final class Locks {
    private Locks() {
    }

    static boolean free(Machine m, Lock l) {
        switch (l.kind()) {
            case MMAP_READ:
                return m.locks().mmapLock(l.owner()) >= 0;
            case MMAP_WRITE:
                return m.locks().mmapLock(l.owner()) == 0;
            case PTL:
                return !m.locks().ptlHeld(l.owner());
            case WAIT:
                return false;
            default:
                String holder = m.locks().lockHolder(l.owner(), l.name());
                return holder == null || holder.isEmpty();
        }
    }

    /**
     * Whether {@code t} itself holds a lock that excludes {@code l}: a lock it took in a run to its end is in its
     * held list but not yet in the machine ({@link HeldInside}), so the machine alone would call it free. A reader
     * may take mmap_lock again while it holds it for read, as the machine's count allows.
     */
    static boolean heldAgainst(Task t, Lock l) {
        java.util.List<Lock> held = t.held();
        for (int i = 0; i < held.size(); i++) {    // indexed: this runs at every acquire, an iterator each time
            Lock h = held.get(i);
            if (!h.owner().equals(l.owner())) {
                continue;
            }
            boolean mmap = h.kind() == Lock.Kind.MMAP_READ || h.kind() == Lock.Kind.MMAP_WRITE;
            if (l.kind() == Lock.Kind.MMAP_READ ? h.kind() == Lock.Kind.MMAP_WRITE
                    : l.kind() == Lock.Kind.MMAP_WRITE ? mmap : h.equals(l)) {
                return true;
            }
        }
        return false;
    }

    static void take(Machine m, Lock l, String holder) {
        switch (l.kind()) {
            case MMAP_READ -> m.locks().mmapLock(l.owner(), m.locks().mmapLock(l.owner()) + 1, true);
            case MMAP_WRITE -> m.locks().mmapLock(l.owner(), -1, false);
            case PTL -> m.locks().ptl(l.owner(), true);
            default -> m.locks().lockHolder(l.owner(), l.name(), holder);
        }
    }

    static void drop(Machine m, Lock l) {
        switch (l.kind()) {
            case MMAP_READ -> m.locks().mmapLock(l.owner(), Math.max(0, m.locks().mmapLock(l.owner()) - 1), true);
            case MMAP_WRITE -> m.locks().mmapLock(l.owner(), 0, false);
            case PTL -> m.locks().ptl(l.owner(), false);
            default -> m.locks().lockHolder(l.owner(), l.name(), "");
        }
    }
}
