package dev.mmuscript.model;

import java.util.Arrays;

/**
 * What one step read and wrote of the machine, object by object, as the {@link Machine} saw it while the step ran:
 * a process (whether it lives), its page table, its VMAs, its notifier list, its interval sequence, its pending TLB
 * flushes, its mmap_lock and its PT lock, a driver's lock, a frame, the frame allocator, a process's TLB entries, a
 * secondary MMU instance (whether it is attached), each of its variables, its shadow table, its page references and
 * its open invalidations, a pin, a file, the write log of a process, the zero page; or everything, when the step
 * read or replaced the whole state ({@link Members} says which a whole process or instance is). Two steps of
 * different threads whose footprints do not conflict commute (design §4.3); taking or dropping mmap_lock for
 * reading is a read of the lock (readers commute), for writing a write: the explorer's reductions rest on it, and
 * a step with an empty footprint touched nothing another thread can see.
 *
 * <p>An object is a 64-bit id (its kind in the top byte, its name's hash or its number below); two objects that
 * share an id only make two steps look dependent, which costs reduction, never soundness.
 */
public final class Footprint {
    static final int PROCESS = 1;
    static final int FRAME = 2;
    static final int ALLOCATOR = 3;
    static final int TLB = 4;
    static final int INSTANCE = 5;
    static final int PIN = 6;
    static final int FILE = 7;
    static final int WRITES = 8;
    static final int ZERO_PAGE = 9;
    static final int MMAP_LOCK = 10;
    static final int PT_LOCK = 11;
    static final int DRIVER_LOCK = 12;
    /** An instance's members, each its own object: a variable, its shadow table, page references, open ranges. */
    static final int VAR = 13;
    static final int SHADOW = 14;
    static final int REFS = 15;
    static final int OPEN = 16;
    /**
     * A process's members, each its own object: its page table (with its swap entries), its VMAs, its notifier
     * list, its interval-notifier sequence, its count of pending TLB flushes.
     */
    static final int PTES = 17;
    static final int VMAS = 18;
    static final int NOTIFIERS = 19;
    static final int ITREE = 20;
    static final int FLUSH_PENDING = 21;

    private static final long[] NONE = {};

    /** Grown on the first object (a move's footprint is made for every move, and some touch nothing). */
    private long[] reads = NONE;
    private long[] writes = NONE;
    private int readCount;
    private int writeCount;
    private boolean readAll;
    private boolean wroteAll;

    static long object(int kind, String name) {
        return ((long) kind << 56) | (name.hashCode() & 0xffff_ffffL);
    }

    static long object(int kind, String owner, String member) {
        return ((long) kind << 56) | ((owner.hashCode() * 31L + member.hashCode()) & 0x00ff_ffff_ffff_ffffL);
    }

    static long object(int kind, long number) {
        return ((long) kind << 56) | (number & 0x00ff_ffff_ffff_ffffL);
    }

    /** Records that the running step read object ({@code kind}, {@code name}) into {@code f}, if recording. */
    static void read(Footprint f, int kind, String name) {
        if (f != null) {
            f.read(object(kind, name));
        }
    }

    static void read(Footprint f, int kind, long number) {
        if (f != null) {
            f.read(object(kind, number));
        }
    }

    static void write(Footprint f, int kind, String name) {
        if (f != null) {
            f.write(object(kind, name));
        }
    }

    static void write(Footprint f, int kind, long number) {
        if (f != null) {
            f.write(object(kind, number));
        }
    }

    /** A member of an owner (a driver lock of an instance), with no string made for it. */
    static void read(Footprint f, int kind, String owner, String member) {
        if (f != null) {
            f.read(object(kind, owner, member));
        }
    }

    static void write(Footprint f, int kind, String owner, String member) {
        if (f != null) {
            f.write(object(kind, owner, member));
        }
    }

    /** A reverse map is read: it is made of every object of that kind (every process, instance or file). */
    static <V> void readEvery(Footprint f, int kind, PMap<String, V> all) {
        if (f != null) {
            all.forEach((name, v) -> f.read(object(kind, name)));
        }
    }

