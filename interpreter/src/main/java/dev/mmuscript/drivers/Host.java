package dev.mmuscript.drivers;

import dev.mmuscript.model.Frame;
import dev.mmuscript.ops.Invocation;

/** What drivers ask of the kernel: get_user_pages and put_page. Implemented by the kernel package. */
public interface Host {
    /**
     * get_user_pages: faults {@code va} in on the CPU side as a user access would and takes a reference on the
     * frame (not a pin); null when the access is not allowed there (EFAULT).
     */
    Frame gup(String proc, long va, boolean write, String holder);

    /**
     * A device walking the CPU page table itself (IOMMU SVA, GRU): no reference is taken; when the PTE does not
     * allow the access, the fault is handled (a page request / handle_mm_fault) first. Null on EFAULT.
     */
    Frame walk(String proc, long va, boolean write, String holder);

    /**
     * {@link #gup} as a step program, for a handler's {@code gup} to call: its result is the frame, or null. A
     * thread can stop inside it ({@code gup.mmap_read_lock}, the fault's steps).
     */
    Invocation gupCode(String proc, long va, boolean write, String holder);

    /** {@link #walk} as a step program ({@code iopf.mmap_read_lock}, ...): its result is the frame, or null. */
    Invocation walkCode(String proc, long va, boolean write, String holder);

    /**
     * follow_page_mask alone: the frame a present PTE that allows the access maps, taken as {@link #gup} ({@code
     * ref}) or {@link #walk} would; null, with nothing done, when the page must be faulted in first.
     */
    Frame takeIfMapped(String proc, long va, boolean write, String holder, boolean ref);

    /** put_page: drops a reference taken by {@link #gup}. */
    void put(long pfn, String holder, long va);
}
