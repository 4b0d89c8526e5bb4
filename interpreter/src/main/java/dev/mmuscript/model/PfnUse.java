package dev.mmuscript.model;

/**
 * One use of a frame, the key of the reverse maps of {@link MachineState}: a PTE of process {@code by} at virtual
 * page {@code at}, a shadow entry of instance {@code by} at {@code at}, or page {@code at} of file {@code by}'s
 * page cache. Sorted by frame, then user, then place, so the uses of one frame are one range of keys.
 */
public record PfnUse(long pfn, String by, long at) implements Comparable<PfnUse>, Fingerprint.Fingerprinted {
    /** The least key of frame {@code pfn}: its uses are the keys from {@code first(pfn)} to {@code first(pfn + 1)}. */
    static PfnUse first(long pfn) {
        return new PfnUse(pfn, "", Long.MIN_VALUE);
    }

    @Override
    public int compareTo(PfnUse o) {
        int c = Long.compare(pfn, o.pfn);
        if (c != 0) {
            return c;
        }
        c = by == o.by ? 0 : by.compareTo(o.by);
        return c != 0 ? c : Long.compare(at, o.at);
    }

    @Override
    public long fingerprint() {
        return Fingerprint.add(Fingerprint.add(Fingerprint.of(pfn), by), at);
    }
}
