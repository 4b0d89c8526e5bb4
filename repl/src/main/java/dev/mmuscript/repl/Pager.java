package dev.mmuscript.repl;

import java.io.IOError;
import java.io.IOException;
import java.io.PrintWriter;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;

/**
 * How {@code :help} shows its text: printed, or, on a terminal when longer than the screen, a screen at a time
 * (Space a screen, Enter a line, q stops), as {@code more} does; what was shown stays on the screen.
 */
interface Pager {
    Pager PRINT = (text, out) -> out.print(text);

    void page(String text, PrintWriter out);

    /** Whether a text of {@code lines} lines needs paging on a terminal of {@code type} and {@code height}. */
    static boolean needed(long lines, String type, int height) {
        return !type.startsWith("dumb") && height > 2 && lines > height - 1;
    }

    /** Pages on {@code terminal} what does not fit on its screen. */
    static Pager on(Terminal terminal) {
        return (text, out) -> {
            String[] lines = text.split("\n");
            if (!needed(lines.length, terminal.getType(), terminal.getHeight())) {
                out.print(text);
                return;
            }
            Attributes cooked = terminal.enterRawMode();
            try {
                int shown = 0;
                int next = terminal.getHeight() - 1;
                while (shown < lines.length) {
                    for (int end = Math.min(lines.length, shown + next); shown < end; shown++) {
                        out.println(lines[shown]);
                    }
                    if (shown == lines.length) {
                        break;
                    }
                    out.print("-- more (" + 100 * shown / lines.length + "%): Space a screen, Enter a line, q stops --");
                    out.flush();
                    int key = terminal.reader().read();
                    terminal.puts(Capability.carriage_return);
                    terminal.puts(Capability.clr_eol);
                    if (key < 0 || key == 'q' || key == 'Q' || key == 3) {
                        break;
                    }
                    next = key == '\r' || key == '\n' ? 1 : terminal.getHeight() - 1;
                }
            } catch (IOException | IOError e) {
                terminal.puts(Capability.carriage_return); // Ctrl-C (or a terminal gone): stop paging
                terminal.puts(Capability.clr_eol);
            } finally {
                terminal.setAttributes(cooked);
                out.flush();
            }
        };
    }
}
