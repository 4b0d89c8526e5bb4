package dev.mmuscript.model;

/** One page held by a gup pin. */
public record PinnedPage(long va, long pfn, int generation) {
}
