package dev.mmuscript.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mmuscript.run.Golden;
import dev.mmuscript.run.Options;
import dev.mmuscript.run.Runner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole session through JLine on a dumb terminal with in-memory streams, compared with its golden transcript
 * ({@code -Dgolden.update=true} rewrites it and fails); then the script it saved, run the way {@code mmu run}
 * runs it, must print the session's trace.
 */
class ReplSessionTest {
    static final Path GOLDEN = Path.of("src", "test", "resources", "dev", "mmuscript", "repl", "session.txt");

    /** What the user types, one input per element (a block is one input over several lines). */
    static List<String> inputs(Path dir) {
        return List.of(
                "# a KVM guest and a counting notifier share vm: a zap must reach both",
                "process vm",
                "mmap vm 0x10000 pages 4 rw anon",
                "attach kvm to vm as guest",
                "guest write 0x10000 = 9",
                "notifier A on vm {\n  on invalidate_range_start { A.active += 1 }\n"
                        + "  on invalidate_range_end   { A.active -= 1 }\n}",
                "zap vm 0x10000 pages 1",
                "zap vm 0x20000",
                "assert A.active == 0",
                "munmap vm 0x10000 pages 4",
                ":undo",
                ":show",
                "assert coherent",
                ":save " + dir.resolve("kvm-notifier.mmu") + " --golden",
                ":quit");
    }

    @TempDir
    Path dir;

    @Test
    void aSessionThroughADumbTerminalMatchesItsTranscriptAndItsSavedScriptReproducesIt() throws IOException {
        List<String> inputs = inputs(dir);
        ByteArrayInputStream in = new ByteArrayInputStream((String.join("\n", inputs) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Repl repl = new Repl(dir);
        try (Terminal t = new DumbTerminal("mmu-test", "dumb", in, out, StandardCharsets.UTF_8)) {
            assertEquals(0, repl.interactive(t, dir.resolve("history")));
        }
        String transcript = transcript(out.toString(StandardCharsets.UTF_8), inputs).replace(dir.toString(), "TMP");
        compare(transcript);

        Path saved = dir.resolve("kvm-notifier.mmu");
        assertEquals("""
                # a KVM guest and a counting notifier share vm: a zap must reach both
                process vm
                mmap vm 0x10000 pages 4 rw anon
                attach kvm to vm as guest
                guest write 0x10000 = 9
                notifier A on vm {
                  on invalidate_range_start { A.active += 1 }
                  on invalidate_range_end   { A.active -= 1 }
                }
                zap vm 0x10000 pages 1
                assert A.active == 0
                assert coherent
                """, Files.readString(saved), "the error and the undone line are not in the script");

        StringWriter run = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, Runner.run(saved, "kvm-notifier.mmu", Options.DEFAULT, new PrintWriter(run, true),
                new PrintWriter(err, true)), err.toString());
        String runTrace = Save.traceOf(run.toString());
        assertEquals(repl.session().trace(), runTrace);
        assertEquals(traceLines(transcript, "  12  munmap"), runTrace,
                "the trace the session printed, less the undone statement, is what mmu run prints");
        assertTrue(Golden.check(saved, false).passed(), "the .out :save --golden wrote is what mmu test expects");
        assertEquals(List.of(inputs.get(0), inputs.get(1)), Files.readAllLines(dir.resolve("history")).subList(0, 2)
                .stream().map(l -> l.replaceFirst("^\\d+:", "")).toList(), "the history file keeps the inputs");
    }

    /**
     * The terminal's output with each input put after its prompt, as a terminal that echoes shows it (a dumb
     * terminal on in-memory streams does not echo); the continuation lines of a block get the secondary prompt.
     */
    static String transcript(String output, List<String> inputs) {
        String[] parts = output.replace("\r\n", "\n").split(java.util.regex.Pattern.quote(Repl.PROMPT), -1);
        if (parts.length != inputs.size() + 1) {
            fail("expected one prompt per input (a block is read as one input), got " + (parts.length - 1) + ":\n"
                    + output);
        }
        StringBuilder b = new StringBuilder(parts[0]);
        for (int i = 0; i < inputs.size(); i++) {
            b.append(Repl.PROMPT).append(inputs.get(i).replace("\n", "\n" + Repl.CONTINUATION)).append('\n');
            b.append(parts[i + 1]);
        }
        return b.toString();
    }

    /** The trace lines of a transcript (statements and their events), without the block that starts with {@code skip}. */
    static String traceLines(String transcript, String skip) {
        StringBuilder b = new StringBuilder();
        boolean skipping = false;
        for (String l : transcript.split("\n")) {
            boolean statement = l.matches("[ \\d]{3}\\d  \\S.*");
            if (statement) {
                skipping = l.startsWith(skip);
            }
            if (!skipping && (statement || l.matches(" {6}[^ ^].*"))) {
                b.append(l).append('\n');
            }
        }
        return b.toString();
    }

    static void compare(String actual) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN.getParent());
            if (!Files.exists(GOLDEN) || !Files.readString(GOLDEN).equals(actual)) {
                Files.writeString(GOLDEN, actual);
                fail("updated " + GOLDEN + ": review it with git diff (a blessing run never passes)");
            }
        }
        if (!Files.exists(GOLDEN)) {
            fail("missing golden file " + GOLDEN + " (run with -Dgolden.update=true to write it)");
        }
        assertEquals(Files.readString(GOLDEN), actual);
    }
}
