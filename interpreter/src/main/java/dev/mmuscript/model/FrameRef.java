package dev.mmuscript.model;

/**
 * A value that names one allocation of a frame: its number and its generation (a PTE, a shadow or TLB entry, a
 * pinned page, a logged write, the frame itself, a page a handler holds). An explore numbers generations anew
 * ({@link Machine#alloc}), keeping apart the generations of every such value that still exists.
 */
public interface FrameRef {
    long pfn();

    int generation();
}
