package dev.mmuscript.model;

/** A page of one address space: the key of TLB entries and of the write log. */
public record PageKey(String proc, long va) implements Comparable<PageKey>, Fingerprint.Fingerprinted {
    @Override
    public int compareTo(PageKey o) {
        int c = proc == o.proc ? 0 : proc.compareTo(o.proc);
        return c != 0 ? c : Long.compare(va, o.va);
    }

    /** A 64-bit fingerprint of every field ({@link Fingerprint}). */
    @Override
    public long fingerprint() {
        long h = 0x51ED2711F409L;
        h = Fingerprint.add(h, proc);
        h = Fingerprint.add(h, va);
        return h;
    }

    /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
    @Override
    public int hashCode() {
        return Fingerprint.hash(this);
    }
}
