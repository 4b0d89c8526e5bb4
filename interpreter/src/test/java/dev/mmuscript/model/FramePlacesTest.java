package dev.mmuscript.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/**
 * Canonical frame numbering (design §4.3): in an explore, two schedules that allocate the same pages in another
 * order reach one state, with one fingerprint; the sequential allocator numbers frames in allocation order, so the
 * same two schedules reach states equal only up to the numbering of their frames.
 */
class FramePlacesTest {
    private static final String A = "anon vm 0x10000";
    private static final String B = "anon vm 0x11000";

    private static MachineState allocating(boolean byOwner, String... owners) {
        Machine m = new Machine();
        m.put(Process.create("vm"));
        m.exploring(byOwner);
        for (String owner : owners) {
            m.alloc(owner);
        }
        return m.state();
    }

    @Test
    void twoOrdersOfAllocationReachOneStateWhenFramesArePlacedByOwner() {
        MachineState ab = allocating(true, A, B);
        MachineState ba = allocating(true, B, A);
        assertEquals(ab, ba);
        assertEquals(Fingerprint.of(ab), Fingerprint.of(ba));
    }

    @Test
    void theSequentialAllocatorNumbersFramesInAllocationOrder() {
        MachineState ab = allocating(false, A, B);
        MachineState ba = allocating(false, B, A);
        assertNotEquals(ab, ba);
        assertEquals(A, ab.frames().get(0L).owner());
        assertEquals(B, ba.frames().get(0L).owner());
    }

    @Test
    void anOwnerWhosePlaceIsTakenGetsTheNextFreePlaceAndAFreedPlaceIsReusedWithTheLeastUnusedGeneration() {
        Machine m = new Machine();
        m.exploring(true);
        Frame first = m.alloc(A);
        Frame second = m.alloc(A);    // a migrate's copy is owned like the page it copies
        assertEquals((first.pfn() + 1) & (FramePlaces.PLACES - 1), second.pfn());
        m.getRef(first.pfn());
        m.putRef(first.pfn());
        Frame again = m.alloc(A);
        assertEquals(first.pfn(), again.pfn());
        assertEquals(1, again.generation(), "nothing names the freed allocation: its generation is free again");
    }

    @Test
    void aGenerationStillNamedByAValueOrAThreadIsNotGivenAgain() {
        Machine m = new Machine();
        m.exploring(true);
        Frame first = m.alloc(A);
        m.logWrite("vm", 0x10000, new Write("dev", first.pfn(), first.generation(), 7));    // a stale value
        m.getRef(first.pfn());
        m.putRef(first.pfn());
        m.holders((pfn, out) -> out.accept(2));    // a thread's registers hold generation 2
        Frame again = m.alloc(A);
        assertEquals(first.pfn(), again.pfn());
        assertEquals(3, again.generation());
    }
}
