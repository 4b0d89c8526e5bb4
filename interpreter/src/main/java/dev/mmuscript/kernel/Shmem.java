package dev.mmuscript.kernel;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.FileState;
import dev.mmuscript.model.Frame;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.PMap;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.Vma;
import java.util.HashSet;
import java.util.Set;

/**
 * Shared anonymous memory as the kernel keeps it (mm/shmem.c): one shmem object, a file of its own, made when the
 * mapping is made (shmem_zero_setup), whose page cache holds every page, whoever faulted it first. A page the object
 * wrote to swap (shmem_writepage) is its {@link FileState#disk()} entry: the swap entry is the object's, not a PTE's;
 * while the page is still in memory (the swap cache) it is also in {@link FileState#cache()}. The object goes when
 * its last mapping goes (fput of the VMA's file, shmem_evict_inode).
 */
final class Shmem {
    private final Machine m;

    Shmem(Machine m) {
        this.m = m;
    }

    /**
     * shmem_zero_setup (mm/shmem.c), called by mmap_region for a MAP_SHARED|MAP_ANONYMOUS mapping: a new shmem
     * file the size of the mapping (shmem_file_setup "dev/zero"), which the VMA maps from offset 0.
     */
    Vma zeroSetup(Vma anon) {
        String name = freeName();
        m.put(FileState.create(name, anon.range().pages()));
        return new Vma(anon.range(), anon.prot(), true, name, 0, false, PMap.empty());
    }

    /** The lowest shmem#N no file has: deterministic, whatever the order of earlier releases. */
    private String freeName() {
        PMap<String, FileState> files = m.state().files();
        for (int n = 1; ; n++) {
            if (files.get(FileState.shmemName(n)) == null) {
                return FileState.shmemName(n);
            }
        }
    }

    /**
     * shmem_fault -> shmem_getpage_gfp (mm/shmem.c): the object's page if it has one (its page cache, or the swap
     * cache, which shmem_add_to_page_cache moves it back from), else the page read back from swap
     * (shmem_swapin), else a new zeroed page (shmem_alloc_page). A page that comes back from swap is dirty and its
     * swap entry freed (delete_from_swap_cache, set_page_dirty, swap_free). Returns the frame; the page cache
     * holds a reference on it.
     */
    long getPage(String proc, long va, Vma vma) {
        long idx = vma.fileIndex(va);
        FileState f = m.file(vma.file());
        Long pfn = f.cache().get(idx);
        Long swapped = f.disk().get(idx);
        if (pfn == null) {
            Frame fr = m.alloc("shmem " + proc + " " + Range.hex(va));
            m.put(fr.withRefs(1).withValue(swapped == null ? 0 : swapped));
            pfn = fr.pfn();
            f = f.withCache(f.cache().put(idx, pfn));
            if (swapped != null) {
                m.emit(new Event.SwapIn(proc, va, pfn));
            }
        }
        if (swapped != null) {
            f = f.withDisk(f.disk().remove(idx)).withDirty(f.dirty().put(idx, true));
        }
        m.put(f);
        return pfn;
    }

    /**
     * The objects that no VMA maps any more are released (remove_vma's fput, then shmem_evict_inode ->
     * shmem_truncate_range): each page leaves the object's page cache, which drops its reference (a page someone
     * still holds stays allocated), and its swap goes.
     */
    void releaseUnmapped() {
        Set<String> mapped = new HashSet<>();
        for (Process p : m.state().procs().values()) {
            for (Vma v : p.vmas().values()) {
                mapped.add(v.file());
            }
        }
        for (FileState f : m.state().files().values()) {
            if (FileState.isShmem(f.name()) && !mapped.contains(f.name())) {
                m.emit(new Event.Step("shmem_evict_inode " + f.name()));
                m.put(f.withCache(PMap.empty()).withDisk(PMap.empty()).withDirty(PMap.empty()));
                for (Long pfn : f.cache().values()) {
                    m.putRef(pfn);
                }
                m.dropFile(f.name());
            }
        }
    }
}
