package dev.mmuscript.engine;

import dev.mmuscript.check.Invariants;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.MachineState;
import dev.mmuscript.model.PMap;
import dev.mmuscript.model.Violation;
import dev.mmuscript.ops.Exec;
import dev.mmuscript.ops.Lock;
import dev.mmuscript.ops.Task;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code explore T, U}: every interleaving of the named threads from the current world, breadth-first, so that the
 * first violation found is one a shortest schedule reaches (design §4.3). A world is the machine state and where
 * each thread is, both values; a transition is one step of one enabled thread (a thread whose next op takes a held
 * lock, or waits for a change, is not enabled). While searching nothing is printed: the steps' events are dropped,
 * the violations they raise end the search, and the schedule that found one is handed back to be re-run by the
 * scripted scheduler, which prints its trace.
 *
 * <p>Checked: every violation a step raises (stale-tlb, sleep-in-atomic, shadow-use-after-free at the free, ...);
 * at every world where the explored threads have all finished, every invariant {@code assert coherent} checks
 * (and the pairing of range_start and range_end, when no other thread is in the middle of something); at every
 * world where none of them can move and one is unfinished, {@code livelock} (one waits for a change no other can
 * make) or {@code deadlock}.
 */
final class Explorer {
    /**
     * A world: the machine and every thread, values both. Its fingerprint is the machine's 64-bit fingerprint with
     * the threads' positions folded in (their frames' registers are hashed as Java hashes them, 32 bits).
     */
    record World(MachineState state, PMap<String, Task> tasks) {
        long fingerprint() {
            return dev.mmuscript.model.Fingerprint.add(state.fingerprint(), (long) tasks.hashCode());
        }
    }

    /** One transition: the thread that moved, and the full name of the step it completed (null: none). */
    record Move(String thread, String step) {
    }

    /** What a search found. {@code schedule} leads from the start to the violation (empty when there is none). */
    record Result(Outcome outcome, int states, long transitions, int depth, List<Move> schedule,
            Violation violation, boolean stuck) {
    }

    enum Outcome { CLEAN, VIOLATION, UNKNOWN }

    /** The result of trying one step of one thread in one world. */
    private record Tried(World next, String step, Lock blockedOn, List<Violation> violations) {
    }

    private final Machine m;
    private final Exec exec;
    private final Budget budget;

    Explorer(Machine m, Exec exec, Budget budget) {
        this.m = m;
        this.exec = exec;
        this.budget = budget;
    }

    /**
     * Searches from {@code start}; {@code others} says whether threads outside {@code names} are unfinished (then
     * a range_start left open may be theirs, and pairing is not checked). The machine is left as it was.
     */
    Result explore(World start, List<String> names, long maxStates, boolean others) {
        MachineState before = m.state();
        Consumer<dev.mmuscript.model.Event> sink = m.sink();
        Consumer<Violation> violations = m.violations();
        try {
            return search(start, names, maxStates, others);
        } finally {
            m.sink(sink);
            m.violations(violations);
            m.restore(before);
        }
    }

