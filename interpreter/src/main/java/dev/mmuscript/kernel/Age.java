package dev.mmuscript.kernel;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.PageKey;
import dev.mmuscript.model.Pte;
import dev.mmuscript.model.Range;
import dev.mmuscript.ops.Builder;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Lock;
import dev.mmuscript.ops.Prefixed;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code age} statement: page_referenced (mm/rmap.c), as reclaim's page_check_references asks it of each page
 * it scans, over every mapping of each page a range maps. For each mapping page_referenced_one takes the PT lock
 * and calls ptep_clear_flush_young_notify: ptep_clear_flush_young on the CPU PTE (the accessed bit is not
 * modelled), then mmu_notifier_clear_flush_young, which calls every notifier's clear_flush_young under that lock
 * (include/linux/mmu_notifier.h, every era from 2.6.27). Nothing is unmapped: only the notifiers hear of it.
 */
final class Age {
    private final Machine m;
    private final Notify notify;
    private final Code code;

    Age(Machine m, Notify notify) {
        this.m = m;
        this.notify = notify;
        this.code = buildCode();
    }

    /** The registers of page_referenced: the mappings of the range's pages still to visit, the next one first. */
    record Regs(List<PageKey> mappings, int i) implements Fingerprint.Fingerprinted, Prefixed {
        @Override
        public String prefix() {
            return "age";
        }

        boolean done() {
            return i >= mappings.size();
        }

        PageKey at() {
            return mappings.get(i);
        }

        Regs next() {
            return new Regs(mappings, i + 1);
        }

        /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
        @Override
        public int hashCode() {
            return Fingerprint.hash(this);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x2330100CA267FB38L;
            h = Fingerprint.add(h, mappings);
            h = Fingerprint.add(h, i);
            return h;
        }
    }

    Invocation age(String proc, Range r) {
        return new Invocation(code, new Regs(mappingsOf(proc, r), 0));
    }

    private Code buildCode() {
        return Builder.path("page_referenced")
                .label("mapping")
                .branch((c, r) -> ((Regs) r).done(), "out")
                .acquire("lock_ptl", (c, r) -> Lock.ptl(((Regs) r).at().proc()))
                .step("ptep_clear_flush_young", (c, r) -> {
                    m.emit(new Event.Step("age.ptep_clear_flush_young"));
                    return r;
                })
                .call((c, r) -> notify.clearFlushYoungCall(((Regs) r).at().proc(), ((Regs) r).at().va(), "age"))
                .release("unlock_ptl", (c, r) -> Lock.ptl(((Regs) r).at().proc()))
                .local((c, r) -> ((Regs) r).next())
                .jump("mapping")
                .label("out")
                .ret()
                .build();
    }

    /**
     * Every mapping of every page the range maps (rmap_walk: each process's PTE to the frame, in process and address
     * order), each page once; the zero page has no rmap (page_referenced of a page without a mapping is 0).
     */
    private List<PageKey> mappingsOf(String proc, Range r) {
        List<Long> pfns = new ArrayList<>();
        for (long va : m.process(proc).ptes().keysIn(r.start(), r.end())) {
            Pte pte = m.process(proc).ptes().get(va);
            if (!m.isZeroPage(pte.pfn()) && !pfns.contains(pte.pfn())) {
                pfns.add(pte.pfn());
            }
        }
        List<PageKey> out = new ArrayList<>();
        for (long pfn : pfns) {
            out.addAll(m.mappers(pfn));
        }
        return List.copyOf(out);
    }
}
