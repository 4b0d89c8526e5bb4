package dev.mmuscript.front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.syntax.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The front end's limits: nesting of every kind is a diagnostic at a documented depth, never a stack overflow, and
 * the same one on every run; extends chains are bounded; include is confined to the script's folder.
 */
class LimitsTest {
    static final String NOTIFIER = "process vm\nnotifier A on vm {\n  var x = 0\n  on invalidate_range_start {\n";

    record Kind(String name, IntFunction<String> script) {
    }

    /** Each kind of nesting, {@code n} levels deep. */
    static final List<Kind> KINDS = List.of(
            new Kind("parentheses", n -> "assert " + "(".repeat(n) + "1" + ")".repeat(n) + "\n"),
            new Kind("unary minus", n -> "assert " + "- ".repeat(n) + "1 == 1\n"),
            new Kind("not", n -> "assert " + "!".repeat(n) + "0\n"),
            new Kind("and chain", n -> "assert 1" + " && 1".repeat(n) + "\n"),
            new Kind("plus chain", n -> "assert 0" + " + 1".repeat(n) + " > 0\n"),
            new Kind("else-if chain", n -> NOTIFIER + "    if x == 0 { x = 1 }" + " else if x == 1 { x = 2 }".repeat(n)
                    + "\n  }\n}\n"),
            new Kind("nested if", n -> NOTIFIER + "    if 1 {".repeat(n) + " x = 1 " + "}".repeat(n) + "\n  }\n}\n"));

    static String diagnose(String text) {
        Frontend f = new Frontend(Path.of("."));
        f.load(new Source("t.mmu", text), null);
        return f.diagnostics().render();
    }

    @TestFactory
    Stream<DynamicTest> shallowNestingPasses() {
        return KINDS.stream().map(k -> DynamicTest.dynamicTest(k.name(), () -> {
            Frontend f = new Frontend(Path.of("."));
            assertNotNull(f.load(new Source("t.mmu", k.script().apply(40)), null), f.diagnostics().render());
        }));
    }

    @TestFactory
    Stream<DynamicTest> deepNestingIsOneDiagnosticNotAStackOverflow() {
        return KINDS.stream().map(k -> DynamicTest.dynamicTest(k.name(), () -> {
            for (int depth : new int[] {101, 5_000}) {
                String out = diagnose(k.script().apply(depth));
                assertTrue(out.contains("error: nesting deeper than 100 levels"), out);
                assertTrue(out.endsWith("1 error\n"), out);
                assertEquals(out, diagnose(k.script().apply(depth)), "the same diagnostic on every run");
            }
        }));
    }

    @Test
    void theLimitIsExactlyAHundredLevels() {
        Frontend f = new Frontend(Path.of("."));
        assertNotNull(f.load(new Source("t.mmu", KINDS.get(0).script().apply(100)), null), f.diagnostics().render());
        assertTrue(diagnose(KINDS.get(0).script().apply(101)).startsWith("t.mmu:1:108: error: nesting deeper"));
    }

    @Test
    void aLongExtendsChainIsAnErrorNotAStackOverflow() {
        for (int n : new int[] {70, 5_000}) {
            StringBuilder s = new StringBuilder("profile p0 extends latest {\n}\n");
            for (int i = 1; i < n; i++) {
                s.append("profile p").append(i).append(" extends p").append(i - 1).append(" {\n}\n");
            }
            s.append("semantics p").append(n - 1).append('\n');
            String out = diagnose(s.toString());
            assertTrue(out.contains("is more than 64 profiles down a chain of 'extends'"), out);
        }
    }

    @Test
    void aChainOfFortyProfilesOnTheStdlibsResolves() {
        StringBuilder s = new StringBuilder("profile p0 extends latest {\n}\n");
        for (int i = 1; i < 40; i++) {
            s.append("profile p").append(i).append(" extends p").append(i - 1).append(" {\n}\n");
        }
        Frontend f = new Frontend(Path.of("."));
        assertNotNull(f.load(new Source("t.mmu", s + "semantics p39\n"), null), f.diagnostics().render());
    }

    // ---------------------------------------------------------------- include

    static String include(Path dir, String path) {
        Frontend f = new Frontend(dir);
        f.load(new Source("main.mmu", "include \"" + path + "\"\n"), null);
        return f.diagnostics().render();
    }

    @Test
    void aDirectoryIsNotIncluded(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        assertTrue(include(dir, "lib").startsWith("main.mmu:1:1: error: cannot include 'lib': it is a directory"));
    }

