package dev.mmuscript.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.front.Stdlib;
import dev.mmuscript.semantics.Semantics;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two texts of {@code mmu drivers}: the list, and one driver with its eras and source. */
class DriverReportTest {
    static final List<DriverReport.Driver> DRIVERS = load();
    static final List<Semantics> ERAS = ProfileReportTest.load();

    static List<DriverReport.Driver> load() {
        DriverReport.Loaded l = DriverReport.stdlib();
        assertEquals("", l.problems());
        return l.drivers();
    }

    static DriverReport.Driver driver(String name) {
        return DriverReport.find(DRIVERS, name);
    }

    @Test
    void everyDriverOfDriversTxtLoadsInItsOrder() {
        assertEquals(Stdlib.drivers(), DRIVERS.stream().map(DriverReport.Driver::name).toList());
        assertEquals(List.of("kvm", "hmm", "odp", "gru", "xpmem", "xpmem-2008", "sva"), Stdlib.drivers());
    }

    @Test
    void theListHasASummaryAndTheCallbacksOfEachDriver() {
        String out = DriverReport.list(DRIVERS);
        String[] rows = out.split("\n");
        assertEquals(2 * DRIVERS.size(), rows.length, out);
        assertEquals("kvm         KVM's shadow (two-dimensional) page tables, as virt/kvm/kvm_main.c and arch/x86/kvm/mmu"
                + " keep them.", rows[0]);
        assertEquals("            callbacks: release, invalidate_page, invalidate_range_start, invalidate_range_end,"
                + " change_pte, clear_flush_young, fault", rows[1]);
        assertTrue(out.contains("\nsva         a device sharing the CPU page tables through an IOMMU (AMD iommu_v2 3.3,"
                + " Intel SVM 4.4, ARM SMMUv3 SVA).\n"), "a summary may span lines of its paragraph: " + out);
        assertTrue(out.contains("\n            callbacks: release, invalidate_page, invalidate_range_start,"
                + " invalidate_range_end, invalidate_range, arch_invalidate_secondary_tlbs, change_pte, fault\n"), out);
        for (String r : rows) {
            assertFalse(r.endsWith(" "), r);
        }
        assertEquals(out, DriverReport.list(load()), "deterministic");
    }

    @Test
    void theSummaryIsTheFirstParagraphWithoutTheName() {
        assertEquals("a GPU mirroring a process's address space (the HMM mirror of 4.14-4.19, nouveau's SVM from 5.5).",
                DriverReport.summary(driver("hmm")));
        assertEquals("hmm: a GPU mirroring a process's address space (the HMM mirror of 4.14-4.19, nouveau's SVM from 5.5).",
                DriverReport.header(driver("hmm")).get(0));
    }

    @Test
    void oneDriverShowsItsStateTheErasOfEachCallbackAndItsSource() {
        String out = DriverReport.show(driver("kvm"), ERAS);
        assertTrue(out.startsWith("driver kvm: KVM's shadow (two-dimensional) page tables"), out);
        assertTrue(out.contains("\nvariables: seq, count, range_start, range_end\nlocks: spinlock mmu_lock\n"
                + "flags: invalidate_does_not_block\n"), out);
        assertTrue(out.contains("\ninvalidate_page         andrea-2008 to linux-4.11\n"), out);
        assertTrue(out.contains("\nchange_pte              linux-2.6.32 to linux-6.6\n"), out);
        assertTrue(out.contains("\ninvalidate_range_start  every era\n"), out);
        assertTrue(out.contains("\n# stdlib/drivers/kvm.mmu\n# kvm: KVM's shadow"), out);
        assertTrue(out.endsWith(driver("kvm").source().text()), out);
        assertFalse(out.matches("(?s).*[ \t]\n.*"), "no trailing blanks");
    }

    @Test
    void anIntervalNotifierGetsInvalidateInsteadOfTheListCallbacksFrom55() {
        String out = DriverReport.show(driver("odp"), ERAS);
        assertTrue(out.contains("\ninvalidate_range_start  andrea-2008 to linux-4.19\n"), out);
        assertTrue(out.contains("\ninvalidate              linux-5.5 to latest (as an interval notifier)\n"), out);
        assertTrue(out.contains("\nrelease                 andrea-2008 to linux-4.19\n"), out);
    }

    @Test
    void nouveauIsOnTheListAndAnIntervalNotifierFrom55() {
        String out = DriverReport.show(driver("hmm"), ERAS);
        assertTrue(out.contains("\ninvalidate_range_start  every era\n"), out);
        assertTrue(out.contains("\ninvalidate_range_end    andrea-2008 to linux-4.19\n"), out);
        assertTrue(out.contains("\ninvalidate              linux-5.5 to latest (as an interval notifier)\n"), out);
        assertTrue(out.contains("\nrelease                 andrea-2008 to linux-4.19\n"), out);
        assertTrue(out.contains("\nlocks: mutex mn_lock\nflags: none\n"), out);
    }

    @Test
    void thePublishedXpmemHasOnlyRangeEndAndInvalidatePageBefore413() {
        String out = DriverReport.show(driver("xpmem"), ERAS);
        assertTrue(out.contains("\ninvalidate_page       andrea-2008 to linux-4.11\n"), out);
        assertTrue(out.contains("\ninvalidate_range_end  every era\n"), out);
        assertFalse(out.contains("\ninvalidate_range_start "), out);
        assertTrue(DriverReport.show(driver("xpmem-2008"), ERAS).contains("\ninvalidate_range_start  every era\n"));
    }

    @Test
    void theSecondaryTlbCallbacksFollowTheirEras() {
        String out = DriverReport.show(driver("sva"), ERAS);
        assertTrue(out.contains("\nvariables: active\nlocks: none\n"), out);
        assertTrue(out.contains("\nrelease                         linux-3.7 to latest\n"), out);
        assertTrue(out.contains("\ninvalidate_range_start          linux-3.7\n"), out);
        assertTrue(out.contains("\ninvalidate_range                linux-3.19 to linux-5.12\n"), out);
        assertTrue(out.contains("\narch_invalidate_secondary_tlbs  linux-6.6 to latest\n"), out);
    }

    @Test
    void anUnknownNameIsNotFound() {
        assertNull(DriverReport.find(DRIVERS, "nvidia"));
    }
}
