package dev.mmuscript.model;

/** A cached translation in a CPU's TLB; it survives until flushed, whatever happens to the PTE. */
public record TlbEntry(long pfn, int generation, boolean writable) implements Fingerprint.Fingerprinted, FrameRef {

    /** A 64-bit fingerprint of every field ({@link Fingerprint}). */
    @Override
    public long fingerprint() {
        long h = 0x51ED270EDCF6L;
        h = Fingerprint.add(h, pfn);
        h = Fingerprint.add(h, generation);
        h = Fingerprint.add(h, writable);
        return h;
    }
}
