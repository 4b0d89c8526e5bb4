package dev.mmuscript.model;

/** A half-open range of virtual addresses, page aligned. */
public record Range(long start, long end) implements Fingerprint.Fingerprinted {
    public static final long PAGE = 0x1000;

    public static Range page(long va) {
        return new Range(va, va + PAGE);
    }

    public boolean contains(long va) {
        return va >= start && va < end;
    }

    public boolean overlaps(Range o) {
        return start < o.end && o.start < end;
    }

    public boolean covers(Range o) {
        return start <= o.start && o.end <= end;
    }

    public long pages() {
        return (end - start) / PAGE;
    }

    @Override
    public String toString() {
        return pages() == 1 ? hex(start) : hex(start) + ".." + hex(end);
    }

    public static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** A 64-bit fingerprint of every field ({@link Fingerprint}). */
    @Override
    public long fingerprint() {
        long h = 0x51ED27129240L;
        h = Fingerprint.add(h, start);
        h = Fingerprint.add(h, end);
        return h;
    }

    /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
    @Override
    public int hashCode() {
        return Fingerprint.hash(this);
    }

    /** Written out as {@link #hashCode} is. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Range r && r.start == start && r.end == end;
    }
}
