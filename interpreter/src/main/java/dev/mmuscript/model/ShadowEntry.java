package dev.mmuscript.model;

/** An entry of a secondary MMU's table: the frame (and its generation when mapped), writability, pinning. */
public record ShadowEntry(long pfn, int generation, boolean writable, boolean pinned) {
}
