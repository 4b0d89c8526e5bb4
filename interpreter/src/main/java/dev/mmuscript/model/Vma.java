package dev.mmuscript.model;

/**
 * A virtual memory area: a range with one protection and one backing. Private anonymous memory has
 * {@code file == null}; shared anonymous memory maps a shmem object ({@link #shmem}) from offset 0;
 * a file mapping maps page {@code pgoff} of the file at its start, or, when {@code nonlinear} is set
 * (remap_file_pages), the file page that {@code pgoffs} gives for each remapped virtual page.
 */
public record Vma(Range range, Prot prot, boolean shared, String file, long pgoff, boolean nonlinear,
        PMap<Long, Long> pgoffs) implements Fingerprint.Fingerprinted {

    public Vma(Range range, Prot prot, boolean shared) {
        this(range, prot, shared, null, 0, false, PMap.empty());
    }

    public boolean anon() {
        return file == null;
    }

    /** Shared anonymous memory: a mapping of a shmem object (shmem_zero_setup), not of a file of the script. */
    public boolean shmem() {
        return FileState.isShmem(file);
    }

    /** Copy-on-write: a private mapping that may be written (is_cow_mapping). */
    public boolean cow() {
        return !shared && prot.write();
    }

    /** The file page that backs {@code va}. */
    public long fileIndex(long va) {
        Long remapped = pgoffs.get(va);
        return remapped != null ? remapped : pgoff + (va - range.start()) / Range.PAGE;
    }

    public Vma withRange(Range r) {
        long off = pgoff + (r.start() - range.start()) / Range.PAGE;
        return new Vma(r, prot, shared, file, off, nonlinear, pgoffs.removeIf(va -> !r.contains(va)));
    }

    public Vma withProt(Prot p) {
        return new Vma(range, p, shared, file, pgoff, nonlinear, pgoffs);
    }

    public Vma withPgoffs(PMap<Long, Long> p) {
        return new Vma(range, prot, shared, file, pgoff, nonlinear, p);
    }

    /** The same mapping moved to start at {@code start} (mremap). */
    public Vma movedTo(long start) {
        PMap<Long, Long> moved = PMap.empty();
        for (Long va : pgoffs.keys()) {
            moved = moved.put(va - range.start() + start, pgoffs.get(va));
        }
        return new Vma(new Range(start, start + (range.end() - range.start())), prot, shared, file, pgoff, nonlinear, moved);
    }

    public String backing() {
        return file == null ? (shared ? "anon shared" : "anon private") : shmem() ? "anon shared" : "file " + file + " offset " + pgoff
                + (shared ? " shared" : " private") + (nonlinear ? " nonlinear" : "");
    }

    /** A 64-bit fingerprint of every field ({@link Fingerprint}). */
    @Override
    public long fingerprint() {
        long h = 0x51ED270DA088L;
        h = Fingerprint.add(h, range);
        h = Fingerprint.add(h, prot);
        h = Fingerprint.add(h, shared);
        h = Fingerprint.add(h, file);
        h = Fingerprint.add(h, pgoff);
        h = Fingerprint.add(h, nonlinear);
        h = Fingerprint.add(h, pgoffs);
        return h;
    }
}
