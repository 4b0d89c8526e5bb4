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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Partial-order reduction is sound (design §4.3): every explore of the examples, and an explore of the threads of
 * every {@code run} of every example with threads (but the examples of errors, which do not run), searched on past
 * each violation, finds the same kinds of violation with and without reduction, and the reduced search never
 * visits more worlds than the full one;
 * under one profile of each family of eras the notifier interface went through (the 2008 proposal, the
 * invalidate_page era, the deferred-flush race, the non-blocking starts, today).
 */
class ReductionSoundnessTest {
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    private static final long MAX_STATES = 10_000;
    private static final List<String> PROFILES = List.of("lameter-2008-v3", "linux-3.7", "linux-4.11", "linux-4.19",
            "latest");

    @TestFactory
    Stream<DynamicTest> reductionFindsWhatTheFullSearchFinds() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path script : scriptsWithThreads()) {
            String text = explored(Files.readString(script));
            for (String profile : PROFILES) {
                tests.add(DynamicTest.dynamicTest(EXAMPLES.relativize(script) + " under " + profile,
                        () -> sameVerdicts(script, text, profile)));
            }
        }
        return tests.stream();
    }

    private static List<Path> scriptsWithThreads() throws IOException {
        try (Stream<Path> s = Files.walk(EXAMPLES)) {
            return s.filter(p -> p.toString().endsWith(".mmu")).sorted().filter(p -> {
                if (Files.exists(Path.of(p.toString().replaceFirst("\\.mmu$", ".err")))) {
                    return false;
                }
                try {
                    return Files.readString(p).lines().anyMatch(l -> l.strip().startsWith("thread "));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    /** The script with each {@code run} of threads replaced by an explore of those threads. */
    static String explored(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String s = line.strip();
            if (s.startsWith("run ") && !s.contains("{")) {
                Set<String> threads = new LinkedHashSet<>();
                for (String part : s.substring(4).split("#")[0].split(",")) {
                    String name = part.strip().split("\\s+")[0];
                    if (!name.isEmpty()) {
                        threads.add(name);
                    }
                }
                out.add("explore " + String.join(", ", threads));
            } else {
                out.add(line);
            }
        }
        return String.join("\n", out);
    }

    private static void sameVerdicts(Path script, String text, String profile) {
        List<Event.Explored> full = explores(script, text, profile, false);
        List<Event.Explored> reduced = explores(script, text, profile, true);
        assertFalse(full.isEmpty(), "no explore ran");
        assertEquals(full.size(), reduced.size(), "explores run");
        for (int i = 0; i < full.size(); i++) {
            Event.Explored f = full.get(i);
            Event.Explored r = reduced.get(i);
            if (f.found().equals("UNKNOWN") || r.found().equals("UNKNOWN")) {
                continue;    // a bound hit says nothing either way
            }
            assertEquals(f.found(), r.found(), "explore #" + (i + 1) + " verdict");
            assertTrue(r.states() <= f.states(), "explore #" + (i + 1) + ": " + r.states() + " states reduced, "
                    + f.states() + " without reduction");
        }
    }

    private static List<Event.Explored> explores(Path script, String text, String profile, boolean reduce) {
        Frontend front = new Frontend(script.getParent());
        Program p = front.load(new Source(script.getFileName().toString(), text), profile);
        assertNotNull(p, front.diagnostics().render());
        List<Event.Explored> out = new ArrayList<>();
        Budget budget = Budget.start(Long.MAX_VALUE, Duration.ofMinutes(5), null).exploring(MAX_STATES, 0)
                .reducing(reduce).findingEveryKind();
        new Engine(p, e -> {
            if (e instanceof Event.Explored x) {
                out.add(x);
            }
        }, budget).run();
        return out;
    }
}
