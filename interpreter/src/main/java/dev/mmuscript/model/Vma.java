package dev.mmuscript.model;

/** A virtual memory area: a range with one protection and one backing. */
public record Vma(Range range, Prot prot, boolean shared) {
    public Vma withRange(Range r) {
        return new Vma(r, prot, shared);
    }

    public Vma withProt(Prot p) {
        return new Vma(range, p, shared);
    }
}
