package dev.mmuscript.repl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jline.builtins.Less;
import org.jline.builtins.Source;
import org.jline.terminal.Terminal;

/** How {@code :help} shows its text: printed, or, on a terminal when longer than a screen, through JLine's less. */
interface Pager {
    Pager PRINT = (text, out) -> out.print(text);

    void page(String text, PrintWriter out);

    /** Whether a text of {@code lines} lines needs a pager on a terminal of {@code type} and {@code height}. */
    static boolean needed(long lines, String type, int height) {
        return !type.startsWith("dumb") && height > 2 && lines > height - 1;
    }

    /** Pages on {@code terminal} what does not fit on its screen (q leaves, / searches, as in less). */
    static Pager on(Terminal terminal) {
        return (text, out) -> {
            if (!needed(text.lines().count(), terminal.getType(), terminal.getHeight())) {
                out.print(text);
                return;
            }
            out.flush();
            try {
                new Less(terminal, Path.of("")).run(new Source.InputStreamSource(
                        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), true, "help"));
            } catch (IOException | RuntimeException e) {
                out.print(text);
            } catch (InterruptedException e) {
                // Ctrl-C in the pager: back to the prompt
            }
        };
    }
}
