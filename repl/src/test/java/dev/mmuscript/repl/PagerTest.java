package dev.mmuscript.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;

/** :help's pager: a screen at a time on a terminal, all at once elsewhere. */
class PagerTest {
    static final String TEXT = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";

    static String page(String keys, String type) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Terminal t = new DumbTerminal("mmu-test", type, new ByteArrayInputStream(keys.getBytes(
                StandardCharsets.UTF_8)), out, StandardCharsets.UTF_8)) {
            t.setSize(new Size(80, 5));
            PrintWriter w = t.writer();
            Pager.on(t).page(TEXT, w);
            w.flush();
        }
        return out.toString(StandardCharsets.UTF_8).replaceAll("\u001b\\[K|\r", "");
    }

    @Test
    void aLongTextStopsAfterEachScreenSpaceShowsTheNextEnterOneLineAndQStops() throws IOException {
        String more = "-- more (%d%%): Space a screen, Enter a line, q stops --";
        assertEquals("1\n2\n3\n4\n" + more.formatted(40) + "5\n" + more.formatted(50), page("\nq", "xterm"));
        assertEquals("1\n2\n3\n4\n" + more.formatted(40) + "5\n6\n7\n8\n" + more.formatted(80) + "9\n10\n",
                page("  ", "xterm"));
    }

    @Test
    void onlyATextLongerThanTheScreenOfARealTerminalIsPaged() throws IOException {
        assertEquals(TEXT, page("", "dumb"));
        assertTrue(Pager.needed(5, "xterm", 5));
        assertFalse(Pager.needed(4, "xterm", 5));
        assertFalse(Pager.needed(100, "xterm", 0), "a terminal that does not know its size");
    }
}
