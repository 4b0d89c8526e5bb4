package dev.mmuscript.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The free list and the reverse maps of MachineState: always what a scan of the state would find. */
class ReverseMapsTest {
    private static final long VA = 0x10000;

    @Provide
    Arbitrary<List<Integer>> ops() {
        return Arbitraries.integers().between(0, 1 << 20).list().ofMaxSize(200);
    }

    private static Machine machine() {
        Machine m = new Machine();
        m.put(Process.create("p"));
        m.put(Process.create("q"));
        m.put(FileState.create("f", 8));
        for (String name : List.of("dev", "gpu")) {
            m.mmus().put(new Instance(name, "kvm", "p", PMap.empty(), PMap.empty(), PMap.empty(), List.of(), true));
        }
        return m;
    }

    /** One random change through the Machine: allocate, map, unmap, free, mirror, unmirror, cache, uncache. */
    private static void apply(Machine m, int op) {
        String proc = (op & 1) == 0 ? "p" : "q";
        String inst = (op & 2) == 0 ? "dev" : "gpu";
        long va = VA + (op >> 4 & 7) * Range.PAGE;
        List<Long> live = new ArrayList<>();
        m.state().frames().forEach((pfn, f) -> {
            if (!f.isFree() && f.refs() > 0) {
                live.add(pfn);
            }
        });
        long pfn = live.isEmpty() ? -1 : live.get((op >> 8) % live.size());
        switch (op >> 2 & 3) {
            case 0 -> m.getRef(m.alloc("anon").pfn());
            case 1 -> {
                if (pfn >= 0 && m.process(proc).ptes().get(va) == null) {
                    m.mapPte(proc, va, pfn, true, true);
                } else if (m.process(proc).ptes().get(va) != null) {
                    m.putRef(m.clearPte(proc, va).pfn());
                }
            }
            case 2 -> {
                if (pfn >= 0 && (op >> 7 & 1) == 0) {
                    m.mmus().setShadow(inst, va, new ShadowEntry(pfn, m.frame(pfn).generation(), true, false));
                } else {
                    m.mmus().clearShadow(inst, va);
                }
            }
            default -> {
                FileState f = m.file("f");
                long idx = op >> 4 & 7;
                if (pfn >= 0 && (op >> 7 & 1) == 0) {
                    m.put(f.withCache(f.cache().put(idx, pfn)));
                } else if (pfn >= 0 && m.process(proc).ptes().isEmpty() && m.frame(pfn).maps() == 0) {
                    m.putRef(pfn);
                } else {
                    m.put(f.withCache(f.cache().remove(idx)));
                }
            }
        }
    }

    @Property(tries = 300)
    void reverseMapsAlwaysAgreeWithAScanOfTheState(@ForAll("ops") List<Integer> ops) {
        Machine m = machine();
        for (int op : ops) {
            apply(m, op);
            assertAgreesWithScan(m.state());
        }
    }

    private static void assertAgreesWithScan(MachineState s) {
        Long lowest = null;
        for (Frame f : s.frames().values()) {
            if (f.isFree()) {
                lowest = f.pfn();
                break;
            }
        }
        assertEquals(lowest, s.lowestFree());
        for (long pfn = 0; pfn <= s.frames().size(); pfn++) {
            List<PfnUse> ptes = new ArrayList<>();
            for (Process p : s.procs().values()) {
                long frame = pfn;
                p.ptes().forEach((va, pte) -> {
                    if (pte.pfn() == frame) {
                        ptes.add(new PfnUse(frame, p.name(), va));
                    }
                });
            }
            assertEquals(ptes, s.ptesOf(pfn));
            List<PfnUse> shadows = new ArrayList<>();
            for (Instance i : s.instances().values()) {
                long frame = pfn;
                i.shadow().forEach((va, e) -> {
                    if (e.pfn() == frame) {
                        shadows.add(new PfnUse(frame, i.name(), va));
                    }
                });
            }
            assertEquals(shadows, s.shadowsOf(pfn));
            List<PfnUse> slots = new ArrayList<>();
            for (FileState f : s.files().values()) {
                long frame = pfn;
                f.cache().forEach((idx, cached) -> {
                    if (cached == frame) {
                        slots.add(new PfnUse(frame, f.name(), idx));
                    }
                });
            }
            assertEquals(slots.isEmpty() ? null : slots.get(0), s.cacheSlotOf(pfn));
        }
    }

    @Property(tries = 100)
    void equalContentMeansEqualStatesAndEqualReverseMapsWhateverTheHistory(@ForAll("ops") List<Integer> ops) {
        Machine m = machine();
        for (int op : ops) {
            apply(m, op);
        }
        MachineState s = m.state();
        MachineState rebuilt = MachineState.initial().withFiles(s.files()).withInstances(s.instances())
                .withProcs(s.procs()).withFrames(s.frames()).withTlbs(s.tlbs()).withPins(s.pins())
                .withWrites(s.writes()).withZeroPfn(s.zeroPfn());
        assertEquals(s, rebuilt);
        assertEquals(s.hashCode(), rebuilt.hashCode());
        assertEquals(s.fingerprint(), rebuilt.fingerprint());
        assertEquals(s.reverse(), rebuilt.reverse());
    }

    @Test
    void freeingAndReallocatingInAnotherOrderGivesTheSameState() {
        Machine a = machine();
        Machine b = machine();
        for (Machine m : List.of(a, b)) {
            for (int i = 0; i < 3; i++) {
                m.getRef(m.alloc("anon").pfn());
            }
        }
        a.putRef(0);
        a.putRef(2);
        b.putRef(2);
        b.putRef(0);
        assertEquals(a.state(), b.state());
        assertEquals(a.state().reverse(), b.state().reverse());
        assertEquals(0L, a.state().lowestFree());
        assertEquals(0, a.alloc("anon").pfn());
        assertEquals(2, a.alloc("anon").pfn());
        assertEquals(3, a.alloc("anon").pfn());
    }
}
