package dev.mmuscript.cli;

import static dev.mmuscript.cli.CliTest.EXAMPLES;
import static dev.mmuscript.cli.CliTest.mmu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.cli.CliTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --timeline FILE.svg} and {@code --dot FILE.dot} on {@code mmu run} and {@code mmu explore}. */
class TimelineCliTest {
    @Test
    void exploreDrawsTheScheduleItFoundAsSvgAndDot(@TempDir Path dir) throws IOException {
        Path svg = dir.resolve("kvm.svg");
        Path dot = dir.resolve("kvm.dot");
        Result r = mmu("explore", "--timeline", svg.toString(), "--dot", dot.toString(),
                EXAMPLES.resolve("explore/kvm-retry.mmu").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        String picture = Files.readString(svg);
        assertTrue(picture.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "), picture);
        assertTrue(picture.contains("explore vcpu1, zapper (line 28) found shadow-use-after-free"), picture);
        assertTrue(Files.readString(dot).startsWith("digraph timeline {\n"));
    }

    @Test
    void runWithTheSameOptionsDrawsTheSameBytes(@TempDir Path dir) throws IOException {
        String script = EXAMPLES.resolve("explore/kvm-retry.mmu").toString();
        mmu("explore", "--timeline", dir.resolve("a.svg").toString(), script);
        mmu("run", "--timeline", dir.resolve("b.svg").toString(), script);
        assertEquals(Files.readString(dir.resolve("a.svg")), Files.readString(dir.resolve("b.svg")));
    }

    @Test
    void aFileThatCannotBeWrittenIsAnErrorWithExitCodeTwoAndNoStackTrace(@TempDir Path dir) {
        Path svg = dir.resolve("no-such-folder/x.svg");
        Result r = mmu("run", "--timeline", svg.toString(), EXAMPLES.resolve("kvm-basics.mmu").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("mmu: error: cannot write " + svg + ": no such file or directory\n", r.err());
        assertTrue(r.out().contains("PASS under latest"), "the trace still prints: " + r.out());
        Result d = mmu("run", "--dot", dir.toString(), EXAMPLES.resolve("kvm-basics.mmu").toString());
        assertEquals(2, d.code(), d.err());
        assertTrue(d.err().startsWith("mmu: error: cannot write " + dir + ": "), d.err());
        assertFalse(d.err().contains("Exception") || d.err().contains("\tat "), d.err());
    }

    @Test
    void anExploreThatFindsNoViolationWritesNothingAndSaysSo(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("clean.mmu");
        Files.writeString(script, "semantics latest\nprocess vm\nmmap vm 0x10000 pages 1 rw anon\n"
                + "attach kvm to vm as guest\nthread a { guest fault 0x10000 write }\n"
                + "thread b { madvise vm 0x10000 pages 1 dontneed }\nexplore a, b\n");
        Path svg = dir.resolve("clean.svg");
        Result r = mmu("explore", "--timeline", svg.toString(), script.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("mmu: no timeline: no explore found a violation, so there is no schedule to draw; " + svg
                + " is not written\n", r.err());
        assertFalse(Files.exists(svg));
    }

    @Test
    void theOptionsDrawOneScript() {
        Result r = mmu("run", "--timeline", "x.svg", EXAMPLES.resolve("kvm-basics.mmu").toString(),
                EXAMPLES.resolve("loops.mmu").toString());
        assertEquals(2, r.code());
        assertEquals("mmu: error: --timeline and --dot draw one script, not 2\n", r.err());
        assertEquals("", r.out());
    }
}
