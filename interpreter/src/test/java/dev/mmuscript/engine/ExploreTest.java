package dev.mmuscript.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.front.Frontend;
import dev.mmuscript.model.Event;
import dev.mmuscript.syntax.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The explorer: the schedule it prints, pasted into the script in place of the {@code explore}, reproduces the
 * violation it found, under every profile; a clean search and a bounded one say so; the state after it is the
 * state before it.
 */
class ExploreTest {
    private static final Path DIR = Path.of("..", "examples", "explore").toAbsolutePath().normalize();

    /** The events of a run of {@code text} under {@code profile}. */
    private static List<Event> run(String text, String profile) {
        Frontend front = new Frontend(DIR);
        Program p = front.load(new Source("t.mmu", text), profile);
        assertNotNull(p, front.diagnostics().render());
        List<Event> out = new ArrayList<>();
        new Engine(p, out::add).run();
        return out;
    }

    private static List<String> kinds(List<Event> events) {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            if (e instanceof Event.ViolationFound v && !out.contains(v.violation().kind())) {
                out.add(v.violation().kind());
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> thePrintedScheduleReproducesTheViolationUnderEveryProfile() throws IOException {
        List<Path> scripts;
        try (Stream<Path> s = Files.list(DIR)) {
            scripts = s.filter(p -> p.toString().endsWith(".mmu")).sorted().toList();
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path script : scripts) {
            for (String profile : dev.mmuscript.front.Stdlib.profiles()) {
                tests.add(DynamicTest.dynamicTest(script.getFileName() + " under " + profile,
                        () -> pasted(Files.readString(script), profile)));
            }
        }
        return tests.stream();
    }

    /** Each explore that printed a schedule, replaced by its schedule: the same first violation kind. */
    private static void pasted(String text, String profile) {
        List<Event> events = run(text, profile);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof Event.ScheduleFound f) {
                String found = firstKindAfter(events, i);
                int line = exploreLine(events, i);
                List<String> replaced = new ArrayList<>(lines);
                replaced.set(line - 1, f.run());
                List<String> again = kinds(run(String.join("\n", replaced), profile));
                assertTrue(again.contains(found), f.run() + " under " + profile + " found " + again
                        + ", the explore found " + found);
            }
        }
    }

    private static String firstKindAfter(List<Event> events, int from) {
        for (int i = from; i < events.size(); i++) {
            if (events.get(i) instanceof Event.ViolationFound v) {
                return v.violation().kind();
            }
        }
        throw new AssertionError("a schedule with no violation after it");
    }

    private static int exploreLine(List<Event> events, int from) {
        for (int i = from; i >= 0; i--) {
            if (events.get(i) instanceof Event.Statement s) {
                return Integer.parseInt(s.where());
            }
        }
        throw new AssertionError("a schedule outside any statement");
    }

    @Test
    void aCleanSearchSaysHowFarItWentAndLeavesTheStateAsItFoundIt() {
        List<Event> events = run("""
                semantics latest
                process vm
                mmap vm 0x10000 pages 1 rw anon
                touch vm 0x10000 write
                attach kvm to vm as guest
                thread vcpu { guest fault 0x10000 write }
                thread zapper { zap vm 0x10000 pages 1 }
                explore vcpu, zapper
                assert vm[0x10000] == 0
                guest read 0x10000
                """, null);
        Event.Explored x = events.stream().filter(Event.Explored.class::isInstance).map(Event.Explored.class::cast)
                .findFirst().orElseThrow();
        assertEquals("no violation", x.found());
        assertTrue(x.states() > 1 && x.transitions() >= x.states() - 1, x.toString());
        assertTrue(kinds(events).isEmpty(), kinds(events).toString());
        // The zap ran in the search, not after it: the page and the guest's view are still there.
        assertTrue(events.stream().anyMatch(e -> e instanceof Event.AssertResult a && a.passed()));
        assertFalse(events.stream().anyMatch(e -> e instanceof Event.Free));
    }

    @Test
    void aSearchThatHitsItsBoundIsUnknownNeverAPass() {
        List<Event> events = new ArrayList<>();
        Frontend front = new Frontend(DIR);
        Program p = front.load(new Source("t.mmu", """
                semantics latest
                process vm
                mmap vm 0x10000 pages 1 rw anon
                touch vm 0x10000 write
                attach kvm to vm as guest
                thread vcpu { guest fault 0x10000 write }
                thread zapper { zap vm 0x10000 pages 1 }
                explore vcpu, zapper max 5
                """), null);
        Verdict v = new Engine(p, events::add).run();
        Event.Explored x = events.stream().filter(Event.Explored.class::isInstance).map(Event.Explored.class::cast)
                .findFirst().orElseThrow();
        assertEquals("UNKNOWN", x.found());
        assertEquals(5, x.states());
        assertEquals(List.of("8"), v.unknown());
        assertEquals(Verdict.UNKNOWN, v.exitCode());
        assertFalse(v.passed());
    }

    @Test
    void aDeadlockBetweenTheExploredThreadsIsReportedWhateverOtherThreadsTheScriptDeclares() {
        List<Event> events = run("""
                semantics latest
                process vm
                mmap vm 0x10000 pages 2 rw anon
                notifier d on vm {
                  spinlock a
                  spinlock b
                  on fault {
                    if addr == 0x10000 { lock a; lock b; unlock b; unlock a } else { lock b; lock a; unlock a; unlock b }
                  }
                }
                thread t1 { d fault 0x10000 }
                thread t2 { d fault 0x11000 }
                thread idle { touch vm 0x10000 }
                explore t1, t2
                """, null);
        assertEquals(List.of("deadlock"), kinds(events));
        Event.ScheduleFound f = events.stream().filter(Event.ScheduleFound.class::isInstance)
                .map(Event.ScheduleFound.class::cast).findFirst().orElseThrow();
        assertEquals("run t1 until d.fault.lock, t2 until d.fault.lock.3, t1", f.run());
    }
}
