package dev.mmuscript.kernel;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Vma;
import dev.mmuscript.ops.Builder;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Lock;

/**
 * mmap as a step program (mm/util.c vm_mmap_pgoff, mm/mmap.c do_mmap and mmap_region): under mmap_write_lock the
 * new VMA is linked into the mm (vma_link). No page is mapped: the pages come with the first fault.
 */
final class Mmap {
    private final Machine m;
    private final Shmem shmem;
    private final Code mmap;

    Mmap(Machine m, Shmem shmem) {
        this.m = m;
        this.shmem = shmem;
        this.mmap = buildMmap();
    }

    /** The registers of mmap: the mm and the VMA to link (anonymous or a file's). */
    record Regs(String proc, Vma vma) implements Fingerprint.Fingerprinted {

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x1A1E480E045257C6L;
            h = Fingerprint.add(h, proc);
            h = Fingerprint.add(h, vma);
            return h;
        }
    }

    Invocation mmap(String proc, Vma vma) {
        return new Invocation(mmap, new Regs(proc, vma));
    }

    private Code buildMmap() {
        return Builder.path("mmap")
                .acquire("mmap_write_lock", (c, r) -> Lock.mmap(((Regs) r).proc(), true))
                .local((c, r) -> vmaLink((Regs) r))
                .release("mmap_write_unlock", (c, r) -> Lock.mmap(((Regs) r).proc(), true))
                .build();
    }

    /**
     * mmap_region's vma_link: the VMA is in the mm's tree from now on. A shared anonymous VMA first gets its shmem
     * object (mmap_region calls shmem_zero_setup for MAP_SHARED without a file).
     */
    private Regs vmaLink(Regs r) {
        Vma v = r.vma().anon() && r.vma().shared() ? shmem.zeroSetup(r.vma()) : r.vma();
        Process p = m.process(r.proc());
        m.put(p.withVmas(p.vmas().put(v.range().start(), v)));
        m.emit(new Event.VmaAdded(r.proc(), v.range(), v.prot().toString(), v.backing()));
        return r;
    }
}
