package dev.mmuscript.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmuscript.model.Frame;
import dev.mmuscript.model.PMap;
import dev.mmuscript.model.Pte;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Task;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The generations of a frame the explored threads hold in their registers, found through records, lists and maps
 * (an explore's allocation numbers its new generation apart from them); the moving thread as it is now.
 */
class HeldGenerationsTest {
    record Regs(String path, long va, List<Pte> seen, PMap<String, Frame> taken, Object result) {
    }

    private static Task thread(String name, Object regs) {
        return Task.start(name, new Invocation(null, regs));
    }

    private static TreeSet<Integer> held(HeldGenerations h, long pfn) {
        TreeSet<Integer> out = new TreeSet<>();
        h.generationsOf(pfn, out::add);
        return out;
    }

    @Test
    void everyValueThatNamesTheFrameInAnyThreadsRegistersIsFound() {
        Regs a = new Regs("fault", 0x10000, List.of(new Pte(3, 1, true, true, false), new Pte(4, 9, true, true,
                false)), PMap.empty(), null);
        Regs b = new Regs("gup", 0x11000, List.of(), PMap.<String, Frame>empty().put("page",
                new Frame(3, 1, 0, 0, "anon vm 0x11000", 0, 2)), new Pte(3, 5, false, true, false));
        HeldGenerations h = new HeldGenerations();
        h.at(PMap.<String, Task>empty().put("t", thread("t", a)).put("u", thread("u", b)), "t", thread("t", a));
        assertEquals(new TreeSet<>(List.of(1, 2, 5)), held(h, 3));
        assertEquals(new TreeSet<>(List.of(9)), held(h, 4));
        assertEquals(new TreeSet<>(), held(h, 7));
    }

    @Test
    void theMovingThreadIsReadAsItIsNowNotAsItWasInTheWorld() {
        Regs before = new Regs("fault", 0x10000, List.of(), PMap.empty(), null);
        Regs now = new Regs("fault", 0x10000, List.of(new Pte(3, 4, true, true, false)), PMap.empty(), null);
        HeldGenerations h = new HeldGenerations();
        h.at(PMap.<String, Task>empty().put("t", thread("t", before)), "t", thread("t", before));
        assertEquals(new TreeSet<>(), held(h, 3));
        h.moved(thread("t", now));
        assertEquals(new TreeSet<>(List.of(4)), held(h, 3));
    }
}
