package dev.mmuscript.report;

import dev.mmuscript.report.Timeline.Bar;
import dev.mmuscript.report.Timeline.Mark;
import dev.mmuscript.report.Timeline.MarkKind;
import dev.mmuscript.report.Timeline.Row;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays a {@link Timeline} out as SVG: a title, one column per thread, one row per step (row numbers on the left,
 * every other row shaded, a violation's row in red), lock bars at the left of each column, marks after the labels,
 * then a legend and the violations in words. Every mark and bar has a tooltip, and so has a label cut short.
 * Sizes come from a fixed estimate of the monospace font's advance, never from the machine's fonts, so the same
 * timeline gives the same bytes everywhere ({@link Svg}).
 */
public final class TimelineSvg {
    static final int MARGIN = 12;
    static final int ROW_H = 18;
    /** The advance of one character of 11px monospace text, rounded up (DejaVu Sans Mono: 6.6px). */
    static final int CHAR_W = 7;
    static final int LANE_W = 7;
    static final int MARK_W = 14;
    static final int GUTTER = 36;
    /** Longer labels are cut (the tooltip has them whole). */
    static final int MAX_LABEL = 56;
    static final int MAX_MARKS = 8;
    static final String[] LOCK_COLOURS = {"#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948",
            "#9c755f", "#bab0ac"};
    static final String VIOLATION_RED = "#cf222e";

    static final String STYLE = "text { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 11px;"
            + " fill: #24292f; }\n"
            + ".title, .head { font-family: 'DejaVu Sans', Helvetica, Arial, sans-serif; font-weight: bold; }\n"
            + ".title { font-size: 14px; }\n.head { font-size: 12px; }\n.num, .more { fill: #8c959f; }\n"
            + ".stmt { font-weight: bold; }\n.blocked { font-style: italic; fill: #9a6700; }\n"
            + ".v { fill: " + VIOLATION_RED + "; }\n";

    private final Timeline t;
    private Svg svg;
    private final int[] x;
    private final int[] width;
    private final int[] labelChars;
    private final int top;

    private TimelineSvg(Timeline t) {
        this.t = t;
        int n = t.columns().size();
        x = new int[n];
        width = new int[n];
        labelChars = new int[n];
        int at = MARGIN + GUTTER;
        for (int c = 0; c < n; c++) {
            labelChars[c] = labelChars(c);
            width[c] = columnWidth(c);
            x[c] = at;
            at += width[c];
        }
        top = t.subtitle().isEmpty() ? 46 : 64;
    }

    public static String render(Timeline t) {
        return new TimelineSvg(t).draw();
    }

    private int labelChars(int column) {
        int n = 0;
        for (Row r : t.rows()) {
            if (r.column() == column) {
                n = Math.max(n, Math.min(MAX_LABEL, r.text().length()));
            }
        }
        return n;
    }

    private int marksIn(int column) {
        int n = 0;
        for (Row r : t.rows()) {
            if (r.column() == column) {
                n = Math.max(n, Math.min(MAX_MARKS + 2, r.marks().size()));
            }
        }
        return n;
    }

    private int columnWidth(int column) {
        int body = labelX(column) + labelChars[column] * CHAR_W + 10 + marksIn(column) * MARK_W + 8;
        return Math.max(body, Math.max(100, t.columns().get(column).length() * 8 + 24));
    }

    /** Where labels start, from the column's left edge: after the lock lanes. */
    private int labelX(int column) {
        int lanes = t.lanes(column);
        return 6 + lanes * LANE_W + (lanes > 0 ? 4 : 0);
    }

    private int rowsTop() {
        return top + 10;
    }

    private int rowY(int row) {
        return rowsTop() + row * ROW_H;
    }

    private int rowsBottom() {
        return rowY(t.rows().size());
    }

    private int columnsRight() {
        return t.columns().isEmpty() ? MARGIN + GUTTER : x[x.length - 1] + width[width.length - 1];
    }

    private String draw() {
        List<String> footer = footer();
        int w = Math.max(columnsRight() + MARGIN, titleWidth());
        for (String line : footer) {
            w = Math.max(w, 2 * MARGIN + line.length() * CHAR_W);
        }
        List<List<Item>> legend = legendLines(w - 2 * MARGIN);
        int legendTop = rowsBottom() + 22;
        int h = legendTop + (legend.size() + footer.size()) * ROW_H + MARGIN;
        svg = new Svg(w, h, t.title(), STYLE);
        svg.text(MARGIN, 24, "title", t.title());
        if (!t.subtitle().isEmpty()) {
            svg.text(MARGIN, 44, "", t.subtitle());
        }
        bands();
        columns();
        t.bars().forEach(this::bar);
        for (int i = 0; i < t.rows().size(); i++) {
            row(i, t.rows().get(i));
        }
        legend(legend, legendTop);
        int y = legendTop + legend.size() * ROW_H;
        for (String line : footer) {
            svg.text(MARGIN, y + 12, "v", line);
            y += ROW_H;
        }
        return svg.end();
    }

    private int titleWidth() {
        return 2 * MARGIN + Math.max(t.title().length() * 17 / 2, t.subtitle().length() * CHAR_W);
    }

    /** Every other row shaded; a violation's row red across the columns. */
    private void bands() {
        int w = columnsRight() - MARGIN;
        for (int i = 0; i < t.rows().size(); i++) {
            if (t.rows().get(i).violation()) {
                svg.rect(MARGIN, rowY(i), w, ROW_H, "#ffebe9", "");
                svg.rect(MARGIN, rowY(i), 3, ROW_H, VIOLATION_RED, "");
            } else if (i % 2 == 1) {
                svg.rect(MARGIN, rowY(i), w, ROW_H, "#f6f8fa", "");
            }
        }
    }

    /** Each column's name over it, and a line at its left edge down the rows. */
    private void columns() {
        for (int c = 0; c < t.columns().size(); c++) {
            svg.line(x[c], top - 16, x[c], rowsBottom(), "#d0d7de");
            svg.text(x[c] + 6, top, "head", t.columns().get(c));
        }
        svg.line(MARGIN, top + 5, columnsRight(), top + 5, "#d0d7de");
    }

    private void bar(Bar b) {
        String colour = LOCK_COLOURS[t.locks().indexOf(b.lock()) % LOCK_COLOURS.length];
        svg.tip(b.lock() + " held by " + t.columns().get(b.column()) + ", rows " + (b.from() + 1) + "-"
                + (b.to() + 1) + (b.open() ? " (still held when the picture ends)" : ""));
        svg.rect(x[b.column()] + 6 + b.lane() * LANE_W, rowY(b.from()) + 2, LANE_W - 2,
                (b.to() - b.from() + 1) * ROW_H - 4, colour, b.open() ? " fill-opacity=\"0.5\"" : "");
        svg.endTip();
    }

    private void row(int i, Row r) {
        int y = rowY(i);
        svg.number(MARGIN + GUTTER - 6, y + 13, Integer.toString(i + 1));
        int lx = x[r.column()] + labelX(r.column());
        label(lx, y + 13, r);
        int mx = lx + labelChars[r.column()] * CHAR_W + 10;
        List<Mark> marks = r.marks();
        int shown = marks.size() > MAX_MARKS + 2 ? MAX_MARKS : marks.size();
        for (int k = 0; k < shown; k++) {
            svg.tip(marks.get(k).text());
            shape(marks.get(k).kind(), mx + k * MARK_W + 5, y + 9);
            svg.endTip();
        }
        if (shown < marks.size()) {
            svg.text(mx + shown * MARK_W, y + 13, "more", "+" + (marks.size() - shown));
        }
    }

    /** A row's label: a statement's line number in grey before it; one too long is cut, whole in its tooltip. */
    private void label(int lx, int ly, Row r) {
        String cls = switch (r.kind()) {
            case STATEMENT -> "stmt";
            case BLOCKED -> "blocked";
            case STEP -> "";
        };
        String text = r.text();
        boolean cut = text.length() > MAX_LABEL;
        if (cut) {
            svg.tip(text);
            text = text.substring(0, MAX_LABEL - 3) + "...";
        }
        svg.text(lx, ly, cls, r.line(), text.substring(r.line().length()));
        if (cut) {
            svg.endTip();
        }
    }

    private void shape(MarkKind kind, int cx, int cy) {
        switch (kind) {
            case CALL -> svg.diamond(cx, cy, 5, "#6f42c1");
            case PTE -> svg.circle(cx, cy, 4, "#1a7f37");
            case SHADOW -> svg.rect(cx - 4, cy - 4, 8, 8, "#e36209", "");
            case VIOLATION -> {
                svg.circle(cx, cy, 6, VIOLATION_RED);
                svg.cross(cx, cy, 3, "#ffffff");
            }
        }
    }

    /** One entry of the legend: a mark or a lock's colour, and its words. */
    private record Item(MarkKind mark, String colour, String words) {
        int width() {
            return 16 + words.length() * CHAR_W + 18;
        }
    }

    /** The marks on one line, the locks after them, wrapped at {@code width}. */
    private List<List<Item>> legendLines(int width) {
        List<List<Item>> lines = new ArrayList<>();
        List<Item> marks = new ArrayList<>();
        for (MarkKind k : MarkKind.values()) {
            marks.add(new Item(k, null, k.legend()));
        }
        lines.add(marks);
        List<Item> line = new ArrayList<>();
        int used = 0;
        List<String> locks = t.locks();
        for (int i = 0; i < locks.size(); i++) {
            Item item = new Item(null, LOCK_COLOURS[i % LOCK_COLOURS.length], locks.get(i) + " held");
            if (!line.isEmpty() && used + item.width() > width) {
                lines.add(line);
                line = new ArrayList<>();
                used = 0;
            }
            line.add(item);
            used += item.width();
        }
        if (!line.isEmpty()) {
            lines.add(line);
        }
        return lines;
    }

    private void legend(List<List<Item>> lines, int y) {
        for (List<Item> line : lines) {
            int lx = MARGIN;
            for (Item item : line) {
                if (item.mark() != null) {
                    shape(item.mark(), lx + 5, y + 9);
                } else {
                    svg.rect(lx + 1, y + 2, LANE_W - 2, ROW_H - 4, item.colour(), "");
                }
                svg.text(lx + 16, y + 13, "", item.words());
                lx += item.width();
            }
            y += ROW_H;
        }
    }

    /** The violations and failed assertions, in words, with their rows. */
    private List<String> footer() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < t.rows().size(); i++) {
            for (Mark m : t.rows().get(i).marks()) {
                if (m.kind() == MarkKind.VIOLATION) {
                    lines.add("row " + (i + 1) + ": " + m.text());
                }
            }
        }
        return lines;
    }
}
