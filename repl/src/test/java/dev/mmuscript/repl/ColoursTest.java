package dev.mmuscript.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Which lines of the REPL's output are coloured, how, and when not at all. */
class ColoursTest {
    static final String RED = "\u001b[31;1m";
    static final String YELLOW = "\u001b[33m";
    static final String GREEN = "\u001b[32m";
    static final String OFF = "\u001b[0m";

    @Test
    void violationsAndFailuresAreRedAHeldAssertionGreenAnExpectedViolationYellow() {
        assertEquals("      " + RED + "VIOLATION stale-shadow: guest maps 0x10000" + OFF,
                Colours.paint("      VIOLATION stale-shadow: guest maps 0x10000"));
        assertEquals("      " + RED + "ASSERTION FAILED: A.active == 0" + OFF,
                Colours.paint("      ASSERTION FAILED: A.active == 0"));
        assertEquals(RED + "FAIL under linux-4.19: 8 statements" + OFF, Colours.paint("FAIL under linux-4.19: 8 statements"));
        assertEquals("      assert " + GREEN + "ok" + OFF + ": coherent", Colours.paint("      assert ok: coherent"));
        assertEquals(GREEN + "PASS under latest" + OFF, Colours.paint("PASS under latest"));
        assertEquals("      " + YELLOW + "VIOLATION lost-write (expected): dma wrote 42" + OFF,
                Colours.paint("      VIOLATION lost-write (expected): dma wrote 42"));
        assertEquals("repl:2:8: " + RED + "error" + OFF + ": range 0x1000 is outside any mapping",
                Colours.paint("repl:2:8: error: range 0x1000 is outside any mapping"));
        assertEquals("   3  zap vm 0x10000", Colours.paint("   3  zap vm 0x10000"));
        assertEquals("      pte vm 0x10000 cleared (was pfn 0)", Colours.paint("      pte vm 0x10000 cleared (was pfn 0)"));
    }

    @Test
    void onlyOnATerminalThatIsNotDumbAndWithoutNoColor() {
        assertTrue(Colours.wanted("xterm-256color", null));
        assertTrue(Colours.wanted("xterm", ""), "NO_COLOR counts only when it is not empty");
        assertFalse(Colours.wanted("xterm", "1"));
        assertFalse(Colours.wanted("dumb", null));
        assertFalse(Colours.wanted("dumb-color", null));
    }

    @Test
    void theWriterPaintsWholeLinesAndAPartialOneAtAFlush() {
        StringWriter s = new StringWriter();
        PrintWriter w = new PrintWriter(new Colours.LineWriter(s));
        w.print("  12  assert x\n      VIOLATION de");
        w.print("adlock: A\nFAIL under x");
        assertEquals("  12  assert x\n      " + RED + "VIOLATION deadlock: A" + OFF + "\n", s.toString());
        w.flush();
        assertTrue(s.toString().endsWith("\n" + RED + "FAIL under x" + OFF), s.toString());
    }
}
