package dev.mmuscript.engine;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.MachineState;
import dev.mmuscript.model.PMap;
import dev.mmuscript.model.Violation;
import dev.mmuscript.ops.Exec;
import dev.mmuscript.ops.Lock;
import dev.mmuscript.ops.Task;
import dev.mmuscript.syntax.Ast.RunPart;
import dev.mmuscript.syntax.Ast.RunStmt;
import dev.mmuscript.syntax.Ast.ThreadStmt;
import dev.mmuscript.syntax.ScriptError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import dev.mmuscript.syntax.Ast.Stmt;

/**
 * The scripted scheduler: the script's threads as values ({@link Task}s, started when a {@code run} first names
 * them) and {@code run T until STEP, U, ...}, which advances each named thread step by step. A step that has to
 * wait for a lock another thread holds is undone whole (the state is a value) and the thread reported blocked;
 * when every unfinished thread is blocked, that is {@code deadlock}.
 */
final class Threads {
    private final Machine m;
    private final Exec exec;
    private final ThreadPrograms programs;
    private final Map<String, ThreadStmt> declared = new LinkedHashMap<>();
    private PMap<String, Task> tasks = PMap.empty();
    private final Map<String, String> lastStep = new LinkedHashMap<>();
    /** The state each thread started from, for {@link #steps}: a value, so keeping it costs a reference. */
    private final Map<String, MachineState> startedAt = new LinkedHashMap<>();
    private boolean deadlockReported;
    private final java.util.function.UnaryOperator<Task> giveUp;
    private final java.util.function.BiFunction<Task, Lock, Task> selfHeld;

    /**
     * {@code giveUp} ends a device fault whose retry waits for a change that nothing can make; {@code selfHeld}
     * aborts a handler that waits for a lock its own thread holds, a deadlock at once (null for any other wait).
     */
    Threads(Machine m, Exec exec, ThreadPrograms programs, java.util.function.UnaryOperator<Task> giveUp,
            java.util.function.BiFunction<Task, Lock, Task> selfHeld) {
        this.m = m;
        this.exec = exec;
        this.programs = programs;
        this.giveUp = giveUp;
        this.selfHeld = selfHeld;
    }

    /**
     * Every declared thread, in order, with the steps each of its statements takes when the thread runs alone from
     * where it started (or from now, if it has not), callees and handlers included, then the other steps its own
     * code has (branches that solo run did not take).
     */
    Map<ThreadStmt, ThreadSteps> steps(Function<String, List<String>> faultHandlerSteps) {
        Map<ThreadStmt, ThreadSteps> out = new LinkedHashMap<>();
        for (ThreadStmt t : declared.values()) {
            Rehearsal r = rehearse(t, startedAt.getOrDefault(t.name().text(), m.state()));
            Map<Stmt, List<String>> per = new LinkedHashMap<>();
            for (int i = 0; i < t.body().size(); i++) {
                List<String> steps = new ArrayList<>(i < r.steps().size() ? r.steps().get(i) : List.of());
                for (String own : programs.steps(t.body().get(i), faultHandlerSteps)) {
                    if (!steps.contains(own)) {
                        steps.add(own);
                    }
                }
                per.put(t.body().get(i), steps);
            }
            out.put(t, new ThreadSteps(per, r.ended()));
        }
        return out;
    }

    /** The steps a solo run took, per statement, and why it ended early (null: it finished). */
    private record Rehearsal(List<List<String>> steps, String ended) {
    }

    private static String waits(Lock lock, String after) {
        return "alone from where it started, it waits for " + lock.describe() + (after == null ? "" : " after "
                + after);
    }

    /** The most steps a rehearsal takes. */
    static final int REHEARSAL_STEPS = 100_000;

