package dev.mmuscript.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every script under examples/ against its golden file (NAME.out or NAME.err), and against its matrix golden
 * (NAME.matrix.out) where it has one. {@code -Dgolden.update=true} rewrites the goldens that differ, names each,
 * and still fails: review the change with git diff.
 */
class ExamplesTest {
    static final Path ROOT = Path.of("..", "examples").toAbsolutePath().normalize();

    static List<Path> scripts() throws IOException {
        return Golden.scripts(List.of(ROOT));
    }

    @TestFactory
    Stream<DynamicTest> goldens() throws IOException {
        boolean update = Boolean.getBoolean("golden.update");
        return scripts().stream().map(p -> DynamicTest.dynamicTest(ROOT.relativize(p).toString(), p.toUri(), () -> {
            Golden.Result r = Golden.check(p, update);
            if (r.written() != null) {
                System.out.println("updated " + r.written());
            }
            assertTrue(r.passed(), r.message());
        }));
    }

    /** The examples that keep their {@code mmu matrix} table as a golden file. */
    static List<Path> matrixScripts() throws IOException {
        return scripts().stream().filter(p -> Files.exists(Golden.goldenMatrix(p))).toList();
    }

    @TestFactory
    Stream<DynamicTest> matrixGoldens() throws IOException {
        boolean update = Boolean.getBoolean("golden.update");
        return matrixScripts().stream().map(p -> DynamicTest.dynamicTest(
                ROOT.relativize(Golden.goldenMatrix(p)).toString(), p.toUri(), () -> {
                    Golden.Result r = Golden.checkMatrix(p, update);
                    if (r.written() != null) {
                        System.out.println("updated " + r.written());
                    }
                    assertTrue(r.passed(), r.message());
                }));
    }

    /** The examples that keep their {@code --trace steps} trace as a golden file. */
    static List<Path> stepsScripts() throws IOException {
        return scripts().stream().filter(p -> Files.exists(Golden.goldenSteps(p))).toList();
    }

    @TestFactory
    Stream<DynamicTest> stepsGoldens() throws IOException {
        boolean update = Boolean.getBoolean("golden.update");
        return stepsScripts().stream().map(p -> DynamicTest.dynamicTest(
                ROOT.relativize(Golden.goldenSteps(p)).toString(), p.toUri(), () -> {
                    Golden.Result r = Golden.checkSteps(p, update);
                    if (r.written() != null) {
                        System.out.println("updated " + r.written());
                    }
                    assertTrue(r.passed(), r.message());
                }));
    }

    /** The examples that keep their {@code --timeline} picture as a golden file. */
    static List<Path> timelineScripts() throws IOException {
        return scripts().stream().filter(p -> Files.exists(Golden.goldenTimeline(p))).toList();
    }

    @TestFactory
    Stream<DynamicTest> timelineGoldens() throws IOException {
        boolean update = Boolean.getBoolean("golden.update");
        return timelineScripts().stream().map(p -> DynamicTest.dynamicTest(
                ROOT.relativize(Golden.goldenTimeline(p)).toString(), p.toUri(), () -> {
                    Golden.Result r = Golden.checkTimeline(p, update);
                    if (r.written() != null) {
                        System.out.println("updated " + r.written());
                    }
                    assertTrue(r.passed(), r.message());
                }));
    }

    @Test
    void theTimelineGoldensAreChecked() throws IOException {
        assertTrue(timelineScripts().contains(ROOT.resolve("explore/kvm-retry.mmu")), timelineScripts().toString());
    }

    @Test
    void everyExampleThatRunsHasAStepsGolden() throws IOException {
        for (Path p : scripts()) {
            assertTrue(Files.exists(Golden.goldenErr(p)) || Files.exists(Golden.goldenSteps(p)),
                    p + " runs but has no " + Golden.goldenSteps(p).getFileName());
        }
    }

    @Test
    void theMatrixGoldensAreCheckedAndEachHasItsScript() throws IOException {
        assertTrue(matrixScripts().contains(ROOT.resolve("oom-reap-unpaired.mmu")), matrixScripts().toString());
        try (Stream<Path> walk = Files.walk(ROOT)) {
            for (Path m : walk.filter(f -> f.toString().endsWith(".matrix.out")).toList()) {
                String name = m.getFileName().toString();
                Path script = m.resolveSibling(name.substring(0, name.length() - ".matrix.out".length()) + ".mmu");
                assertTrue(Files.exists(script), m + " has no script beside it");
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> sameBytesOnEveryRun() throws IOException {
        return scripts().stream().map(p -> DynamicTest.dynamicTest(ROOT.relativize(p).toString(), p.toUri(),
                () -> assertEquals(runOnce(p), runOnce(p))));
    }

    @TestFactory
    Stream<DynamicTest> everyExampleTellsItsStory() throws IOException {
        return scripts().stream().map(p -> DynamicTest.dynamicTest(ROOT.relativize(p).toString(), p.toUri(),
                () -> assertTrue(Files.readString(p).startsWith("# "),
                        "an example opens with a comment telling its story")));
    }

    static String runOnce(Path p) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Runner.run(p, p.getFileName().toString(), Options.DEFAULT, new PrintWriter(out),
                new PrintWriter(err));
        return code + "\n" + out + "\n" + err;
    }
}
