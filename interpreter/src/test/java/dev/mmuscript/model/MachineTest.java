package dev.mmuscript.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MachineTest {
    private static final long VA = 0x10000;

    private final List<Event> events = new ArrayList<>();

    private Machine machine() {
        Machine m = new Machine();
        m.sink(events::add);
        return m;
    }

    private static Machine withProcess(String name) {
        Machine m = new Machine();
        m.put(Process.create(name));
        return m;
    }

    @Test
    void allocationStartsAtPfnZeroAndCountsUp() {
        Machine m = machine();
        Frame a = m.alloc("anon");
        Frame b = m.alloc("anon");
        Frame c = m.alloc("file f:0");
        assertEquals(0, a.pfn());
        assertEquals(1, b.pfn());
        assertEquals(2, c.pfn());
        assertEquals(1, a.generation());
        assertEquals("file f:0", m.frame(2).owner());
        assertEquals(List.of(new Event.Alloc(0, "anon"), new Event.Alloc(1, "anon"), new Event.Alloc(2, "file f:0")),
                events);
    }

    @Test
    void allocatedFrameIsZeroFilledWithNoReferences() {
        Machine m = machine();
        Frame f = m.alloc("anon");
        assertEquals(new Frame(0, 0, 0, 0, "anon", 0, 1), f);
        assertEquals(f, m.frame(0));
        assertFalse(f.isFree());
    }

    @Test
    void allocationReusesLowestFreeFrame() {
        Machine m = machine();
        for (int i = 0; i < 4; i++) {
            m.getRef(m.alloc("anon").pfn());
        }
        m.putRef(3);
        m.putRef(1);
        Frame f = m.alloc("anon");
        assertEquals(1, f.pfn());
        Frame g = m.alloc("anon");
        assertEquals(3, g.pfn());
        Frame h = m.alloc("anon");
        assertEquals(4, h.pfn());
    }

    @Test
    void reusedFrameGetsHigherGeneration() {
        Machine m = machine();
        Frame first = m.alloc("anon");
        m.getRef(first.pfn());
        m.putRef(first.pfn());
        Frame again = m.alloc("anon");
        assertEquals(first.pfn(), again.pfn());
        assertEquals(first.generation() + 1, again.generation());
        assertFalse(m.live(first.pfn(), first.generation()));
        assertTrue(m.live(again.pfn(), again.generation()));
    }

    @Test
    void reusedFrameStartsZeroFilled() {
        Machine m = machine();
        Frame f = m.alloc("anon");
        m.getRef(f.pfn());
        m.put(m.frame(f.pfn()).withValue(42));
        m.putRef(f.pfn());
        Frame again = m.alloc("anon");
        assertEquals(0, again.value());
        assertEquals(0, m.frame(again.pfn()).value());
    }

    @Test
    void getRefAndPutRefCountReferences() {
        Machine m = machine();
        long pfn = m.alloc("anon").pfn();
        m.getRef(pfn);
        m.getRef(pfn);
        assertEquals(2, m.frame(pfn).refs());
        events.clear();
        m.putRef(pfn);
        assertEquals(1, m.frame(pfn).refs());
        assertFalse(m.frame(pfn).isFree());
        assertTrue(events.isEmpty());
    }

    @Test
    void putRefOfLastReferenceFreesFrameAndEmitsFree() {
        Machine m = machine();
        long pfn = m.alloc("anon").pfn();
        m.getRef(pfn);
        events.clear();
        m.putRef(pfn);
        Frame f = m.frame(pfn);
        assertTrue(f.isFree());
        assertEquals("free", f.owner());
        assertEquals(0, f.refs());
        assertEquals(List.of(new Event.Free(pfn)), events);
        assertFalse(m.live(pfn, 1));
    }

    @Test
    void aSecondPutOfAFreedFrameIsAModelBugNotASilentNoOp() {
        Machine m = machine();
        long pfn = m.alloc("anon").pfn();
        m.getRef(pfn);
        m.putRef(pfn);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> m.putRef(pfn));
    }

    @Test
    void mapPteTakesReferenceAndMapCountAndInstallsPte() {
        Machine m = machine();
        m.put(Process.create("p"));
        long pfn = m.alloc("anon").pfn();
        events.clear();
        m.mapPte("p", VA, pfn, true, true);
        Frame f = m.frame(pfn);
        assertEquals(1, f.refs());
        assertEquals(1, f.maps());
        assertEquals(new Pte(pfn, 1, true, true, false), m.process("p").ptes().get(VA));
        assertEquals(List.of(new Event.PteSet("p", VA, pfn, "rw")), events);
    }

    @Test
    void mapPteReportsModeOfReadOnlyAndProtNoneMappings() {
        Machine m = machine();
        m.put(Process.create("p"));
        long pfn = m.alloc("anon").pfn();
        events.clear();
        m.mapPte("p", VA, pfn, false, true);
        m.mapPte("p", VA + Range.PAGE, pfn, false, false);
        assertEquals(List.of(new Event.PteSet("p", VA, pfn, "r"), new Event.PteSet("p", VA + Range.PAGE, pfn, "none")),
                events);
        assertEquals(2, m.frame(pfn).refs());
        assertEquals(2, m.frame(pfn).maps());
    }

    @Test
    void clearPteDropsMapCountButHandsReferenceToCaller() {
        Machine m = machine();
        m.put(Process.create("p"));
        long pfn = m.alloc("anon").pfn();
        m.mapPte("p", VA, pfn, true, true);
        events.clear();
        Pte was = m.clearPte("p", VA);
        assertEquals(pfn, was.pfn());
        assertNull(m.process("p").ptes().get(VA));
        assertEquals(0, m.frame(pfn).maps());
        assertEquals(1, m.frame(pfn).refs());
        assertFalse(m.frame(pfn).isFree());
        assertEquals(List.of(new Event.PteClear("p", VA, pfn)), events);
        m.putRef(was.pfn());
        assertTrue(m.frame(pfn).isFree());
    }

    @Test
    void clearPteOfAbsentPageReturnsNullAndChangesNothing() {
        Machine m = machine();
        m.put(Process.create("p"));
        MachineState before = m.state();
        events.clear();
        assertNull(m.clearPte("p", VA));
        assertEquals(before, m.state());
        assertTrue(events.isEmpty());
    }

    @Test
    void updatePteEmitsChangeOnlyWhenModeChanges() {
        Machine m = machine();
        m.put(Process.create("p"));
        long pfn = m.alloc("anon").pfn();
        m.mapPte("p", VA, pfn, true, true);
        Pte pte = m.process("p").ptes().get(VA);
        events.clear();
        m.updatePte("p", VA, pte.withDirty(true));
        assertTrue(events.isEmpty());
        assertTrue(m.process("p").ptes().get(VA).dirty());
        m.updatePte("p", VA, pte.withWritable(false));
        assertEquals(List.of(new Event.PteChange("p", VA, pfn, "rw", "r")), events);
    }

    @Test
    void flushTlbRemovesOnlyEntriesOfThatProcessInRange() {
        Machine m = machine();
        m.put(Process.create("p"));
        long pfn = m.alloc("anon").pfn();
        Pte pte = new Pte(pfn, 1, true, true, false);
        m.fillTlb(0, "p", VA, pte);
        m.fillTlb(0, "p", VA + Range.PAGE, pte);
        m.fillTlb(1, "p", VA, pte);
        m.fillTlb(0, "q", VA, pte);
        int gone = m.flushTlb("p", Range.page(VA));
        assertEquals(2, gone);
        assertNull(m.tlb(0, "p", VA));
        assertNull(m.tlb(1, "p", VA));
        assertEquals(new TlbEntry(pfn, 1, true), m.tlb(0, "p", VA + Range.PAGE));
        assertEquals(new TlbEntry(pfn, 1, true), m.tlb(0, "q", VA));
    }

    @Test
    void snapshotIsUnaffectedByLaterMutation() {
        Machine m = withProcess("p");
        long pfn = m.alloc("anon").pfn();
        MachineState snap = m.state();
        m.mapPte("p", VA, pfn, true, true);
        m.alloc("anon");
        assertNotEquals(snap, m.state());
        assertTrue(snap.procs().get("p").ptes().isEmpty());
        assertEquals(1, snap.frames().size());
        assertEquals(0, snap.frames().get(pfn).refs());
    }

    @Test
    void restoreBringsBackAnEqualState() {
        Machine m = withProcess("p");
        long pfn = m.alloc("anon").pfn();
        m.mapPte("p", VA, pfn, true, true);
        MachineState snap = m.state();
        int hash = snap.hashCode();
        m.clearPte("p", VA);
        m.putRef(pfn);
        m.alloc("anon");
        m.logWrite("p", VA, new Write("p", pfn, 1, 5));
        assertNotEquals(snap, m.state());
        m.restore(snap);
        assertEquals(snap, m.state());
        assertEquals(hash, m.state().hashCode());
        assertEquals(1, m.frame(pfn).refs());
        assertEquals(pfn, m.process("p").ptes().get(VA).pfn());
        assertTrue(m.state().writes().isEmpty());
    }

    @Test
    void restoredMachineContinuesDeterministically() {
        Machine m = withProcess("p");
        MachineState snap = m.state();
        long first = m.alloc("anon").pfn();
        m.restore(snap);
        assertEquals(first, m.alloc("anon").pfn());
        assertEquals(1, m.frame(first).generation());
    }

    private static Machine script(boolean reorderProcesses) {
        Machine m = new Machine();
        if (reorderProcesses) {
            m.put(Process.create("q"));
            m.put(Process.create("p"));
        } else {
            m.put(Process.create("p"));
            m.put(Process.create("q"));
        }
        long a = m.alloc("anon").pfn();
        long b = m.alloc("anon").pfn();
        m.mapPte("p", VA, a, true, true);
        m.mapPte("q", VA, b, false, true);
        m.mmus().put(new Instance("dev", "kvm", "p", PMap.empty(), PMap.empty(), PMap.empty(), List.of(), true));
        m.mmus().setShadow("dev", VA, new ShadowEntry(a, 1, true, false));
        m.put(new Pin("pin", "p", true, List.of(new PinnedPage(VA, a, 1))));
        m.logWrite("p", VA, new Write("dev", a, 1, 3));
        m.fillTlb(0, "p", VA, m.process("p").ptes().get(VA));
        return m;
    }

    @Test
    void sameOperationsGiveEqualStatesWithEqualHash() {
        MachineState a = script(false).state();
        MachineState b = script(false).state();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }

    @Test
    void stateDoesNotDependOnInsertionOrderOfProcesses() {
        MachineState a = script(false).state();
        MachineState b = script(true).state();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }

    @Test
    void statesDifferingInOneFrameValueAreNotEqual() {
        Machine x = script(false);
        Machine y = script(false);
        y.put(y.frame(0).withValue(1));
        assertNotEquals(x.state(), y.state());
    }

    @Test
    void mapAndClearRoundTripGivesBackEqualState() {
        Machine m = withProcess("p");
        long pfn = m.alloc("anon").pfn();
        m.getRef(pfn);
        MachineState before = m.state();
        m.mapPte("p", VA, pfn, true, true);
        Pte was = m.clearPte("p", VA);
        m.putRef(was.pfn());
        assertEquals(before, m.state());
        assertEquals(before.hashCode(), m.state().hashCode());
    }

    @Test
    void setAndClearShadowUpdateInstanceAndEmitEvents() {
        Machine m = machine();
        m.mmus().put(new Instance("dev", "kvm", "p", PMap.empty(), PMap.empty(), PMap.empty(), List.of(), true));
        m.mmus().setShadow("dev", VA, new ShadowEntry(7, 1, true, true));
        assertEquals(new ShadowEntry(7, 1, true, true), m.mmus().instance("dev").shadow().get(VA));
        ShadowEntry e = m.mmus().clearShadow("dev", VA);
        assertEquals(7, e.pfn());
        assertTrue(m.mmus().instance("dev").shadow().isEmpty());
        assertNull(m.mmus().clearShadow("dev", VA));
        assertEquals(List.of(new Event.ShadowSet("dev", VA, 7, true), new Event.ShadowClear("dev", VA, 7)), events);
    }

    @Test
    void forgetWritesRemovesOnlyThatProcessRange() {
        Machine m = machine();
        m.logWrite("p", VA, new Write("dev", 0, 1, 1));
        m.logWrite("p", VA + Range.PAGE, new Write("dev", 1, 1, 2));
        m.logWrite("q", VA, new Write("dev", 2, 1, 3));
        m.forgetWrites("p", Range.page(VA));
        assertEquals(List.of(new PageKey("p", VA + Range.PAGE), new PageKey("q", VA)), m.state().writes().keys());
    }
}
