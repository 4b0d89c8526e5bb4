package dev.mmuscript.report;

import dev.mmuscript.model.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        Layout l = new Layout();
        events.forEach(l::add);
        return l.finish(title, subtitle, threads);
    }

    /** Walks the events once: rows in the order their steps ran, lock bars as they open and close. */
    private static final class Layout {
        private record Open(String thread, String lock, int from) {
        }

        private record Closed(String thread, String lock, int from, int to, boolean open) {
        }

        /** A release that belongs to its thread's next step: it closes on that step's row. */
        private record Pending(String thread, String lock) {
        }

        private final List<String> rowThreads = new ArrayList<>();
        private final List<String> lines = new ArrayList<>();
        private final List<String> labels = new ArrayList<>();
        private final List<RowKind> kinds = new ArrayList<>();
        private final List<List<Mark>> marks = new ArrayList<>();
        private final Map<String, Integer> lastRow = new LinkedHashMap<>();
        private final List<Open> open = new ArrayList<>();
        private final List<Closed> closed = new ArrayList<>();
        private final List<Pending> pending = new ArrayList<>();
        private String current = "main";

        void add(Event e) {
            if (e instanceof Event.Statement s) {
                current = "main";
                row(s.where(), s.text(), RowKind.STATEMENT);
            } else if (e instanceof Event.ThreadRuns t) {
                current = t.thread();
                row(t.where(), t.text(), RowKind.STATEMENT);
            } else if (e instanceof Event.ThreadResumed t) {
                current = t.thread();
            } else if (e instanceof Event.ThreadBlocked t) {
                current = t.thread();
                row("", "waits for " + t.lock() + (t.holder().isEmpty() ? "" : ", held by " + t.holder()),
                        RowKind.BLOCKED);
            } else if (e instanceof Event.Step s) {
                row("", s.name(), RowKind.STEP);
            } else if (e instanceof Event.LockTaken t) {
                open.add(new Open(t.thread(), t.describe(), rowOf(t.thread())));
            } else if (e instanceof Event.LockReleased r && r.withNextStep()) {
                pending.add(new Pending(r.thread(), r.describe()));
            } else if (e instanceof Event.LockReleased r) {
                release(r.thread(), r.describe(), rowOf(r.thread()));
            } else {
                MarkKind kind = markKind(e);
                if (kind != null) {
                    mark(kind, TextReport.render(e));
                }
            }
        }

        /** The mark an event gets, or null for an event the picture leaves to the trace. */
        private static MarkKind markKind(Event e) {
            if (e instanceof Event.Call) {
                return MarkKind.CALL;
            } else if (e instanceof Event.PteSet || e instanceof Event.PteChange || e instanceof Event.PteClear
                    || e instanceof Event.PteMoved || e instanceof Event.SwapOut || e instanceof Event.SwapIn
                    || e instanceof Event.MigrationEntry) {
                return MarkKind.PTE;
            } else if (e instanceof Event.ShadowSet || e instanceof Event.ShadowClear) {
                return MarkKind.SHADOW;
            } else if (e instanceof Event.ViolationFound || e instanceof Event.AssertResult a && !a.passed()) {
                return MarkKind.VIOLATION;
            }
            return null;
        }

        private void row(String line, String label, RowKind kind) {
            List<Pending> due = List.copyOf(pending);
            pending.clear();
            for (Pending p : due) {
                release(p.thread(), p.lock(), p.thread().equals(current) ? labels.size() : rowOf(p.thread()));
            }
            lastRow.put(current, labels.size());
            rowThreads.add(current);
            lines.add(line);
            labels.add(label);
            kinds.add(kind);
            marks.add(new ArrayList<>());
        }

        private void mark(MarkKind kind, String text) {
            if (labels.isEmpty()) {
                row("", "", RowKind.STEP);
            }
            marks.get(marks.size() - 1).add(new Mark(kind, text));
        }

        /** The row a thread's lock event belongs to: its latest row (its step comes before the lock). */
        private int rowOf(String thread) {
            Integer r = lastRow.get(thread);
            if (r == null) {
                String was = current;
                current = thread;
                row("", "", RowKind.STEP);
                current = was;
                return labels.size() - 1;
            }
            return r;
        }

        /**
         * Closes the latest bar of {@code lock} the thread holds at row {@code to}; one taken before the picture
         * began starts at row 0.
         */
        private void release(String thread, String lock, int to) {
            for (int i = open.size() - 1; i >= 0; i--) {
                Open o = open.get(i);
                if (o.thread().equals(thread) && o.lock().equals(lock)) {
                    open.remove(i);
                    closed.add(new Closed(thread, lock, o.from(), to, false));
                    return;
                }
            }
            closed.add(new Closed(thread, lock, 0, to, false));
        }

        Timeline finish(String title, String subtitle, List<String> threads) {
            for (Pending p : pending) {
                release(p.thread(), p.lock(), rowOf(p.thread()));
            }
            for (Open o : open) {
                closed.add(new Closed(o.thread(), o.lock(), o.from(), labels.size() - 1, true));
            }
            List<String> columns = columns(threads);
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < labels.size(); i++) {
                rows.add(new Row(columns.indexOf(rowThreads.get(i)), lines.get(i), labels.get(i), kinds.get(i),
                        List.copyOf(marks.get(i))));
            }
            return new Timeline(title, subtitle, columns, List.copyOf(rows), bars(columns));
        }

        /** main, the declared threads, then any other thread, each only if it has a row. */
        private List<String> columns(List<String> threads) {
            List<String> order = new ArrayList<>();
            order.add("main");
            order.addAll(threads);
            rowThreads.stream().filter(t -> !order.contains(t)).forEach(order::add);
            return order.stream().filter(rowThreads::contains).distinct().toList();
        }

        /** The bars in the order their locks were taken, each in the lowest lane free over its rows. */
        private List<Bar> bars(List<String> columns) {
            List<Closed> sorted = new ArrayList<>(closed);
            sorted.sort(java.util.Comparator.comparingInt(Closed::from));
            List<Bar> out = new ArrayList<>();
            for (Closed c : sorted) {
                int column = columns.indexOf(c.thread());
                int lane = 0;
                while (busy(out, column, lane, c.from(), c.to())) {
                    lane++;
                }
                out.add(new Bar(column, c.lock(), lane, c.from(), c.to(), c.open()));
            }
            return List.copyOf(out);
        }

        private static boolean busy(List<Bar> bars, int column, int lane, int from, int to) {
            for (Bar b : bars) {
                if (b.column() == column && b.lane() == lane && b.from() <= to && from <= b.to()) {
                    return true;
                }
            }
            return false;
        }
    }
}
