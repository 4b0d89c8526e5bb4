package dev.mmuscript.engine;

import dev.mmuscript.engine.Explorer.Move;
import dev.mmuscript.engine.Explorer.World;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.Footprint;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.MachineState;
import dev.mmuscript.model.Violation;
import dev.mmuscript.ops.Exec;
import dev.mmuscript.ops.Lock;
import dev.mmuscript.ops.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * The explorer's moves: the steps of one thread run at once from one world (one step without reduction), with
 * what they printed dropped and what they found kept, each recorded through the {@link Machine} as it runs; and a
 * move made again to name its steps for the schedule.
 */
final class Moves {
    /** Steps fused into one move at most, so that a thread that loops where no other can see still yields. */
    private static final int MAX_FUSED = 64;

    private final Machine m;
    private final Exec exec;
    private final boolean reduce;
    private final Movers movers;
    /** What one step read and wrote, before it is added to its move's (one serves every step). */
    private final Footprint one = new Footprint();
    /** The generations the threads hold, for the allocations a move makes ({@link Machine#alloc}). */
    private final HeldGenerations held = new HeldGenerations();
    /** Whether the step that ran last was told to retry (set by the sink, cleared before each step). */
    private boolean retried;

    Moves(Machine m, Exec exec, boolean reduce, Movers movers) {
        this.m = m;
        this.exec = exec;
        this.reduce = reduce;
        this.movers = movers;
    }

    /** What the machine asks, while this explore runs, for the generations the threads hold. */
    Machine.Holders holders() {
        return held;
    }

    /**
     * The result of one move of one thread in one world: its steps; what they read and wrote (null without
     * reduction); how many steps followed the first; and the step that was tried after them and left out of the
     * move ({@link Pending}; null when none was).
     */
    record Tried(World next, Lock blockedOn, List<Violation> violations, Footprint footprint, int fused,
            boolean retried, Pending pending) {
        static Tried blocked(Lock on) {
            return new Tried(null, on, List.of(), null, 0, false, null);
        }
    }

    /**
     * The step a move tried last and left out: it is the first step of the thread's next move from the world the
     * move reached, and the same there (a step depends only on the machine, the thread, and the generations the
     * threads hold, all of that world's), so the search hands it to that world's expansion instead of running it
     * again. A third of the steps a search runs are left out of their move (kvm-retry: 554,012 of 1,635,783).
     * What it did: the thread after it (or the lock it waits for), the machine after it, what it read and wrote,
     * what it found, and whether it was told to retry.
     */
    record Pending(Exec.Advance advance, MachineState after, Footprint footprint, List<Violation> violations,
            boolean retried) {
    }

    /** A move made again to name its steps: the world it reaches, and the move. */
    record Replayed(World next, Move move) {
    }

    /**
     * One move of {@code t} from {@code w}, with what it printed dropped and what it found kept. Without reduction
     * it is one step; with it, as many as Lipton's reduction lets run at once ({@link Movers}): its first step (the
     * only one that may take a lock), steps that move both ways, the first that does not (its commit), then steps
     * that move left (drop a lock) or both ways.
     */
    Tried step(World w, String name, Task t) {
        return step(w, name, t, null);
    }

    /**
     * As {@link #step(World, String, Task)}; {@code first}, when not null, is the move's first step, already run
     * from {@code w} by the move that reached it ({@link Pending}).
     */
    Tried step(World w, String name, Task t, Pending first) {
        List<Violation> found = new ArrayList<>();
        m.sink(e -> retried |= e instanceof Event.Retry);
        m.violations(found::add);
        Footprint footprint = reduce ? new Footprint() : null;
        held.at(w.tasks(), name, t);
        try {
            Exec.Advance a = first != null ? replayed(first, found) : firstStep(w, t);
            if (a.blocked()) {
                return Tried.blocked(a.blockedOn());
            }
            boolean retriedAny = retried;
            Task task = a.task();
            held.moved(task);
            int fused = 0;
            Pending pending = null;
            if (reduce) {
                footprint.add(one);
                Movers.Kind kind = movers.classify(name, t.held(), task.held(), one);
                boolean committed = kind == Movers.Kind.NONE || kind == Movers.Kind.LEFT;
                while (found.isEmpty() && fused < MAX_FUSED && !task.done()) {
                    Next next = tryNext(name, task, found, committed, footprint);
                    if (next.pending() != null) {
                        pending = next.pending();
                        break;
                    }
                    if (next.advance() == null) {
                        break;
                    }
                    footprint.add(one);
                    retriedAny |= retried;
                    committed |= next.kind() == Movers.Kind.NONE || next.kind() == Movers.Kind.LEFT;
                    task = next.advance().task();
                    held.moved(task);
                    fused++;
                }
            }
            return new Tried(new World(m.state(), w.tasks().put(name, task)), null, found, footprint, fused,
                    retriedAny, pending);
        } catch (Exec.Blocked b) {
            return Tried.blocked(b.lock);
        } finally {
            m.record(null);
        }
    }

    /** Runs the first step of {@code t} from {@code w}, recording what it touches in {@link #one}. */
    private Exec.Advance firstStep(World w, Task t) {
        m.restore(w.state());
        one.clear();
        retried = false;
        m.record(reduce ? one : null);
        try {
            return exec.step(t);
        } finally {
            m.record(null);
        }
    }

