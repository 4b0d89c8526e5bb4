package dev.mmuscript.drivers;

import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Vma;

/**
 * The error a device's failed {@code gup} answers, as the kernel API its driver faults through would.
 * <ul>
 * <li>An interval notifier (5.5 on) faults through hmm_range_fault, which takes the interval notifier
 * ({@code range->notifier}): a write to a VMA without VM_WRITE is {@code -EPERM} (mm/hmm.c hmm_vma_fault:
 * {@code if (!(vma->vm_flags & VM_WRITE)) return -EPERM;}), a VMA without VM_READ {@code -EFAULT}
 * (hmm_vma_walk_test), as hmm-tests' anon_write_prot and anon_read_prot expect.</li>
 * <li>Any other driver faults through get_user_pages, whose check_vma_flags (mm/gup.c) answers {@code -EFAULT} to
 * both: KVM's hva_to_pfn gets KVM_PFN_ERR_FAULT.</li>
 * </ul>
 * A page the device only walks (an IOMMU's page request) that cannot be faulted in is EFAULT too.
 */
final class GupErrno {
    private GupErrno() {
    }

    static String of(Machine m, Drivers drivers, String inst, long va, boolean write, boolean ref) {
        if (!ref || !write || !drivers.isInterval(inst)) {
            return "EFAULT";
        }
        Process p = m.process(m.mmus().info(inst).proc());
        Vma v = p == null ? null : p.vmaAt(va);
        return v != null && v.prot().read() && !v.prot().write() ? "EPERM" : "EFAULT";
    }
}
