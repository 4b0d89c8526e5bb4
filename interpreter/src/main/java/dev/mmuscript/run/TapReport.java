package dev.mmuscript.run;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mmu test --tap}: the results as TAP version 14 (which KTAP follows): the version line, the plan, one
 * {@code ok N - NAME} or {@code not ok N - NAME} line per test ({@code # SKIP reason} for a skipped one), a failure's
 * message and diff as a YAML diagnostics block, and the counts as a closing comment.
 */
public final class TapReport {
    private final PrintWriter out;
    private int number;

    public TapReport(PrintWriter out) {
        this.out = out;
    }

    /** The version line and the plan: {@code tests} results follow. */
    public void plan(int tests) {
        out.println("TAP version 14");
        out.println("1.." + tests);
        out.flush();
    }

    public void result(Golden.Result r) {
        number++;
        String line = (r.status() == Golden.Status.FAIL ? "not ok " : "ok ") + number + " - " + escape(r.name());
        if (r.status() == Golden.Status.SKIP) {
            line += " # SKIP " + escape(r.message());
        }
        out.println(line);
        if (r.status() == Golden.Status.FAIL) {
            yaml(r);
        }
        out.flush();
    }

    /** The closing comment: {@code # N passed, N failed} and {@code , N skipped} when some were. */
    public void counts(String counts) {
        out.println("# " + counts);
        out.flush();
    }

    /** A failure's diagnostics: its summary as {@code message}, and all of it (the diff) as {@code detail}. */
    private void yaml(Golden.Result r) {
        List<String> lines = new ArrayList<>(r.message().lines().toList());
        lines.addAll(r.notes());
        out.println("  ---");
        out.println("  message: " + quoted(r.summary()));
        if (lines.size() > 1) {
            out.print("  detail:");
            if (literalSafe(lines)) {
                out.println(" |");
                for (String l : lines) {
                    out.println(l.isEmpty() ? "" : "    " + printable(l));
                }
            } else {
                out.println(" " + quoted(String.join("\n", lines) + "\n"));
            }
        }
        out.println("  ...");
    }

    /**
     * Whether the lines can be a YAML literal block: its first line must not begin with a space (it sets the
     * indentation), and no line may read as the end of the block ({@code ...}) or a new document ({@code ---}).
     */
    private static boolean literalSafe(List<String> lines) {
        if (lines.get(0).isEmpty() || Character.isWhitespace(lines.get(0).charAt(0))) {
            return false;
        }
        return lines.stream().map(String::strip).noneMatch(l -> l.equals("...") || l.equals("---"));
    }

    /** A YAML double-quoted scalar: any text, on one line. */
    static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** A line of a literal block: control characters (other than tab) are not YAML, so they print as '?'. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.chars().forEach(c -> b.append(c < 0x20 && c != '\t' || c == 0x7f ? '?' : (char) c));
        return b.toString();
    }

    /** A test point's description: a {@code #} would start a directive, so it is escaped, as TAP 14 says. */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("#", "\\#").replace('\n', ' ').replace('\r', ' ');
    }
}