    /** The first step, run by the move that reached this world: the machine and {@link #one} as it left them. */
    private Exec.Advance replayed(Pending first, List<Violation> found) {
        if (first.advance().blocked()) {
            return first.advance();
        }
        m.restore(first.after());
        one.clear();
        one.add(first.footprint());
        found.addAll(first.violations());
        retried = first.retried();
        return first.advance();
    }

    /** Whether {@code t} can take a step from {@code w} (its first is not waiting for a lock or for a change). */
    boolean enabled(World w, String name, Task t) {
        m.restore(w.state());
        m.sink(e -> { });
        m.violations(v -> { });
        held.at(w.tasks(), name, t);
        try {
            return !exec.step(t).blocked();
        } catch (Exec.Blocked b) {
            return false;
        }
    }

    /**
     * What became of the step tried next: taken into the move ({@code advance}, and which way it moves); or left
     * out, and kept for the world the move reaches ({@code pending}); or neither (a step not even tried).
     */
    private record Next(Exec.Advance advance, Movers.Kind kind, Pending pending) {
        static final Next NOT_TRIED = new Next(null, null, null);
    }

    /**
     * The next step of {@code t}, taken into the move if the move may have it: a step that moves both ways; before
     * the move's committing step (the first that is not a right mover) that step itself; after it, left movers.
     * Never a step that takes a lock (a right mover) but as the move's first: every thread about to take a lock
     * then stands at the end of a move, so that a deadlock is a world the search reaches. Otherwise the step is
     * left out: the machine as it was, what the step touched added to the move's footprint {@code move}, and what
     * it did kept as the {@link Pending} first step of the thread's next move.
     */
    private Next tryNext(String name, Task t, List<Violation> found, boolean committed, Footprint move) {
        if (Exec.takesALockNext(t)) {
            return Next.NOT_TRIED;    // a right mover (or a wait for the lock), never but first in a move
        }
        MachineState before = m.state();
        one.clear();
        retried = false;
        int violations = found.size();
        m.record(one);
        Exec.Advance a;
        try {
            a = exec.step(t);
        } catch (Exec.Blocked b) {
            a = new Exec.Advance(null, null, null, b.lock);
        } finally {
            m.record(null);
        }
        if (!a.blocked() && found.size() == violations) {
            Movers.Kind kind = movers.classify(name, t.held(), a.task().held(), one);
            if (kind == Movers.Kind.BOTH || kind == Movers.Kind.LEFT || !committed && kind == Movers.Kind.NONE) {
                return new Next(a, kind, null);
            }
        }
        List<Violation> itsOwn = List.copyOf(found.subList(violations, found.size()));
        found.subList(violations, found.size()).clear();
        Pending pending = new Pending(a, m.state(), new Footprint(one), itsOwn, retried);
        m.restore(before);
        // Where the move ends depends on what this step touched: a thread whose move commutes with this one must
        // not have changed it, or the move would end elsewhere after that thread's (sleep sets rest on it).
        move.add(one);
        return new Next(null, null, pending);
    }

    /**
     * The move from {@code w} that reaches the world whose fingerprint is {@code target}: each unfinished thread in
     * turn takes its step and then up to as many local steps as a move fuses, until the world it reaches is the
     * target (a schedule is found again this way: the visited set keeps no moves).
     */
    Replayed reaching(World w, List<String> names, long target) {
        m.sink(e -> { });
        m.violations(v -> { });
        for (String name : names) {
            Task t = w.tasks().get(name);
            m.restore(w.state());
            held.at(w.tasks(), name, t);
            List<String> steps = new ArrayList<>();
            try {
                for (int i = 0; i <= MAX_FUSED && !t.done(); i++) {
                    Exec.Advance a = exec.step(t);
                    if (a.blocked()) {
                        break;
                    }
                    t = a.task();
                    held.moved(t);
                    if (a.step() != null) {
                        steps.add(a.step());
                    }
                    World next = new World(m.state(), w.tasks().put(name, t));
                    if (next.fingerprint() == target) {
                        return new Replayed(next, new Move(name, List.copyOf(steps), t.done()));
                    }
                }
            } catch (Exec.Blocked b) {
                continue;
            }
        }
        throw new IllegalStateException("no move reaches the world " + Long.toHexString(target));
    }

    /** The move of {@code t} from {@code w} again, with as many local steps fused as the search fused. */
    Replayed replay(World w, String name, Task t, int fused) {
        m.restore(w.state());
        m.sink(e -> { });
        m.violations(v -> { });
        List<String> steps = new ArrayList<>();
        held.at(w.tasks(), name, t);
        Exec.Advance a = exec.step(t);
        for (int i = 0; ; i++) {
            if (a.step() != null) {
                steps.add(a.step());
            }
            if (i == fused) {
                break;
            }
            held.moved(a.task());
            a = exec.step(a.task());
        }
        return new Replayed(new World(m.state(), w.tasks().put(name, a.task())), new Move(name, List.copyOf(steps),
                a.task().done()));
    }
}