    /**
     * Runs {@code t} alone from {@code from} to its end (or until it must wait, or {@link #REHEARSAL_STEPS}), with
     * its events dropped and its statements run whole skipped, and puts the state back: the steps it took.
     */
    private Rehearsal rehearse(ThreadStmt t, MachineState from) {
        MachineState now = m.state();
        Consumer<Event> sink = m.sink();
        Consumer<Violation> violations = m.violations();
        List<List<String>> steps = new ArrayList<>();
        m.sink(e -> {
            if (e instanceof Event.ThreadRuns) {
                steps.add(new ArrayList<>());
            }
        });
        m.violations(v -> { });
        m.restore(from);
        String ended = null;
        String last = null;
        try {
            Task task = Task.start(t.name().text(), programs.rehearsal(t));
            int n = 0;
            while (!task.done() && ended == null) {
                Exec.Advance a = exec.step(task);
                task = a.task();
                if (a.blocked()) {
                    ended = waits(a.blockedOn(), last);
                } else if (a.step() != null) {
                    last = a.step();
                    if (!steps.isEmpty() && !steps.get(steps.size() - 1).contains(last)) {
                        steps.get(steps.size() - 1).add(last);
                    }
                }
                if (++n == REHEARSAL_STEPS) {
                    ended = "the listing stopped after " + REHEARSAL_STEPS + " steps";
                }
            }
        } catch (Exec.Blocked b) {
            ended = waits(b.lock, last);
        } catch (RuntimeException e) {
            ended = "alone from where it started, it stops" + (last == null ? "" : " after " + last) + ": "
                    + e.getMessage();
        } finally {
            m.sink(sink);
            m.violations(violations);
            m.restore(now);
        }
        return new Rehearsal(steps, ended);
    }

    void declare(ThreadStmt s) {
        declared.put(s.name().text(), s);
    }

    PMap<String, Task> tasks() {
        return tasks;
    }

    void restore(PMap<String, Task> t) {
        tasks = t;
    }

    /** Where the threads are and what the scheduler has said of them, to go back to after an explore. */
    record Saved(PMap<String, Task> tasks, Map<String, String> lastStep, boolean deadlockReported) {
    }

    Saved save() {
        return new Saved(tasks, Map.copyOf(lastStep), deadlockReported);
    }

    void restore(Saved s) {
        tasks = s.tasks();
        lastStep.clear();
        lastStep.putAll(s.lastStep());
        deadlockReported = s.deadlockReported();
    }

    /** The tasks of {@code names}, each started if no run has started it yet. */
    PMap<String, Task> started(List<String> names) {
        PMap<String, Task> out = PMap.empty();
        for (String n : names) {
            out = out.put(n, task(n));
        }
        return out;
    }

    /** Whether a started thread outside {@code names} is unfinished (it may be in the middle of an invalidation). */
    boolean othersUnfinished(List<String> names) {
        for (Task t : tasks.values()) {
            if (!names.contains(t.name()) && !t.done()) {
                return true;
            }
        }
        return false;
    }

    void run(RunStmt s) {
        run(s, declared.keySet());
    }

    /**
     * Runs a schedule in which only {@code scope} matters for deadlock and livelock (an explore's replay: a
     * declared thread outside it could unblock nobody in the search, so it does not here either).
     */
    void run(RunStmt s, java.util.Collection<String> scope) {
        for (RunPart part : s.parts()) {
            runPart(part, scope);
        }
    }

    private void runPart(RunPart part, java.util.Collection<String> scope) {
        String name = part.thread().text();
        Task t = task(name);
        if (t.done()) {
            m.emit(new Event.ThreadFinished(name));
            return;
        }
        String until = part.until() == null ? null : part.until().text();
        if (lastStep.containsKey(name)) {
            m.emit(new Event.ThreadResumed(name, lastStep.get(name)));
        }
        List<String> taken = new ArrayList<>();
        while (true) {
            Exec.Advance a = attempt(t, true);
            t = a.task();
            tasks = tasks.put(name, t);
            Task aborted = a.blocked() ? selfHeld.apply(t, a.blockedOn()) : null;
            if (aborted != null) {
                t = aborted;
                tasks = tasks.put(name, t);
                continue;
            }
            if (a.blocked()) {
                m.emit(new Event.ThreadBlocked(name, a.blockedOn().describe(), holder(a.blockedOn(), name)));
                if (!unstick(scope)) {
                    return;
                }
                t = tasks.get(name);
                if (t.done()) {
                    m.emit(new Event.ThreadFinished(name));
                    return;
                }
                continue;
            }
            if (a.step() != null) {
                taken.add(a.step());
                lastStep.put(name, a.step());
            }
            if (until != null && until.equals(a.step())) {
                m.emit(new Event.ThreadStopped(name, until));
                return;
            }
            if (t.done()) {
                if (until != null) {
                    throw new ScriptError(part.until().span(), name + " finished without reaching step '" + until + "'",
                            "its steps: " + String.join(", ", distinct(taken)));
                }
                m.emit(new Event.ThreadFinished(name));
                return;
            }
        }
    }

