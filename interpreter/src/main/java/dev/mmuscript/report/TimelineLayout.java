package dev.mmuscript.report;

import dev.mmuscript.model.Event;
import dev.mmuscript.report.Timeline.Bar;
import dev.mmuscript.report.Timeline.Mark;
import dev.mmuscript.report.Timeline.MarkKind;
import dev.mmuscript.report.Timeline.Row;
import dev.mmuscript.report.Timeline.RowKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Timeline} from a run's events, in one pass: a row for each statement, step and wait, in the
 * order they came; marks on the row of the step that caused them; lock bars as the locks are taken and released.
 * A lock event belongs to the row of the step it is part of: the thread's latest row when that is the latest row
 * of all (the step announced itself, then took or dropped its lock), else the thread's next row (a release that
 * fuses into the next step, or a take that had to wait and happened when the thread went on).
 */
final class TimelineLayout {
    private record Open(String thread, String lock, int from) {
    }

    private record Closed(String thread, String lock, int from, int to, boolean open) {
    }

    /** A lock taken ({@code take}) or released that waits for its thread's next row. */
    private record Pending(String thread, String lock, boolean take) {
    }

    private final List<String> rowThreads = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private final List<RowKind> kinds = new ArrayList<>();
    private final List<List<Mark>> marks = new ArrayList<>();
    private final Map<String, Integer> lastRow = new LinkedHashMap<>();
    private final List<Open> open = new ArrayList<>();
    private final List<Closed> closed = new ArrayList<>();
    private List<Pending> pending = new ArrayList<>();
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
            lock(new Pending(t.thread(), t.describe(), true), false);
        } else if (e instanceof Event.LockReleased r) {
            lock(new Pending(r.thread(), r.describe(), false), r.withNextStep());
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
        int at = labels.size();
        List<Pending> waiting = new ArrayList<>();
        for (Pending p : pending) {
            if (p.thread().equals(current)) {
                apply(p, at);
            } else if (!p.take()) {
                apply(p, lastRow.getOrDefault(p.thread(), at - 1));
            } else {
                waiting.add(p);
            }
        }
        pending = waiting;
        lastRow.put(current, at);
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

    /** A lock event: on the latest row if that is the thread's own step, else on the thread's next row. */
    private void lock(Pending p, boolean withNextStep) {
        int last = labels.size() - 1;
        if (!withNextStep && last >= 0 && rowThreads.get(last).equals(p.thread())
                && kinds.get(last) != RowKind.BLOCKED) {
            apply(p, last);
        } else {
            pending.add(p);
        }
    }

    private void apply(Pending p, int row) {
        if (p.take()) {
            open.add(new Open(p.thread(), p.lock(), row));
        } else {
            release(p.thread(), p.lock(), row);
        }
    }

    /** Closes the latest bar of {@code lock} the thread holds; one taken before the picture began starts at 0. */
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
        int last = labels.size() - 1;
        for (Pending p : pending) {
            apply(p, p.take() ? last : lastRow.getOrDefault(p.thread(), last));
        }
        for (Open o : open) {
            closed.add(new Closed(o.thread(), o.lock(), o.from(), last, true));
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

    /**
     * The bars in the order their locks were taken, each in the lowest lane free over its rows (a lock of a
     * thread with no row has no column to be drawn in).
     */
    private List<Bar> bars(List<String> columns) {
        List<Closed> sorted = new ArrayList<>(closed);
        sorted.sort(Comparator.comparingInt(Closed::from));
        List<Bar> out = new ArrayList<>();
        for (Closed c : sorted) {
            int column = columns.indexOf(c.thread());
            if (column < 0 || c.from() < 0 || c.to() < c.from()) {
                continue;
            }
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
