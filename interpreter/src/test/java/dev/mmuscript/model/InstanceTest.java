package dev.mmuscript.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Open invalidations: a range_end closes its own range and nothing else. */
class InstanceTest {
    static final Range R1 = new Range(0x10000, 0x11000);
    static final Range R2 = new Range(0x20000, 0x21000);

    static Instance open(Range... ranges) {
        Instance i = new Instance("A", "A", "vm", PMap.empty(), PMap.empty(), PMap.empty(), List.of(), true);
        for (Range r : ranges) {
            i = i.withOpen(r);
        }
        return i;
    }

    @Test
    void anEndClosesItsOwnRange() {
        assertEquals(List.of(R2), open(R1, R2).withClosed(R1).open());
    }

    @Test
    void anEndForARangeThatIsNotOpenLeavesAnOlderUnpairedRangeOpen() {
        Instance i = open(R1);
        assertSame(i, i.withClosed(R2));
        assertEquals(List.of(R1), i.withClosed(R2).open());
    }

    @Test
    void nestedStartsOfTheSameRangeNeedAsManyEnds() {
        assertEquals(List.of(R1), open(R1, R1).withClosed(R1).open());
    }
}
