package dev.mmuscript.model;

/** A page of one address space: the key of TLB entries and of the write log. */
public record PageKey(String proc, long va) implements Comparable<PageKey> {
    @Override
    public int compareTo(PageKey o) {
        int c = proc.compareTo(o.proc);
        return c != 0 ? c : Long.compare(va, o.va);
    }
}
