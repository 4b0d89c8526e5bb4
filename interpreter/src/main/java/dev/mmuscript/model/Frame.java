package dev.mmuscript.model;

/**
 * A physical page. {@code generation} increases each time the frame is allocated, so a stale reference to a
 * reused frame is recognised. {@code owner} is "free" when the frame is on the free list.
 */
public record Frame(long pfn, int refs, int maps, int pins, String owner, long value, int generation)
        implements Fingerprint.Fingerprinted, FrameRef {
    public boolean isFree() {
        return owner.equals("free");
    }

    public Frame withRefs(int r) {
        return new Frame(pfn, r, maps, pins, owner, value, generation);
    }

    public Frame withMaps(int m) {
        return new Frame(pfn, refs, m, pins, owner, value, generation);
    }

    public Frame withPins(int p) {
        return new Frame(pfn, refs, maps, p, owner, value, generation);
    }

    public Frame withValue(long v) {
        return new Frame(pfn, refs, maps, pins, owner, v, generation);
    }

    public Frame freed() {
        return new Frame(pfn, 0, 0, 0, "free", value, generation);
    }

    /** A 64-bit fingerprint of every field ({@link Fingerprint}). */
    @Override
    public long fingerprint() {
        long h = 0x51ED270B27ACL;
        h = Fingerprint.add(h, pfn);
        h = Fingerprint.add(h, refs);
        h = Fingerprint.add(h, maps);
        h = Fingerprint.add(h, pins);
        h = Fingerprint.add(h, owner);
        h = Fingerprint.add(h, value);
        h = Fingerprint.add(h, generation);
        return h;
    }
}
