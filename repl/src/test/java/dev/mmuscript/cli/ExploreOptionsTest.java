package dev.mmuscript.cli;

import static dev.mmuscript.cli.CliTest.EXAMPLES;
import static dev.mmuscript.cli.CliTest.mmu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.cli.CliTest.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code mmu explore --no-por} and {@code --stats}: the search without reduction, and its figures on stderr. */
class ExploreOptionsTest {
    private static final String SCRIPT = EXAMPLES.resolve("explore/tlb-batch-race.mmu").toString();

    private static String verdict(Result r) {
        return r.out().lines().filter(l -> l.strip().startsWith("explored ")).findFirst().orElse("").strip();
    }

    @Test
    void withoutReductionTheSameRaceIsFoundThroughMoreTransitions() {
        Result reduced = mmu("explore", SCRIPT);
        Result full = mmu("explore", "--no-por", SCRIPT);
        assertEquals(0, reduced.code(), reduced.err());
        assertEquals(0, full.code(), full.err());
        assertEquals("explored 18 states (24 transitions, depth 5): violation stale-tlb", verdict(reduced));
        assertEquals("explored 95 states (157 transitions, depth 13): violation stale-tlb", verdict(full));
    }

    @Test
    void statsGoToStderrOneLineAnExploreAndLeaveTheTraceAlone() {
        Result plain = mmu("explore", "--no-por", SCRIPT);
        Result stats = mmu("explore", "--stats", "--no-por", SCRIPT);
        assertEquals(plain.out(), stats.out());
        List<String> lines = stats.err().lines().toList();
        assertEquals(1, lines.size(), stats.err());
        assertTrue(lines.get(0).matches("explore: 95 states, 157 transitions in [0-9.]+ s: [0-9]+ states/s,"
                + " [0-9.]+ bytes a state in the visited set, queue at most 14, reduction off \\(1 search\\);"
                + " ended [0-9.]+ s after the JVM started"), lines.get(0));
    }

    @Test
    void aScriptWithoutExploreIsRefusedAndTheOthersStillRun() {
        String plain = EXAMPLES.resolve("kvm-basics.mmu").toString();
        Result r = mmu("explore", plain, SCRIPT);
        assertEquals(2, r.code());
        assertEquals("mmu: error: " + plain + " has no explore statement (mmu run replays its schedules)\n", r.err());
        assertEquals(mmu("explore", SCRIPT).out(), r.out());
    }
}