    @Test
    void aFifoIsNotReadSoNothingHangs(@TempDir Path dir) throws Exception {
        Process mk = new ProcessBuilder("mkfifo", dir.resolve("pipe.mmu").toString()).start();
        assertEquals(0, mk.waitFor());
        assertTrue(include(dir, "pipe.mmu").startsWith("main.mmu:1:1: error: cannot include 'pipe.mmu': it is not a"
                + " regular file"));
        assertTrue(ScriptFilesProbe.refusal(dir.resolve("pipe.mmu")).equals("is not a regular file"));
    }

    @Test
    void aLinkOutOfTheFolderIsRefusedAndItsTargetNeverRead(@TempDir Path dir) throws IOException {
        Files.createSymbolicLink(dir.resolve("env.mmu"), Path.of("/proc/self/environ"));
        Files.createSymbolicLink(dir.resolve("zero.mmu"), Path.of("/dev/zero"));
        String env = include(dir, "env.mmu");
        assertTrue(env.contains("error: include of 'env.mmu' leaves the script's folder (through a symbolic link)"),
                env);
        assertFalse(env.contains("PATH="), env);
        assertTrue(include(dir, "zero.mmu").contains("leaves the script's folder"));
    }

    @Test
    void aFileOverOneMebibyteIsRefused(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("big.mmu"), "#".repeat(ScriptFiles.MAX_BYTES + 1));
        assertTrue(include(dir, "big.mmu").contains("cannot include 'big.mmu': it is larger than 1 MiB"));
    }

    @Test
    void aFileThatIsNotUtf8IsRefused(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("latin1.mmu"), new byte[] {'#', ' ', (byte) 0xe9, '\n'});
        assertTrue(include(dir, "latin1.mmu").contains("cannot include 'latin1.mmu': it is not UTF-8 text"));
    }

    @Test
    void aSelfIncludeThroughADirectoryLinkIsACycleWithItsChain(@TempDir Path dir) throws IOException {
        Files.createSymbolicLink(dir.resolve("loop"), dir);
        Files.writeString(dir.resolve("main.mmu"), "include \"loop/a.mmu\"\n");
        Files.writeString(dir.resolve("a.mmu"), "include \"loop/a.mmu\"\n");
        String out = include(dir, "loop/a.mmu");
        assertTrue(out.startsWith("loop/a.mmu:1:1: error: 'loop/a.mmu' includes itself: loop/a.mmu -> "
                + "loop/loop/a.mmu"), out);
        assertTrue(out.endsWith("1 error\n"), out);
    }

    @Test
    void theMainScriptIncludedAgainIsACycle(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("main.mmu"), "include \"b.mmu\"\n");
        Files.writeString(dir.resolve("b.mmu"), "include \"main.mmu\"\n");
        String out = include(dir, "b.mmu");
        assertTrue(out.startsWith("b.mmu:1:1: error: 'main.mmu' includes itself: main.mmu -> b.mmu -> main.mmu"), out);
    }

    @Test
    void includesThatDoubleAtEachLevelStopAtSixtyFour(@TempDir Path dir) throws IOException {
        for (int i = 0; i < 12; i++) {
            Files.writeString(dir.resolve("f" + i + ".mmu"), "include \"f" + (i + 1) + ".mmu\"\ninclude \"f" + (i + 1)
                    + ".mmu\"\n");
        }
        Files.writeString(dir.resolve("f12.mmu"), "# the end\n");
        String out = include(dir, "f0.mmu");
        assertTrue(out.contains("error: more than 64 includes in one script"), out);
    }

    @Test
    void aFileIncludedTwiceBesideItselfIsNoCycle(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("p.mmu"), "process vm\n");
        Files.writeString(dir.resolve("m.mmu"), "mmap vm 0x10000 pages 1 rw anon\n");
        Frontend f = new Frontend(dir);
        assertNotNull(f.load(new Source("main.mmu", "include \"p.mmu\"\ninclude \"m.mmu\"\ntouch vm 0x10000\n"), null),
                f.diagnostics().render());
    }

    /** ScriptFiles' reason for refusing a file, or "" when it reads it. */
    static final class ScriptFilesProbe {
        static String refusal(Path p) {
            try {
                ScriptFiles.read(p);
                return "";
            } catch (ScriptFiles.Refused e) {
                return e.getMessage();
            }
        }
    }
}