    void read(long object) {
        if (!contains(reads, readCount, object)) {
            if (readCount == reads.length) {
                reads = Arrays.copyOf(reads, Math.max(8, readCount * 2));
            }
            reads[readCount++] = object;
        }
    }

    void write(long object) {
        if (!contains(writes, writeCount, object)) {
            if (writeCount == writes.length) {
                writes = Arrays.copyOf(writes, Math.max(8, writeCount * 2));
            }
            writes[writeCount++] = object;
        }
    }

    void readAll() {
        readAll = true;
    }

    void writeAll() {
        wroteAll = true;
    }

    /** How many objects the step read, and the {@code i}th (in the order first read). */
    public int readCount() {
        return readCount;
    }

    public long read(int i) {
        return reads[i];
    }

    public int writeCount() {
        return writeCount;
    }

    public long written(int i) {
        return writes[i];
    }

    /** Whether the step read or replaced the whole state: it conflicts with everything. */
    public boolean whole() {
        return readAll || wroteAll;
    }

    /** Whether {@code object} is a lock (mmap_lock, a PT lock, a driver's lock) rather than what one guards. */
    public static boolean isLock(long object) {
        int kind = (int) (object >>> 56);
        return kind == MMAP_LOCK || kind == PT_LOCK || kind == DRIVER_LOCK;
    }

    /** The object that is lock {@code name} of {@code owner}: its mmap_lock, its PT lock or a driver's lock. */
    public static long lockObject(boolean mmap, boolean ptl, String owner, String name) {
        return mmap ? object(MMAP_LOCK, owner) : ptl ? object(PT_LOCK, owner) : object(DRIVER_LOCK, owner, name);
    }

    public Footprint() {
    }

    /** A copy of what {@code other} read and wrote, in arrays of its size (it is kept, and {@code other} reused). */
    public Footprint(Footprint other) {
        reads = other.readCount == 0 ? NONE : Arrays.copyOf(other.reads, other.readCount);
        writes = other.writeCount == 0 ? NONE : Arrays.copyOf(other.writes, other.writeCount);
        readCount = other.readCount;
        writeCount = other.writeCount;
        readAll = other.readAll;
        wroteAll = other.wroteAll;
    }

    /** Adds what {@code other} read and wrote (a move's steps, one after another). */
    public void add(Footprint other) {
        for (int i = 0; i < other.readCount; i++) {
            read(other.reads[i]);
        }
        for (int i = 0; i < other.writeCount; i++) {
            write(other.writes[i]);
        }
        readAll |= other.readAll;
        wroteAll |= other.wroteAll;
    }

    /** Forgets what was recorded, so that one footprint serves step after step (the explorer's local steps). */
    public void clear() {
        readCount = 0;
        writeCount = 0;
        readAll = false;
        wroteAll = false;
    }

    /** Whether the step touched nothing of the machine: it only moved its own thread on. */
    public boolean isEmpty() {
        return readCount == 0 && writeCount == 0 && !readAll && !wroteAll;
    }

    /**
     * Whether the two steps may not commute: one wrote what the other read or wrote. Steps that only read the
     * same objects commute.
     */
    public boolean conflicts(Footprint o) {
        if (wroteAll || o.wroteAll) {
            return !isEmpty() && !o.isEmpty();
        }
        if ((readAll && o.writeCount > 0) || (o.readAll && writeCount > 0)) {
            return true;
        }
        return meets(writes, writeCount, o.writes, o.writeCount) || meets(writes, writeCount, o.reads, o.readCount)
                || meets(reads, readCount, o.writes, o.writeCount);
    }

    private static boolean meets(long[] a, int na, long[] b, int nb) {
        for (int i = 0; i < na; i++) {
            if (contains(b, nb, a[i])) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(long[] a, int n, long x) {
        for (int i = 0; i < n; i++) {
            if (a[i] == x) {
                return true;
            }
        }
        return false;
    }
}
