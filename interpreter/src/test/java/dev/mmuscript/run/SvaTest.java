package dev.mmuscript.run;

import static dev.mmuscript.run.RunnerTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The SVA driver of each era (drivers/iommu/amd_iommu_v2.c), and no SVA driver before 3.3. */
class SvaTest {
    private static final String VM = "process vm\nmmap vm 0x10000 pages 1 rw anon\ntouch vm 0x10000 write\n"
            + "attach sva to vm as iommu\niommu write 0x10000 = 1\n";

    @Test
    void beforeAmdIommuV2TheScriptIsSkipped() {
        RunnerTest.Run r = run(VM, "linux-2.6.32");
        assertTrue(r.out().contains("SKIP under linux-2.6.32: the script says 'requires semantics linux-3.7.. "
                + "(driver sva)'"), r.out());
    }

    @Test
    void amdIommuV2Of33SwapsGcr3InRangeStartAndRestoresItInRangeEnd() {
        RunnerTest.Run r = run(VM + "fork vm as child\nassert coherent\nassert iommu.active == 0\n", "linux-3.7");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("call iommu.invalidate_range_start 0x10000 blockable"), r.out());
        assertTrue(r.out().contains("call iommu.invalidate_range_end 0x10000 blockable"), r.out());
    }

    @Test
    void from319ItHasInvalidateRangeAndUntil412InvalidatePage() {
        RunnerTest.Run r = run(VM + "reclaim vm 0x10000\nassert coherent\n", "linux-4.11");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("call iommu.invalidate_page 0x10000"), r.out());
    }
}
