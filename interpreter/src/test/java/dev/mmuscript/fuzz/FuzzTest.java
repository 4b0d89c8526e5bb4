package dev.mmuscript.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.report.TextReport;
import dev.mmuscript.run.Bounds;
import dev.mmuscript.run.Options;
import dev.mmuscript.run.Runner;
import dev.mmuscript.syntax.Source;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The fuzz test: mutated examples and generated scripts, each run in-process under small bounds, must end with a
 * documented exit code, print no internal error and no Java stack frame, and finish in bounded time. The suite runs
 * {@code jqwik.tries.default} inputs per property (see junit-platform.properties); a longer run:
 * {@code mvn -o test -pl interpreter -am -Dtest=FuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Djqwik.tries.default=100000}.
 */
class FuzzTest {
    static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    /** 0 pass, 1 fail, 2 could not run, 4 skipped, 5 a run bound was hit. */
    static final Set<Integer> CODES = Set.of(0, 1, 2, 4, 5);
    static final Bounds BOUNDS = new Bounds(20_000, Duration.ofSeconds(5), false);
    static final long MAX_MILLIS = 15_000;

    static final List<String> EXAMPLE_TEXTS = examples();

    private static List<String> examples() {
        try (Stream<Path> walk = Files.walk(EXAMPLES)) {
            return walk.filter(p -> p.toString().endsWith(".mmu")).sorted().map(p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<String> example() {
        return Arbitraries.of(EXAMPLE_TEXTS);
    }

    @Provide
    Arbitrary<String> generated() {
        return Scripts.script();
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Mutation.any().list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(edgeCases = EdgeCasesMode.NONE)
    void mutatedExamplesEndWell(@ForAll("example") String example, @ForAll("mutations") List<Mutation> edits,
            @ForAll boolean steps) {
        String script = example;
        for (Mutation m : edits) {
            script = m.apply(script);
        }
        endsWell(script, steps);
    }

    @Property(edgeCases = EdgeCasesMode.NONE)
    void generatedScriptsEndWell(@ForAll("generated") String script, @ForAll boolean steps) {
        endsWell(script, steps);
    }

    static void endsWell(String script, boolean steps) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code = Runner.run(new Source("fuzz.mmu", script), EXAMPLES, new Options(steps ? TextReport.Level.STEPS
                : TextReport.Level.EVENTS, null, BOUNDS), new PrintWriter(out), new PrintWriter(err));
        long millis = (System.nanoTime() - start) / 1_000_000;
        String all = out + "\n" + err;
        String what = "exit " + code + " after " + millis + " ms\n--- script\n" + script + "\n--- stderr\n" + err;
        assertTrue(CODES.contains(code), what);
        assertFalse(all.contains("mmu: internal error"), what);
        assertFalse(all.contains("\tat ") || all.contains("Exception") || all.contains("java.lang."), what);
        assertTrue(millis < MAX_MILLIS, what);
    }
}
