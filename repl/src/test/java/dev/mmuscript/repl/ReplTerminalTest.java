package dev.mmuscript.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.model.Event;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interactive loop on a terminal: Ctrl-C while a statement runs, and colours. */
class ReplTerminalTest {
    @TempDir
    Path dir;

    /** Runs {@code inputs} through the interactive loop on a terminal of {@code type}; returns what it printed. */
    static String session(Repl repl, String type, List<String> inputs, java.util.function.Consumer<Terminal> setUp)
            throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream((String.join("\n", inputs) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Terminal t = new DumbTerminal("mmu-test", type, in, out, StandardCharsets.UTF_8)) {
            setUp.accept(t);
            assertEquals(0, repl.interactive(t, null));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void ctrlCWhileAStatementRunsStopsItKeepsNothingOfItAndTheSessionGoesOn() throws IOException {
        Repl repl = new Repl(dir);
        String out = session(repl, "dumb", List.of("process vm", "mmap vm 0x10000 pages 4 rw anon",
                "touch vm 0x10000 pages 4 write", "touch vm 0x10000 write", ":quit"), t -> {
                    boolean[] pressed = {false};
                    repl.session().watch(e -> {
                        if (e instanceof Event.PteSet && !pressed[0]) {
                            pressed[0] = true;
                            t.raise(Terminal.Signal.INT); // Ctrl-C after the first page of the first touch
                        }
                    });
                });
        assertTrue(out.contains("line 3 (touch vm 0x10000 pages 4 write) was interrupted; nothing of this input was"
                + " kept: the session is as it was\n"), out);
        assertFalse(out.contains("pte vm 0x10000 = pfn 0 rw\n      alloc pfn 1"), "the interrupted trace is not shown");
        assertTrue(out.contains("   3  touch vm 0x10000 write\n"), out);
        assertEquals("process vm\nmmap vm 0x10000 pages 4 rw anon\ntouch vm 0x10000 write\n", repl.session().text());
        assertEquals(1, repl.session().state().procs().get("vm").ptes().size(), "one page, from line 3");
    }

    @Test
    void onATerminalTheTraceIsColouredUnlessNoColorIsSet() throws IOException {
        List<String> inputs = List.of("process vm", "mmap vm 0x10000 pages 1 rw anon", "assert vm[0x10000] == 1",
                ":quit");
        String coloured = session(new Repl(dir), "xterm-256color", inputs, t -> { });
        assertTrue(coloured.contains(Colours.paint("      ASSERTION FAILED: vm[0x10000] == 1 (vm[0x10000] is 0, 1)")),
                coloured);
        Repl plain = new Repl(dir);
        plain.noColor("1");
        String uncoloured = session(plain, "xterm-256color", inputs, t -> { });
        assertTrue(uncoloured.contains("      ASSERTION FAILED: vm[0x10000] == 1 (vm[0x10000] is 0, 1)\n"), uncoloured);
        assertFalse(uncoloured.contains(ColoursTest.RED), uncoloured);
    }
}
