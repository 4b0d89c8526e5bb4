package dev.mmuscript.engine;

import dev.mmuscript.engine.Explorer.Move;
import dev.mmuscript.engine.Explorer.World;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.Footprint;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.MachineState;
import dev.mmuscript.model.Violation;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Exec;
import dev.mmuscript.ops.Lock;
import dev.mmuscript.ops.Task;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The explorer's moves: one step of one thread from one world, with what it printed dropped and what it found
 * kept, and (with reduction) the local steps after it fused in, each recorded through the {@link Machine} as it
 * runs; and a move made again to name its steps for the schedule.
 */
final class Moves {
    /** Local steps fused into one move at most, so that a thread that loops locally still yields. */
    private static final int MAX_FUSED = 64;

    private final Machine m;
    private final Exec exec;
    private final boolean reduce;
    /** The positions (code, pc) whose next step was once seen to touch the machine: never tried for fusing. */
    private final Map<Code, BitSet> notLocal = new IdentityHashMap<>();
    /** What a step tried for fusing read and wrote: asked only whether it is empty, so one serves every try. */
    private final Footprint scratch = new Footprint();

    Moves(Machine m, Exec exec, boolean reduce) {
        this.m = m;
        this.exec = exec;
        this.reduce = reduce;
    }

    /**
     * The result of one move of one thread in one world: the step, then the local steps fused after it; what the
     * step read and wrote (null without reduction).
     */
    record Tried(World next, Lock blockedOn, List<Violation> violations, Footprint footprint, int fused,
            boolean retried) {
        static Tried blocked(Lock on) {
            return new Tried(null, on, List.of(), null, 0, false);
        }
    }

    /** A move made again to name its steps: the world it reaches, and the move. */
    record Replayed(World next, Move move) {
    }

    /**
     * One move of {@code t} from {@code w}: its step, then (with reduction) the local steps after it; with what it
     * printed dropped and what it found kept.
     */
    Tried step(World w, String name, Task t) {
        List<Violation> found = new ArrayList<>();
        m.restore(w.state());
        boolean[] retried = new boolean[1];
        m.sink(e -> retried[0] |= e instanceof Event.Retry);
        m.violations(found::add);
        Footprint footprint = reduce ? new Footprint() : null;
        m.record(footprint);
        try {
            Exec.Advance a = exec.step(t);
            m.record(null);
            if (a.blocked()) {
                return Tried.blocked(a.blockedOn());
            }
            Task task = a.task();
            int fused = 0;
            while (reduce && found.isEmpty() && fused < MAX_FUSED && mayBeLocal(task)) {
                Exec.Advance local = tryLocal(task, found);
                if (local == null) {
                    break;
                }
                task = local.task();
                fused++;
            }
            return new Tried(new World(m.state(), w.tasks().put(name, task)), null, found, footprint, fused,
                    retried[0]);
        } catch (Exec.Blocked b) {
            return Tried.blocked(b.lock);
        } finally {
            m.record(null);
        }
    }

    /**
     * The next step of {@code t} if it touches nothing of the machine and finds nothing (it commutes with every
     * other thread's steps and can be fused into the move before it); otherwise null, the machine as it was and
     * the position remembered as not local.
     */
    private Exec.Advance tryLocal(Task t, List<Violation> found) {
        MachineState before = m.state();
        Footprint footprint = scratch;
        footprint.clear();
        int violations = found.size();
        m.record(footprint);
        Exec.Advance a;
        try {
            a = exec.step(t);
        } catch (Exec.Blocked b) {
            a = null;
        } finally {
            m.record(null);
        }
        if (a != null && !a.blocked() && footprint.isEmpty() && found.size() == violations) {
            return a;
        }
        notLocal.computeIfAbsent(t.top().code(), c -> new BitSet()).set(t.top().pc());
        found.subList(violations, found.size()).clear();
        m.restore(before);
        return null;
    }

    private boolean mayBeLocal(Task t) {
        if (t.done()) {
            return false;
        }
        BitSet not = notLocal.get(t.top().code());
        return not == null || !not.get(t.top().pc());
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
            List<String> steps = new ArrayList<>();
            try {
                for (int i = 0; i <= MAX_FUSED && !t.done(); i++) {
                    Exec.Advance a = exec.step(t);
                    if (a.blocked()) {
                        break;
                    }
                    t = a.task();
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
        Exec.Advance a = exec.step(t);
        for (int i = 0; ; i++) {
            if (a.step() != null) {
                steps.add(a.step());
            }
            if (i == fused) {
                break;
            }
            a = exec.step(a.task());
        }
        return new Replayed(new World(m.state(), w.tasks().put(name, a.task())), new Move(name, List.copyOf(steps),
                a.task().done()));
    }
}
