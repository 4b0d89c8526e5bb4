package dev.mmuscript.model;

/** A cached translation in a CPU's TLB; it survives until flushed, whatever happens to the PTE. */
public record TlbEntry(long pfn, int generation, boolean writable) {
}
