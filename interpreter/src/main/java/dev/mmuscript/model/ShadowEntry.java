package dev.mmuscript.model;

/** An entry of a secondary MMU's table: the frame (and its generation when mapped), writability, pinning. */
public record ShadowEntry(long pfn, int generation, boolean writable, boolean pinned)
        implements Fingerprint.Fingerprinted, FrameRef {

    /** A 64-bit fingerprint of every field ({@link Fingerprint}). */
    @Override
    public long fingerprint() {
        long h = 0x51ED270F7B2DL;
        h = Fingerprint.add(h, pfn);
        h = Fingerprint.add(h, generation);
        h = Fingerprint.add(h, writable);
        h = Fingerprint.add(h, pinned);
        return h;
    }
}
