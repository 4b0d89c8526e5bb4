package dev.mmuscript.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.model.Instance;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.PMap;
import dev.mmuscript.model.Pin;
import dev.mmuscript.model.PinnedPage;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Prot;
import dev.mmuscript.model.Pte;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.ShadowEntry;
import dev.mmuscript.model.Violation;
import dev.mmuscript.model.Vma;
import dev.mmuscript.model.Write;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvariantsTest {
    private static final long VA = 0x10000;
    private static final long VA2 = VA + Range.PAGE;

    /** A process "vm" with one rw anon VMA of 4 pages at VA, and one page (pfn 0) mapped rw at VA. */
    private static Machine vmWithOnePage(boolean writable) {
        Machine m = new Machine();
        Process p = Process.create("vm");
        p = p.withVmas(p.vmas().put(VA, new Vma(new Range(VA, VA + 4 * Range.PAGE), Prot.parse("rw"), false)));
        m.put(p);
        long pfn = m.alloc("anon").pfn();
        m.mapPte("vm", VA, pfn, writable, true);
        return m;
    }

    private static Instance instance(String name, boolean attached) {
        return new Instance(name, "kvm", "vm", PMap.empty(), PMap.empty(), PMap.empty(), List.of(), attached);
    }

    private static Machine withDevice(Machine m, String name) {
        m.mmus().put(instance(name, true));
        return m;
    }

    /** Unmaps VA and frees its frame, as a zap would, without telling any secondary MMU. */
    private static long zapWithoutNotifying(Machine m) {
        Pte was = m.clearPte("vm", VA);
        m.putRef(was.pfn());
        return was.pfn();
    }

    private static List<Violation> check(Machine m) {
        return Invariants.check(m.state(), null, true);
    }

    private static void assertOne(List<Violation> found, String kind, String mmu, long va, long pfn) {
        assertEquals(1, found.size(), () -> "violations: " + found);
        Violation v = found.get(0);
        assertEquals(kind, v.kind());
        assertEquals(mmu, v.mmu());
        assertEquals(va, v.va());
        assertEquals(pfn, v.pfn());
        assertTrue(Violation.KINDS.contains(v.kind()));
    }

    // ---------------------------------------------------------------- baseline

    @Test
    void emptyMachineIsCoherent() {
        assertEquals(List.of(), Invariants.check(new Machine().state(), null, true));
    }

    @Test
    void shadowMatchingPteIsCoherent() {
        Machine m = withDevice(vmWithOnePage(true), "guest");
        m.mmus().setShadow("guest", VA, new ShadowEntry(0, 1, true, false));
        assertEquals(List.of(), check(m));
    }

    // ---------------------------------------------------------------- stale-shadow

    @Test
    void shadowEntryWithoutPteIsStaleShadow() {
        Machine m = withDevice(vmWithOnePage(true), "guest");
        long pfn = m.alloc("anon").pfn();
        m.getRef(pfn);
        m.mmus().setShadow("guest", VA2, new ShadowEntry(pfn, 1, false, false));
        assertOne(check(m), "stale-shadow", "guest", VA2, pfn);
    }

    @Test
    void shadowEntryToOtherFrameThanPteIsStaleShadow() {
        Machine m = withDevice(vmWithOnePage(true), "guest");
        long other = m.alloc("anon").pfn();
        m.getRef(other);
        m.mmus().setShadow("guest", VA, new ShadowEntry(other, 1, false, false));
        assertOne(check(m), "stale-shadow", "guest", VA, other);
    }

    @Test
    void shadowEntryOverProtNonePteIsStaleShadow() {
        Machine m = withDevice(vmWithOnePage(true), "guest");
        m.mmus().setShadow("guest", VA, new ShadowEntry(0, 1, false, false));
        m.updatePte("vm", VA, m.process("vm").ptes().get(VA).withAccessible(false));
        assertOne(check(m), "stale-shadow", "guest", VA, 0);
    }

    @Test
    void shadowEntryFollowingRemappedPteIsNotStale() {
        Machine m = withDevice(vmWithOnePage(true), "guest");
        long old = zapWithoutNotifying(m);
        m.mmus().clearShadow("guest", VA);
        long fresh = m.alloc("anon").pfn();
        m.mapPte("vm", VA, fresh, true, true);
        m.mmus().setShadow("guest", VA, new ShadowEntry(fresh, m.frame(fresh).generation(), true, false));
        assertEquals(old, fresh);
        assertEquals(List.of(), check(m));
    }

    @Test
    void shadowEntryInsideOpenInvalidationIsNotStale() {
        Machine m = withDevice(vmWithOnePage(true), "guest");
        long other = m.alloc("anon").pfn();
        m.getRef(other);
        m.mmus().setShadow("guest", VA, new ShadowEntry(other, 1, false, false));
        m.mmus().put(m.mmus().instance("guest").withOpen(new Range(VA, VA + 2 * Range.PAGE)));
        assertEquals(List.of(), Invariants.check(m.state(), null, false));
    }

    @Test
    void shadowEntryOutsideOpenInvalidationIsStillStale() {
        Machine m = withDevice(vmWithOnePage(true), "guest");
        long other = m.alloc("anon").pfn();
        m.getRef(other);
        m.mmus().setShadow("guest", VA, new ShadowEntry(other, 1, false, false));
        m.mmus().put(m.mmus().instance("guest").withOpen(Range.page(VA2)));
        assertOne(Invariants.check(m.state(), null, false), "stale-shadow", "guest", VA, other);
    }

    // ---------------------------------------------------------------- shadow-use-after-free

    @Test
    void shadowEntryToFreedFrameIsUseAfterFree() {
        Machine m = withDevice(vmWithOnePage(true), "guest");
        m.mmus().setShadow("guest", VA, new ShadowEntry(0, 1, true, false));
        long pfn = zapWithoutNotifying(m);
        assertOne(check(m), "shadow-use-after-free", "guest", VA, pfn);
    }

    @Test
    void shadowEntryToFreedAndReusedFrameIsUseAfterFree() {
        Machine m = withDevice(vmWithOnePage(true), "guest");
        m.mmus().setShadow("guest", VA, new ShadowEntry(0, 1, true, false));
        long pfn = zapWithoutNotifying(m);
        long reused = m.alloc("anon").pfn();
        m.mapPte("vm", VA, reused, true, true);
        assertEquals(pfn, reused);
        assertOne(check(m), "shadow-use-after-free", "guest", VA, pfn);
    }

    @Test
    void useAfterFreeIsReportedEvenInsideOpenInvalidation() {
        Machine m = withDevice(vmWithOnePage(true), "guest");
        m.mmus().setShadow("guest", VA, new ShadowEntry(0, 1, true, false));
        m.mmus().put(m.mmus().instance("guest").withOpen(Range.page(VA)));
        long pfn = zapWithoutNotifying(m);
        assertOne(Invariants.check(m.state(), null, false), "shadow-use-after-free", "guest", VA, pfn);
    }

    @Test
    void shadowEntryClearedBeforeFreeIsCoherent() {
        Machine m = withDevice(vmWithOnePage(true), "guest");
        m.mmus().setShadow("guest", VA, new ShadowEntry(0, 1, true, false));
        m.mmus().clearShadow("guest", VA);
        zapWithoutNotifying(m);
        assertEquals(List.of(), check(m));
    }

    @Test
    void pinOfFreedFrameIsUseAfterFree() {
        Machine m = vmWithOnePage(true);
        m.put(new Pin("p0", "vm", true, List.of(new PinnedPage(VA, 0, 1))));
        long pfn = zapWithoutNotifying(m);
        assertOne(check(m), "shadow-use-after-free", "p0", VA, pfn);
    }

    @Test
    void pinOfFreedAndReusedFrameIsUseAfterFree() {
        Machine m = vmWithOnePage(true);
        m.put(new Pin("p0", "vm", false, List.of(new PinnedPage(VA, 0, 1))));
        long pfn = zapWithoutNotifying(m);
        m.getRef(m.alloc("anon").pfn());
        assertOne(check(m), "shadow-use-after-free", "p0", VA, pfn);
    }

    @Test
    void pinOfLiveFrameIsCoherentEvenAfterUnmap() {
        Machine m = vmWithOnePage(true);
        m.getRef(0);
        m.put(m.frame(0).withPins(1));
        m.put(new Pin("p0", "vm", true, List.of(new PinnedPage(VA, 0, 1))));
        Pte was = m.clearPte("vm", VA);
        m.putRef(was.pfn());
        assertTrue(m.live(0, 1));
        assertEquals(List.of(), check(m));
    }

    // ---------------------------------------------------------------- shadow-write-to-readonly

    @Test
    void writableShadowOverReadOnlyPteIsWriteToReadonly() {
        Machine m = withDevice(vmWithOnePage(false), "guest");
        m.mmus().setShadow("guest", VA, new ShadowEntry(0, 1, true, false));
        assertOne(check(m), "shadow-write-to-readonly", "guest", VA, 0);
    }

    @Test
    void writableShadowLeftAfterWriteProtectIsWriteToReadonly() {
        Machine m = withDevice(vmWithOnePage(true), "guest");
        m.mmus().setShadow("guest", VA, new ShadowEntry(0, 1, true, false));
        m.updatePte("vm", VA, m.process("vm").ptes().get(VA).withWritable(false));
        assertOne(check(m), "shadow-write-to-readonly", "guest", VA, 0);
    }

    @Test
    void readOnlyShadowOverReadOnlyPteIsCoherent() {
        Machine m = withDevice(vmWithOnePage(false), "guest");
        m.mmus().setShadow("guest", VA, new ShadowEntry(0, 1, false, false));
        assertEquals(List.of(), check(m));
    }

    @Test
    void readOnlyShadowOverWritablePteIsCoherent() {
        Machine m = withDevice(vmWithOnePage(true), "guest");
        m.mmus().setShadow("guest", VA, new ShadowEntry(0, 1, false, false));
        assertEquals(List.of(), check(m));
    }

    // ---------------------------------------------------------------- lost-write

    @Test
    void deviceWriteIntoFrameNoLongerMappedIsLostWrite() {
        Machine m = vmWithOnePage(true);
        m.getRef(0);                                   // the device's pin keeps the old frame alive
        m.put(m.frame(0).withValue(9));
        m.logWrite("vm", VA, new Write("guest", 0, 1, 9));
        zapWithoutNotifying(m);                        // still referenced by the pin: not freed
        long fresh = m.alloc("anon").pfn();
        m.mapPte("vm", VA, fresh, true, true);         // the CPU faults in a new zero page
        assertOne(check(m), "lost-write", "guest", VA, 0);
    }

    @Test
    void deviceWriteToUnmappedPageInsideVmaIsLostWrite() {
        Machine m = vmWithOnePage(true);
        m.getRef(0);
        m.put(m.frame(0).withValue(9));
        m.logWrite("vm", VA, new Write("guest", 0, 1, 9));
        zapWithoutNotifying(m);
        assertOne(check(m), "lost-write", "guest", VA, 0);
    }

    @Test
    void deviceWriteIntoFrameStillMappedIsNotLost() {
        Machine m = vmWithOnePage(true);
        m.put(m.frame(0).withValue(9));
        m.logWrite("vm", VA, new Write("guest", 0, 1, 9));
        assertEquals(List.of(), check(m));
    }

    @Test
    void deviceWriteOfValueTheCpuReadsAnywayIsNotLost() {
        Machine m = vmWithOnePage(true);
        m.getRef(0);
        m.logWrite("vm", VA, new Write("guest", 0, 1, 0));
        zapWithoutNotifying(m);
        long fresh = m.alloc("anon").pfn();
        m.mapPte("vm", VA, fresh, true, true);
        assertEquals(List.of(), check(m));
    }

    @Test
    void cpuWriteIsNeverLost() {
        Machine m = vmWithOnePage(true);
        m.getRef(0);
        m.logWrite("vm", VA, new Write("vm", 0, 1, 9));
        zapWithoutNotifying(m);
        assertEquals(List.of(), check(m));
    }

    @Test
    void deviceWriteToAddressOutsideEveryVmaIsNotLost() {
        Machine m = vmWithOnePage(true);
        Process p = m.process("vm");
        m.put(p.withVmas(PMap.empty()));
        m.getRef(0);
        m.logWrite("vm", VA, new Write("guest", 0, 1, 9));
        zapWithoutNotifying(m);
        assertEquals(List.of(), check(m));
    }

    // ---------------------------------------------------------------- unpaired-invalidate

    @Test
    void openRangeAtQuiescenceIsUnpairedInvalidate() {
        Machine m = withDevice(vmWithOnePage(true), "guest");
        m.mmus().put(m.mmus().instance("guest").withOpen(new Range(VA, VA + 2 * Range.PAGE)));
        assertOne(Invariants.check(m.state(), null, true), "unpaired-invalidate", "guest", VA, -1);
    }

    @Test
    void openRangeIsNotReportedWhenNotQuiescent() {
        Machine m = withDevice(vmWithOnePage(true), "guest");
        m.mmus().put(m.mmus().instance("guest").withOpen(new Range(VA, VA + 2 * Range.PAGE)));
        assertEquals(List.of(), Invariants.check(m.state(), null, false));
    }

    @Test
    void closedRangeIsPaired() {
        Machine m = withDevice(vmWithOnePage(true), "guest");
        Range r = new Range(VA, VA + 2 * Range.PAGE);
        m.mmus().put(m.mmus().instance("guest").withOpen(r));
        m.mmus().put(m.mmus().instance("guest").withClosed(r));
        assertEquals(List.of(), Invariants.check(m.state(), null, true));
    }

    @Test
    void eachOpenRangeIsReported() {
        Machine m = withDevice(vmWithOnePage(true), "guest");
        m.mmus().put(m.mmus().instance("guest").withOpen(Range.page(VA)).withOpen(Range.page(VA2)));
        List<Violation> found = Invariants.check(m.state(), null, true);
        assertEquals(2, found.size());
        assertEquals(VA, found.get(0).va());
        assertEquals(VA2, found.get(1).va());
    }

    // ---------------------------------------------------------------- filters

    @Test
    void detachedInstanceIsIgnored() {
        Machine m = vmWithOnePage(true);
        m.mmus().put(instance("gone", false));
        m.mmus().setShadow("gone", VA2, new ShadowEntry(0, 1, true, false));
        m.mmus().put(m.mmus().instance("gone").withOpen(Range.page(VA)));
        zapWithoutNotifying(m);
        assertEquals(List.of(), check(m));
    }

    @Test
    void onlyRestrictsChecksToNamedInstance() {
        Machine m = withDevice(withDevice(vmWithOnePage(true), "a"), "b");
        m.mmus().setShadow("a", VA2, new ShadowEntry(0, 1, false, false));
        m.mmus().setShadow("b", VA2, new ShadowEntry(0, 1, false, false));
        assertEquals(2, Invariants.check(m.state(), null, true).size());
        assertOne(Invariants.check(m.state(), "a", true), "stale-shadow", "a", VA2, 0);
        assertOne(Invariants.check(m.state(), "b", true), "stale-shadow", "b", VA2, 0);
    }

    @Test
    void onlyExcludesOtherInstancesOpenRanges() {
        Machine m = withDevice(withDevice(vmWithOnePage(true), "a"), "b");
        m.mmus().put(m.mmus().instance("b").withOpen(Range.page(VA)));
        assertEquals(List.of(), Invariants.check(m.state(), "a", true));
        assertOne(Invariants.check(m.state(), "b", true), "unpaired-invalidate", "b", VA, -1);
    }

    @Test
    void violationsOfSeveralInstancesComeInNameOrder() {
        Machine m = withDevice(withDevice(vmWithOnePage(true), "zeta"), "alpha");
        m.mmus().setShadow("zeta", VA2, new ShadowEntry(0, 1, false, false));
        m.mmus().setShadow("alpha", VA2, new ShadowEntry(0, 1, false, false));
        List<Violation> found = check(m);
        assertEquals(List.of("alpha", "zeta"), found.stream().map(Violation::mmu).toList());
    }
}
