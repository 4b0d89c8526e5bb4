package dev.mmuscript.report;

import dev.mmuscript.model.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * A run as a picture's model ({@code mmu run --timeline}): one column per thread ({@code main} first, then the
 * threads in the order the script declares them; a column with no row is left out), one row per step in the order
 * the steps ran, the locks each thread held as bars from the row that took them to the row that released them, and
 * marks on a row for what its step did: notifier and handler calls, PTE and shadow changes, violations (and failed
 * assertions). Built from the run's events by {@link #of}; {@link TimelineSvg} and {@link TimelineDot} draw it.
 */
public record Timeline(String title, String subtitle, List<String> columns, List<Row> rows, List<Bar> bars) {
    /** What began a row: a statement (of main or of a thread), a named step, or a thread that had to wait. */
    public enum RowKind { STATEMENT, STEP, BLOCKED }

    /** What a mark shows; the legend names each. */
    public enum MarkKind {
        CALL("notifier or handler call"), PTE("PTE change"), SHADOW("shadow change"), VIOLATION("violation");

        private final String legend;

        MarkKind(String legend) {
            this.legend = legend;
        }

        public String legend() {
            return legend;
        }
    }

    /** A mark: its kind and the event it stands for, as the trace prints it. */
    public record Mark(MarkKind kind, String text) {
    }

    /**
     * One row: the column it belongs to, the script line of a statement ("" for a step), its label (the statement,
     * or the step's name), its marks.
     */
    public record Row(int column, String line, String label, RowKind kind, List<Mark> marks) {
        /** The line and the label, as one text. */
        public String text() {
            return line.isEmpty() ? label : line + " " + label;
        }

        public boolean violation() {
            return marks.stream().anyMatch(m -> m.kind() == MarkKind.VIOLATION);
        }
    }

    /**
     * A lock held by the thread of {@code column} from row {@code from} to row {@code to} (both drawn), in
     * {@code lane} of that column (bars that overlap in time take different lanes); {@code open} when the picture
     * ends before its release.
     */
    public record Bar(int column, String lock, int lane, int from, int to, boolean open) {
    }

    /** The locks of the bars, each once, in the order they were first taken (a lock's colour is its index). */
    public List<String> locks() {
        List<String> out = new ArrayList<>();
        for (Bar b : bars) {
            if (!out.contains(b.lock())) {
                out.add(b.lock());
            }
        }
        return out;
    }

    /** How many lanes the bars of {@code column} take. */
    public int lanes(int column) {
        int n = 0;
        for (Bar b : bars) {
            if (b.column() == column) {
                n = Math.max(n, b.lane() + 1);
            }
        }
        return n;
    }

    /** The locks {@code column}'s thread holds during {@code row}, in lane order. */
    public List<String> held(int column, int row) {
        List<Bar> holding = new ArrayList<>();
        for (Bar b : bars) {
            if (b.column() == column && b.from() <= row && row <= b.to()) {
                holding.add(b);
            }
        }
        holding.sort(java.util.Comparator.comparingInt(Bar::lane));
        return holding.stream().map(Bar::lock).toList();
    }

    /**
     * The timeline of {@code events}, with {@code threads} the script's threads in declaration order (a thread
     * that is not among them gets its column after them, in the order it first appears).
     */
    public static Timeline of(String title, String subtitle, List<String> threads, List<Event> events) {
        TimelineLayout l = new TimelineLayout();
        events.forEach(l::add);
        return l.finish(title, subtitle, threads);
    }
}
