package dev.mmuscript.drivers;

import dev.mmuscript.model.Frame;

/** What drivers ask of the kernel: get_user_pages and put_page. Implemented by the kernel package. */
public interface Host {
    /**
     * Faults {@code va} in on the CPU side as a user access would (COW-breaking for a write) and takes a reference
     * and a pin on the frame; null when the access is not allowed there (EFAULT).
     */
    Frame gup(String proc, long va, boolean write, String holder);

    /** Drops a reference and pin taken by {@link #gup}. */
    void put(long pfn, String holder, long va);
}
