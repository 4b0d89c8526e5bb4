package dev.mmuscript.model;

/**
 * A file: its size in pages, its page cache (file page -> frame; the cache holds a reference on each frame),
 * which cached pages are dirty, and what the disk holds for pages written back or never cached. A shmem object
 * (the file behind shared anonymous memory, {@link #isShmem}) keeps its swapped pages where a file keeps its disk.
 */
public record FileState(String name, long pages, PMap<Long, Long> cache, PMap<Long, Boolean> dirty,
        PMap<Long, Long> disk) implements Fingerprint.Fingerprinted {

    /** What every shmem object's name starts with: no script name can (a name is an identifier). */
    private static final String SHMEM = "shmem#";

    /** The name of the {@code n}-th shmem object (shared anonymous memory, kernel/Shmem.java). */
    public static String shmemName(int n) {
        return SHMEM + n;
    }

    /** Whether {@code name} names a shmem object rather than a file of the script. */
    public static boolean isShmem(String name) {
        return name != null && name.startsWith(SHMEM);
    }

    public static FileState create(String name, long pages) {
        return new FileState(name, pages, PMap.empty(), PMap.empty(), PMap.empty());
    }

    public FileState withCache(PMap<Long, Long> c) {
        return new FileState(name, pages, c, dirty, disk);
    }

    public FileState withDirty(PMap<Long, Boolean> d) {
        return new FileState(name, pages, cache, d, disk);
    }

    public FileState withDisk(PMap<Long, Long> d) {
        return new FileState(name, pages, cache, dirty, d);
    }

    /** A 64-bit fingerprint of every field ({@link Fingerprint}). */
    @Override
    public long fingerprint() {
        long h = 0x51ED270E3EBFL;
        h = Fingerprint.add(h, name);
        h = Fingerprint.add(h, pages);
        h = Fingerprint.add(h, cache);
        h = Fingerprint.add(h, dirty);
        h = Fingerprint.add(h, disk);
        return h;
    }
}
