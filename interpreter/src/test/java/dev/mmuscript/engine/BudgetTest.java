package dev.mmuscript.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bounds of a run: steps counted, the step past the bound and the deadline stop it. */
class BudgetTest {
    @Test
    void theStepPastTheBoundThrows() {
        Budget b = Budget.start(3, Duration.ofSeconds(60), null);
        b.step();
        b.step();
        b.step();
        Budget.BoundHit hit = assertThrows(Budget.BoundHit.class, b::step);
        assertEquals("the run took more than 3 steps (--max-steps 3)", hit.getMessage());
        assertEquals(4, b.steps());
    }

    @Test
    void aRunPastItsDeadlineStops() {
        Budget b = Budget.start(Long.MAX_VALUE, Duration.ofNanos(1), null);
        long start = System.nanoTime();
        while (System.nanoTime() - start < 1_000) {
            // let the one-nanosecond deadline pass without sleeping
        }
        Budget.BoundHit hit = assertThrows(Budget.BoundHit.class, b::step);
        assertEquals("the run took longer than 0 s (--timeout 0)", hit.getMessage());
    }

    @Test
    void anUnboundedBudgetOnlyCounts() {
        Budget b = Budget.unbounded();
        for (int i = 0; i < 100_000; i++) {
            b.step();
        }
        assertEquals(100_000, b.steps());
    }
}
