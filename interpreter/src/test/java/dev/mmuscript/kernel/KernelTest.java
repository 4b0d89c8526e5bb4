package dev.mmuscript.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.engine.Program;
import dev.mmuscript.engine.Runtime;
import dev.mmuscript.front.Frontend;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Prot;
import dev.mmuscript.model.Pte;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.Violation;
import dev.mmuscript.syntax.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kernel paths on a bare machine: user accesses through the TLB, zap ordering, pins. */
class KernelTest {
    Machine m;
    Kernel k;
    Runtime rt;
    final List<Violation> violations = new ArrayList<>();
    final List<Event> events = new ArrayList<>();

    @BeforeEach
    void setUp() {
        Program latest = new Frontend(Path.of(".")).load(new Source("t.mmu", "semantics latest\n"), null);
        m = new Machine();
        m.sink(events::add);
        m.violations(violations::add);
        rt = Runtime.of(latest, m, new dev.mmuscript.ops.Exec(m));
        k = rt.kernel();
        k.createProcess("vm");
        rt.runToEnd(k.mmapCode("vm", new Range(0x1000, 0x3000), Prot.parse("rw"), false));
    }

    @Test
    void anAccessThroughAStaleTlbEntryIsStaleTlb() {
        k.userAccess("vm", 0x1000, true, 5L, 0, false);
        // Break the machine behind the kernel's back: the PTE goes, the TLB entry stays (a missed flush).
        Process p = m.process("vm");
        m.put(p.withPtes(p.ptes().remove(0x1000L)));
        k.userAccess("vm", 0x1000, false, null, 0, false);
        assertEquals(1, violations.size(), violations.toString());
        Violation v = violations.get(0);
        assertEquals("stale-tlb", v.kind());
        assertEquals("cpu0", v.mmu());
        assertEquals(0x1000, v.va());
        assertEquals(0, v.pfn());
    }

    @Test
    void aWriteThroughAWritableTlbEntryToAReadOnlyPteIsStaleTlb() {
        k.userAccess("vm", 0x1000, true, 5L, 0, false);
        Pte pte = m.process("vm").ptes().get(0x1000L);
        m.updatePte("vm", 0x1000, pte.withWritable(false));
        k.userAccess("vm", 0x1000, true, 6L, 0, false);
        assertEquals("stale-tlb", violations.get(0).kind());
    }

    @Test
    void accessesAfterTheKernelsOwnChangesAreNotStale() {
        k.userAccess("vm", 0x1000, true, 5L, 0, false);
        k.userAccess("vm", 0x2000, true, 6L, 1, false);
        rt.runToEnd(k.zapInvocation("vm", new Range(0x1000, 0x2000), "zap"));
        rt.runToEnd(k.mprotectCode("vm", new Range(0x2000, 0x3000), Prot.parse("r")));
        k.userAccess("vm", 0x1000, false, null, 0, false);
        k.userAccess("vm", 0x2000, false, null, 1, false);
        assertTrue(violations.isEmpty(), violations.toString());
    }

    @Test
    void zapFreesPagesOnlyAfterTheTlbFlush() {
        k.userAccess("vm", 0x1000, true, 5L, 0, false);
        events.clear();
        rt.runToEnd(k.zapInvocation("vm", new Range(0x1000, 0x3000), "zap"));
        int clear = indexOf(Event.PteClear.class);
        int flush = indexOf(Event.TlbFlush.class);
        int free = indexOf(Event.Free.class);
        assertTrue(clear >= 0 && clear < flush && flush < free, events.toString());
    }

    @Test
    void aPinnedPageOutlivesItsMapping() {
        rt.runToEnd(k.pinInvocation("vm", new Range(0x1000, 0x2000), true, "p"));
        long pfn = m.process("vm").ptes().get(0x1000L).pfn();
        rt.runToEnd(k.zapInvocation("vm", new Range(0x1000, 0x2000), "zap"));
        assertTrue(m.live(pfn, 1), "the pin keeps the frame");
        rt.runToEnd(k.unpinInvocation("p"));
        assertTrue(m.frame(pfn).isFree(), "unpinning the last reference frees it");
    }

    private int indexOf(Class<?> type) {
        for (int i = 0; i < events.size(); i++) {
            if (type.isInstance(events.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
