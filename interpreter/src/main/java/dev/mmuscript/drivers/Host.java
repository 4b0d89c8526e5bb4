package dev.mmuscript.drivers;

import dev.mmuscript.model.Frame;

/** What drivers ask of the kernel: get_user_pages and put_page. Implemented by the kernel package. */
public interface Host {
    /**
     * get_user_pages: faults {@code va} in on the CPU side as a user access would and takes a reference on the
     * frame (not a pin); null when the access is not allowed there (EFAULT).
     */
    Frame gup(String proc, long va, boolean write, String holder);

    /** put_page: drops a reference taken by {@link #gup}. */
    void put(long pfn, String holder, long va);
}
