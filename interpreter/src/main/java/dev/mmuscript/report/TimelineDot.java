package dev.mmuscript.report;

import dev.mmuscript.report.Timeline.Mark;
import dev.mmuscript.report.Timeline.Row;
import java.util.List;

/**
 * Draws a {@link Timeline} for Graphviz ({@code dot -Tsvg}): one cluster per thread, one node per row labelled
 * with its step, the locks its thread holds and its marks in words, and an edge from each row to the next (solid
 * within a thread, dashed where another thread takes over), so that dot ranks the rows in the order they ran
 * ({@code newrank}, so that the clusters stand side by side). A violation's node is red.
 */
public final class TimelineDot {
    private final Timeline t;
    private final StringBuilder out = new StringBuilder();

    private TimelineDot(Timeline t) {
        this.t = t;
    }

    public static String render(Timeline t) {
        return new TimelineDot(t).draw();
    }

    private String draw() {
        out.append("digraph timeline {\n");
        out.append("  label=").append(quote(t.title() + (t.subtitle().isEmpty() ? "" : "\n" + t.subtitle())))
                .append(";\n  labelloc=t;\n  fontname=\"monospace\";\n")
                .append("  newrank=true;\n");
        out.append("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"monospace\","
                + " fontsize=10];\n");
        out.append("  edge [arrowsize=0.5, color=\"#8c959f\"];\n");
        for (int c = 0; c < t.columns().size(); c++) {
            cluster(c);
        }
        for (int i = 1; i < t.rows().size(); i++) {
            boolean sameThread = t.rows().get(i - 1).column() == t.rows().get(i).column();
            out.append("  r").append(i).append(" -> r").append(i + 1)
                    .append(sameThread ? ";\n" : " [style=dashed, constraint=true];\n");
        }
        out.append("}\n");
        return out.toString();
    }

    private void cluster(int column) {
        out.append("  subgraph cluster_").append(column).append(" {\n    label=")
                .append(quote(t.columns().get(column))).append(";\n    color=\"#d0d7de\";\n");
        for (int i = 0; i < t.rows().size(); i++) {
            Row r = t.rows().get(i);
            if (r.column() == column) {
                node(i, r);
            }
        }
        out.append("  }\n");
    }

    private void node(int i, Row r) {
        StringBuilder label = new StringBuilder((i + 1) + ": " + r.text());
        List<String> held = t.held(r.column(), i);
        if (!held.isEmpty()) {
            label.append("\nholds ").append(String.join(", ", held));
        }
        for (Mark m : r.marks()) {
            label.append('\n').append(m.text());
        }
        out.append("    r").append(i + 1).append(" [label=").append(quote(label.toString()));
        if (r.violation()) {
            out.append(", color=\"").append(TimelineSvg.VIOLATION_RED).append("\", fontcolor=\"")
                    .append(TimelineSvg.VIOLATION_RED).append("\", fillcolor=\"#ffebe9\"");
        } else if (r.kind() == Timeline.RowKind.STATEMENT) {
            out.append(", fillcolor=\"#f6f8fa\"");
        }
        out.append("];\n");
    }

    /**
     * A DOT string, each line left-justified ({@code \l}): quotes and backslashes escaped, {@code &} and anything
     * beyond ASCII as entities (which Graphviz reads in labels), so the file is ASCII.
     */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (String line : s.split("\n", -1)) {
            line.codePoints().forEach(cp -> {
                if (cp == '"' || cp == '\\') {
                    b.append('\\').append((char) cp);
                } else if (cp == '&') {
                    b.append("&amp;");
                } else if (cp >= 0x20 && cp < 0x7f) {
                    b.append((char) cp);
                } else {
                    b.append("&#x").append(Integer.toHexString(cp)).append(';');
                }
            });
            b.append("\\l");
        }
        return b.append('"').toString();
    }
}
