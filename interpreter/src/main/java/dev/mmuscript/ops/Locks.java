package dev.mmuscript.ops;

import dev.mmuscript.model.Instance;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Process;

/** Where each kind of lock lives in the machine state, and whether it can be taken now. */
final class Locks {
    private Locks() {
    }

    static boolean free(Machine m, Lock l) {
        switch (l.kind()) {
            case MMAP_READ:
                return m.process(l.owner()).mmapLock() >= 0;
            case MMAP_WRITE:
                return m.process(l.owner()).mmapLock() == 0;
            case PTL:
                return !m.process(l.owner()).ptlHeld();
            case WAIT:
                return false;
            default:
                String holder = m.instance(l.owner()).locks().get(l.name());
                return holder == null || holder.isEmpty();
        }
    }

    static void take(Machine m, Lock l, String holder) {
        switch (l.kind()) {
            case MMAP_READ -> {
                Process p = m.process(l.owner());
                m.put(p.withMmapLock(p.mmapLock() + 1));
            }
            case MMAP_WRITE -> m.put(m.process(l.owner()).withMmapLock(-1));
            case PTL -> m.ptl(l.owner(), true);
            default -> {
                Instance i = m.instance(l.owner());
                m.put(i.withLock(l.name(), holder));
            }
        }
    }

    static void drop(Machine m, Lock l) {
        switch (l.kind()) {
            case MMAP_READ -> {
                Process p = m.process(l.owner());
                m.put(p.withMmapLock(Math.max(0, p.mmapLock() - 1)));
            }
            case MMAP_WRITE -> m.put(m.process(l.owner()).withMmapLock(0));
            case PTL -> m.ptl(l.owner(), false);
            default -> {
                Instance i = m.instance(l.owner());
                if (i != null) {
                    m.put(i.withLock(l.name(), ""));
                }
            }
        }
    }
}
