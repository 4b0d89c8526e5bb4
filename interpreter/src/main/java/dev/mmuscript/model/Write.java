package dev.mmuscript.model;

/** The last write to a page: through which MMU ("cpu" or an instance), into which frame, what value. */
public record Write(String by, long pfn, int generation, long value) implements Fingerprint.Fingerprinted, FrameRef {

    /** A 64-bit fingerprint of every field ({@link Fingerprint}). */
    @Override
    public long fingerprint() {
        long h = 0x51ED27101964L;
        h = Fingerprint.add(h, by);
        h = Fingerprint.add(h, pfn);
        h = Fingerprint.add(h, generation);
        h = Fingerprint.add(h, value);
        return h;
    }
}
