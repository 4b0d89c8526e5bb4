package dev.mmuscript.model;

/**
 * The {@link Machine}'s locks as state: each process's mmap_lock (readers or a writer) and PT lock, and each
 * instance's driver locks (who holds them). Each lock is its own object of the running step's {@link Footprint},
 * apart from what it guards: the explorer's reduction tells a step that takes a lock from one that touches what
 * the lock protects.
 */
public final class LockTable {
    private final Machine m;

    LockTable(Machine m) {
        this.m = m;
    }

    /** Whether the PT lock of {@code proc} is held (a read of the lock, not of the page table). */
    public boolean ptlHeld(String proc) {
        Footprint.read(m.footprint(), Footprint.PT_LOCK, proc);
        return m.current().procs().get(proc).ptlHeld();
    }

    public void ptl(String proc, boolean held) {
        Footprint.write(m.footprint(), Footprint.PT_LOCK, proc);
        m.replace(m.current().withProc(m.current().procs().get(proc).withPtl(held)));
    }

    /** mmap_lock of {@code proc}: how many readers hold it, or -1 for a writer. */
    public int mmapLock(String proc) {
        Footprint.read(m.footprint(), Footprint.MMAP_LOCK, proc);
        return m.current().procs().get(proc).mmapLock();
    }

    /**
     * Sets mmap_lock's count; a reader taking or dropping it only reads the lock as far as other steps can tell
     * (readers commute), a writer writes it.
     */
    public void mmapLock(String proc, int count, boolean reader) {
        if (reader) {
            Footprint.read(m.footprint(), Footprint.MMAP_LOCK, proc);
        } else {
            Footprint.write(m.footprint(), Footprint.MMAP_LOCK, proc);
        }
        m.replace(m.current().withProc(m.current().procs().get(proc).withMmapLock(count)));
    }

    /** Who holds driver lock {@code lock} of instance {@code inst} ("" or null: nobody). */
    public String lockHolder(String inst, String lock) {
        Footprint.read(m.footprint(), Footprint.DRIVER_LOCK, inst, lock);
        Instance i = m.current().instances().get(inst);
        return i == null ? null : i.locks().get(lock);
    }

    public void lockHolder(String inst, String lock, String holder) {
        Footprint.write(m.footprint(), Footprint.DRIVER_LOCK, inst, lock);
        Instance i = m.current().instances().get(inst);
        if (i != null) {
            m.replace(m.current().withInstance(i.withLock(lock, holder)));
        }
    }
}