    private Result search(World start, List<String> names, long maxStates, boolean others) {
        Visited seen = new Visited();
        seen.add(start.fingerprint(), -1, -1);
        ArrayDeque<World> queue = new ArrayDeque<>();
        ArrayDeque<int[]> where = new ArrayDeque<>();    // each queued world's id and depth
        queue.add(start);
        where.add(new int[] {0, 0});
        long transitions = 0;
        int deepest = 0;
        boolean cut = false;
        while (!queue.isEmpty()) {
            World w = queue.poll();
            int[] at = where.poll();
            int id = at[0];
            int depth = at[1];
            deepest = Math.max(deepest, depth);
            budget.exploring(seen.size(), transitions, deepest, queue.size());
            boolean deepEnough = budget.maxDepth() > 0 && depth >= budget.maxDepth();
            boolean moves = false;
            boolean unfinished = false;
            boolean waits = false;
            for (int i = 0; i < names.size(); i++) {
                Task t = w.tasks().get(names.get(i));
                if (t.done()) {
                    continue;
                }
                unfinished = true;
                Tried tried = step(w, names.get(i), t);
                if (tried.blockedOn() != null) {
                    waits |= tried.blockedOn().kind() == Lock.Kind.WAIT;
                    continue;
                }
                moves = true;
                transitions++;
                if (!tried.violations().isEmpty()) {
                    List<Move> path = path(start, names, seen, id);
                    path.add(new Move(names.get(i), tried.step()));
                    return new Result(Outcome.VIOLATION, seen.size(), transitions, path.size(), path,
                            tried.violations().get(0), false);
                }
                if (deepEnough) {
                    cut |= !seenBefore(seen, tried.next());
                    continue;
                }
                if (seen.size() >= maxStates) {
                    if (seenBefore(seen, tried.next())) {
                        continue;
                    }
                    return new Result(Outcome.UNKNOWN, seen.size(), transitions, deepest, List.of(), null, false);
                }
                int child = seen.add(tried.next().fingerprint(), id, i);
                if (child >= 0) {
                    queue.add(tried.next());
                    where.add(new int[] {child, depth + 1});
                }
            }
            Violation v = !unfinished ? finalCheck(w, others) : !moves ? stuck(w, names, waits) : null;
            if (v != null) {
                List<Move> path = path(start, names, seen, id);
                return new Result(Outcome.VIOLATION, seen.size(), transitions, path.size(), path, v, unfinished);
            }
        }
        return new Result(cut ? Outcome.UNKNOWN : Outcome.CLEAN, seen.size(), transitions, deepest, List.of(), null,
                false);
    }

    /** Whether a world was seen, without recording it. */
    private static boolean seenBefore(Visited seen, World w) {
        return seen.contains(w.fingerprint());
    }

    /** One step of {@code t} from {@code w}, with what it printed dropped and what it found kept. */
    private Tried step(World w, String name, Task t) {
        List<Violation> found = new ArrayList<>();
        m.restore(w.state());
        m.sink(e -> { });
        m.violations(found::add);
        try {
            Exec.Advance a = exec.step(t);
            if (a.blocked()) {
                return new Tried(null, null, a.blockedOn(), List.of());
            }
            return new Tried(new World(m.state(), w.tasks().put(name, a.task())), a.step(), null, found);
        } catch (Exec.Blocked b) {
            return new Tried(null, null, b.lock, List.of());
        }
    }

    /** Every explored thread has finished: what {@code assert coherent} and the end of a script check. */
    private static Violation finalCheck(World w, boolean others) {
        List<Violation> found = Invariants.check(w.state(), null, !others);
        return found.isEmpty() ? null : found.get(0);
    }

    /** No explored thread can move and one is unfinished. */
    private static Violation stuck(World w, List<String> names, boolean waits) {
        List<String> blocked = new ArrayList<>();
        for (String n : names) {
            if (!w.tasks().get(n).done()) {
                blocked.add(n);
            }
        }
        String who = String.join(",", blocked);
        return waits ? new Violation("livelock", who, -1, -1, who + " can never go on")
                : new Violation("deadlock", who, -1, -1, who + " wait for each other");
    }

    /** The moves from the start to world {@code id}, each with the step it completed (re-run to name them). */
    private List<Move> path(World start, List<String> names, Visited seen, int id) {
        List<Integer> threads = new ArrayList<>();
        for (int at = id; seen.parent(at) >= 0; at = seen.parent(at)) {
            threads.add(0, seen.thread(at));
        }
        List<Move> out = new ArrayList<>();
        World w = start;
        for (int i : threads) {
            String name = names.get(i);
            Tried tried = step(w, name, w.tasks().get(name));
            out.add(new Move(name, tried.step()));
            w = tried.next();
        }
        return out;
    }
}