    private Task task(String name) {
        Task t = tasks.get(name);
        if (t == null) {
            t = Task.start(name, programs.program(declared.get(name)));
            tasks = tasks.put(name, t);
            startedAt.put(name, m.state());
        }
        return t;
    }

    /**
     * One step of {@code t}. A step that had to wait for a lock inside code it ran to completion is undone: the
     * machine state goes back and what it printed is dropped. With {@code keep} false the step is only probed.
     */
    private Exec.Advance attempt(Task t, boolean keep) {
        MachineState before = m.state();
        Consumer<Event> sink = m.sink();
        Consumer<Violation> violations = m.violations();
        List<Object> said = new ArrayList<>();
        m.sink(said::add);
        m.violations(said::add);
        Exec.Advance a;
        try {
            a = exec.step(t);
        } catch (Exec.Blocked b) {
            a = new Exec.Advance(t, null, b.lock);
        } finally {
            m.sink(sink);
            m.violations(violations);
        }
        if (!keep || a.blocked() && a.task() == t) {
            m.restore(before);
            return a;
        }
        for (Object o : said) {
            if (o instanceof Event e) {
                sink.accept(e);
            } else {
                violations.accept((Violation) o);
            }
        }
        return a;
    }

    /** Who holds a lock: the thread whose held locks name it. */
    private String holder(Lock lock, String except) {
        if (lock.kind() == Lock.Kind.WAIT) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (Task t : tasks.values()) {
            for (Lock l : t.held()) {
                // A reader waits for the writer of the same mmap_lock, and a writer for its readers.
                if (l.owner().equals(lock.owner()) && l.name().equals(lock.name()) && !t.name().equals(except)
                        && !out.contains(t.name())) {
                    out.add(t.name());
                }
            }
        }
        return String.join(", ", out);
    }

    /**
     * When nothing can run and a thread is unfinished: a thread whose retry waits for a change nothing can make is
     * {@code livelock}, and its fault gives up (true: a thread can go on); otherwise that is {@code deadlock}, with
     * the chain of waiters and holders (reported once).
     */
    private boolean unstick(java.util.Collection<String> scope) {
        Map<String, Lock> waits = new LinkedHashMap<>();
        for (String name : scope) {
            Task t = tasks.get(name);
            if (t == null) {
                return false;
            }
            if (t.done()) {
                continue;
            }
            Exec.Advance a = attempt(t, false);
            if (!a.blocked()) {
                return false;
            }
            waits.put(name, a.blockedOn());
        }
        boolean changed = false;
        for (Map.Entry<String, Lock> w : waits.entrySet()) {
            if (w.getValue().kind() == Lock.Kind.WAIT) {
                tasks = tasks.put(w.getKey(), giveUp.apply(tasks.get(w.getKey())));
                changed = true;
            }
        }
        if (changed || waits.isEmpty() || deadlockReported) {
            return changed;
        }
        List<String> chain = new ArrayList<>();
        waits.forEach((name, lock) -> {
            String h = holder(lock, name);
            chain.add(name + " waits for " + lock.describe() + (h.isEmpty() ? "" : ", held by " + h));
        });
        deadlockReported = true;
        m.violation(new Violation("deadlock", String.join(",", waits.keySet()), -1, -1, String.join("; ", chain)));
        return false;
    }

    private List<String> blockedNames() {
        List<String> out = new ArrayList<>();
        for (Task t : tasks.values()) {
            if (!t.done()) {
                out.add(t.name());
            }
        }
        return out;
    }

    /** At the end of the script: every thread that did not run to its end. */
    void finish() {
        for (String name : declared.keySet()) {
            Task t = tasks.get(name);
            if (t != null && !t.done()) {
                m.emit(new Event.ThreadLeft(name, lastStep.get(name)));
            }
        }
    }

    private static List<String> distinct(List<String> steps) {
        List<String> out = new ArrayList<>();
        for (String s : steps) {
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }
}
