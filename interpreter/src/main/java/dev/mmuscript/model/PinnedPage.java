package dev.mmuscript.model;

/** One page held by a gup pin. */
public record PinnedPage(long va, long pfn, int generation) implements Fingerprint.Fingerprinted, FrameRef {

    /** A 64-bit fingerprint of every field ({@link Fingerprint}). */
    @Override
    public long fingerprint() {
        long h = 0x51ED271155D2L;
        h = Fingerprint.add(h, va);
        h = Fingerprint.add(h, pfn);
        h = Fingerprint.add(h, generation);
        return h;
    }
}
