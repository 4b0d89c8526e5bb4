package dev.mmuscript.repl;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Colours the REPL's output on a terminal, line by line: a violation or a failure in red, an expected violation
 * and a warning in yellow, a held assertion and a passing verdict in green. Never on a dumb terminal, never
 * through a pipe (the loop for a pipe does not use this), and never when {@code NO_COLOR} is set.
 */
final class Colours {
    static final AttributedStyle RED = AttributedStyle.BOLD.foreground(AttributedStyle.RED);
    static final AttributedStyle YELLOW = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    static final AttributedStyle GREEN = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);

    private Colours() {
    }

    /** Whether to colour: a terminal that is not dumb, and {@code NO_COLOR} unset or empty (no-color.org). */
    static boolean wanted(String terminalType, String noColor) {
        return !terminalType.startsWith("dumb") && (noColor == null || noColor.isEmpty());
    }

    /** One line (without its newline), with the escape codes of its colour. */
    static String paint(String line) {
        String t = line.stripLeading();
        int indent = line.length() - t.length();
        if (t.startsWith("VIOLATION ")) {
            return styled(line, indent, line.length(), t.contains(" (expected): ") ? YELLOW : RED);
        }
        if (t.startsWith("ASSERTION FAILED") || t.startsWith("FAIL ") || t.startsWith("FAIL:")) {
            return styled(line, indent, line.length(), RED);
        }
        if (t.startsWith("PASS ")) {
            return styled(line, indent, line.length(), GREEN);
        }
        if (t.startsWith("assert ok")) {
            return styled(line, indent + "assert ".length(), indent + "assert ok".length(), GREEN);
        }
        if (t.startsWith("warning:")) {
            return styled(line, indent, indent + "warning".length(), YELLOW);
        }
        int error = line.indexOf("error: ");
        if (error >= 0 && (error == 0 || line.startsWith(": ", error - 2))) {
            return styled(line, error, error + "error".length(), RED);
        }
        return line;
    }

    private static String styled(String line, int from, int to, AttributedStyle style) {
        AttributedStringBuilder b = new AttributedStringBuilder();
        b.append(line.substring(0, from));
        b.styled(style, line.substring(from, to));
        b.append(line.substring(to));
        return b.toAnsi();
    }

    /** A writer that paints each whole line written through it; a partial line waits for its newline or a flush. */
    static final class LineWriter extends FilterWriter {
        private final StringBuilder line = new StringBuilder();

        LineWriter(Writer out) {
            super(out);
        }

        @Override
        public void write(int c) throws IOException {
            if (c == '\n') {
                out.write(paint(line.toString()));
                out.write('\n');
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(buf[i]);
            }
        }

        @Override
        public void write(String s, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(s.charAt(i));
            }
        }

        @Override
        public void flush() throws IOException {
            if (line.length() > 0) {
                out.write(paint(line.toString()));
                line.setLength(0);
            }
            out.flush();
        }
    }
}
