package dev.mmuscript.model;

/** A page-table entry of a present page. Absent pages have no entry. {@code accessible} is false under PROT_NONE. */
public record Pte(long pfn, int generation, boolean writable, boolean accessible, boolean dirty)
        implements Fingerprint.Fingerprinted, FrameRef {
    public Pte withWritable(boolean w) {
        return new Pte(pfn, generation, w, accessible, dirty);
    }

    public Pte withAccessible(boolean a) {
        return new Pte(pfn, generation, writable, a, dirty);
    }

    public Pte withDirty(boolean d) {
        return new Pte(pfn, generation, writable, accessible, d);
    }

    public String mode() {
        return !accessible ? "none" : writable ? "rw" : "r";
    }

    /** A 64-bit fingerprint of every field ({@link Fingerprint}). */
    @Override
    public long fingerprint() {
        long h = 0x51ED270BC5E3L;
        h = Fingerprint.add(h, pfn);
        h = Fingerprint.add(h, generation);
        h = Fingerprint.add(h, writable);
        h = Fingerprint.add(h, accessible);
        h = Fingerprint.add(h, dirty);
        return h;
    }
}
