package dev.mmuscript.engine;

import dev.mmuscript.check.Invariants;
import dev.mmuscript.model.Footprint;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.MachineState;
import dev.mmuscript.model.PMap;
import dev.mmuscript.model.Violation;
import dev.mmuscript.ops.Exec;
import dev.mmuscript.ops.Lock;
import dev.mmuscript.ops.Task;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code explore T, U}: every interleaving of the named threads from the current world, breadth-first, so that the
 * first violation found is one a shortest schedule reaches (design §4.3). A world is the machine state and where
 * each thread is, both values; a transition is one move of one enabled thread (a thread whose next op takes a
 * held lock, or waits for a change, is not enabled): one step, or with reduction the steps it may run at once.
 * While searching nothing is printed: the steps' events are dropped, the violations they raise end the search, and
 * the schedule that found one is handed back to be re-run by the scripted scheduler, which prints its trace.
 *
 * <p>Checked: every violation a step raises (stale-tlb, sleep-in-atomic, shadow-use-after-free at the free, ...);
 * at every world where the explored threads have all finished, every invariant {@code assert coherent} checks
 * (and the pairing of range_start and range_end, when no other thread is in the middle of something); at every
 * world where none of them can move and one is unfinished, {@code livelock} (one waits for a change no other can
 * make) or {@code deadlock}; at every world where one alone can move, {@code livelock} if it goes round a retry
 * for ever.
 */
final class Explorer {
    /**
     * A world: the machine and every thread, values both. Its fingerprint is the machine's 64-bit fingerprint with
     * the threads' folded in, each thread's 64 bits too: its name, locks, and frames, each frame's code, place and
     * registers ({@link Task#fingerprint}).
     */
    record World(MachineState state, PMap<String, Task> tasks) {
        long fingerprint() {
            return dev.mmuscript.model.Fingerprint.add(state.fingerprint(), tasks.fingerprint());
        }
    }

    /**
     * One transition: the thread that moved, the full names of the steps it completed (all the steps of its move),
     * and whether it finished.
     */
    record Move(String thread, List<String> steps, boolean finished) {
    }

    /** What a search found. {@code schedule} leads from the start to the violation (empty when there is none). */
    record Result(Outcome outcome, int states, long transitions, int depth, List<Move> schedule,
            Violation violation, boolean stuck) {
    }

    enum Outcome { CLEAN, VIOLATION, UNKNOWN }


    /**
     * A world waiting to be expanded: its id, its depth, the threads to try there ({@link #ALL}, or on a second
     * expansion the threads that were asleep the first time and are not any more), what each sleeping
     * thread's step reads and writes (null for a thread not asleep), and the first step of thread {@code mover}'s
     * next move, already run by the move that reached the world ({@link Moves.Pending}; null when there is none).
     */
    private record Node(World world, int id, int depth, int todo, Footprint[] sleepers, int mover,
            Moves.Pending pending) {
        Node(World world, int id, int depth, int todo, Footprint[] sleepers) {
            this(world, id, depth, todo, sleepers, -1, null);
        }

        /** The first step of thread {@code i}'s move from here, if it was run already. */
        Moves.Pending pendingOf(int i) {
            return i == mover ? pending : null;
        }
    }

    private static final int ALL = -1;
    /** Sleep sets are kept as bits of an int: an explore of more threads runs without reduction. */
    private static final int MAX_REDUCED_THREADS = 31;

    private final Machine m;
    private final Budget budget;
    private final boolean reduce;
    private final Moves moves;
    private final Movers movers = new Movers();

    Explorer(Machine m, Exec exec, Budget budget) {
        this.m = m;
        this.budget = budget;
        this.reduce = budget.reduce();
        this.moves = new Moves(m, exec, reduce, movers);
    }

    /**
     * Searches from {@code start}; {@code others} says whether threads outside {@code names} are unfinished (then
     * a range_start left open may be theirs, and pairing is not checked). The machine is left as it was.
     */
    Result explore(World start, List<String> names, long maxStates, boolean others) {
        MachineState before = m.state();
        Consumer<dev.mmuscript.model.Event> sink = m.sink();
        Consumer<Violation> violations = m.violations();
        m.exploring(true);
        m.holders(moves.holders());
        try {
            return search(start, names, maxStates, others);
        } finally {
            m.exploring(false);
            m.holders((pfn, out) -> { });
            m.record(null);
            m.sink(sink);
            m.violations(violations);
            m.restore(before);
        }
    }

    /** Searches made again when what the reduction learned no longer bears out its moves, before it trusts none. */
    private static final int MAX_SEARCHES = 16;

    /**
     * Searches until a search's reduction holds for every step it took ({@link Movers}): a violation found is one
     * whatever the reduction, but a search that ends clean, or finds every kind there is, must not have leaned on
     * a judgement that a later step proved wrong. Each search again knows more; after {@link #MAX_SEARCHES} the
     * reduction trusts no object any more, and that search cannot be proved wrong.
     */
    private Result search(World start, List<String> names, long maxStates, boolean others) {
        long began = System.nanoTime();
        if (reduce) {
            learnAlone(start, names);
        }
        while (true) {
            Search s = new Search(start, names, maxStates, others, reduce && names.size() <= MAX_REDUCED_THREADS);
            Result r = s.search();
            boolean complete = r.outcome() == Outcome.CLEAN || r.outcome() == Outcome.VIOLATION && budget.everyKind();
            if (!complete || !movers.invalid()) {
                budget.searched(r.states(), r.transitions(), System.nanoTime() - began, s.seen.bytesPerWorld(),
                        s.peakQueue, movers.searches());
                return r;
            }
            movers.again();
            if (movers.searches() == MAX_SEARCHES) {
                movers.distrust();
            }
        }
    }

    /** Rounds of moves, at most, run while the reduction learns what each thread touches. */
    private static final int MAX_ALONE_MOVES = 1_000;

    /**
     * Runs each thread alone from the start, then all of them in turn, so that the reduction knows, before the
     * first search, most of what each thread touches and under which locks: fewer searches are proved wrong and
     * made again.
     */
    private void learnAlone(World start, List<String> names) {
        for (String name : names) {
            learn(start, List.of(name));
        }
        learn(start, names);
        movers.forget();
    }

    /** Runs {@code names} from {@code w} a move each in turn, until none can move. */
    private void learn(World w, List<String> names) {
        for (int n = 0; n < MAX_ALONE_MOVES; n++) {
            boolean moved = false;
            for (String name : names) {
                Task t = w.tasks().get(name);
                if (t.done()) {
                    continue;
                }
                Moves.Tried move = moves.step(w, name, t);
                if (move.blockedOn() == null && move.violations().isEmpty()) {
                    w = move.next();
                    moved = true;
                }
            }
            if (!moved) {
                return;
            }
        }
    }

    /**
     * One breadth-first search. With reduction (design §4.3): a move runs as many steps of its thread as Lipton's
     * reduction allows ({@link Moves}, {@link Movers}), and a thread whose move commutes with the move that led to
     * a world sleeps there (Godefroid's sleep sets, kept with each world seen: a world seen again with fewer
     * sleepers is expanded again for the threads that woke).
     */
    private final class Search {
        private final World start;
        private final List<String> names;
        private final long maxStates;
        private final boolean others;
        private final boolean sleepSets;
        private final Visited seen;
        private final ArrayDeque<Node> queue = new ArrayDeque<>();
        private final BitSet expanded = new BitSet();
        private long transitions;
        private int deepest;
        private boolean cut;
        private int peakQueue;
        /** With {@link Budget#everyKind}: the kinds of violation found so far, the search going on past them. */
        private final java.util.Set<String> kinds = new java.util.TreeSet<>();
        /** Retries that spin for ever, looked for where one thread alone can move. */
        private final Spins spins;

        Search(World start, List<String> names, long maxStates, boolean others, boolean sleepSets) {
            this.start = start;
            this.names = names;
            this.maxStates = maxStates;
            this.others = others;
            this.sleepSets = sleepSets;
            this.seen = new Visited(names.size());
            this.spins = new Spins(moves, names);
        }

        Result search() {
            seen.add(start.fingerprint(), -1, 0);
            queue.add(new Node(start, 0, 0, ALL, null));
            while (!queue.isEmpty() && !movers.invalid()) {    // an invalid search is made again at once
                Result r = expand(queue.poll());
                if (r != null) {
                    return r;
                }
            }
            if (!kinds.isEmpty()) {
                return new Result(Outcome.VIOLATION, seen.size(), transitions, deepest, List.of(),
                        new Violation(String.join(",", kinds), "", -1, -1, "every kind found"), false);
            }
            return new Result(cut ? Outcome.UNKNOWN : Outcome.CLEAN, seen.size(), transitions, deepest, List.of(),
                    null, false);
        }

        /** Tries every awake thread of the node's world; a result when the search ends there. */
        private Result expand(Node node) {
            World w = node.world();
            int depth = node.depth();
            boolean first = !expanded.get(node.id());
            expanded.set(node.id());
            deepest = Math.max(deepest, depth);
            budget.exploring(seen.size(), transitions, deepest, queue.size());
            peakQueue = Math.max(peakQueue, queue.size() + 1);
            int asleep = sleepSets ? seen.asleep(node.id()) : 0;
            Footprint[] tried = new Footprint[names.size()];
            int canMove = 0;
            int mover = -1;
            boolean unfinished = false;
            boolean waits = false;
            for (int i = 0; i < names.size(); i++) {
                Task t = w.tasks().get(names.get(i));
                if (t.done()) {
                    continue;
                }
                unfinished = true;
                if (bit(asleep, i) || (!first && !bit(node.todo(), i))) {
                    canMove++;    // asleep here, or tried at the first expansion: it can move
                    mover = i;
                    continue;
                }
                Moves.Tried move = moves.step(w, names.get(i), t, node.pendingOf(i));
                if (move.blockedOn() != null) {
                    waits |= move.blockedOn().kind() == Lock.Kind.WAIT;
                    continue;
                }
                canMove++;
                mover = i;
                transitions++;
                if (!move.violations().isEmpty() && budget.everyKind()) {
                    move.violations().forEach(v -> kinds.add(v.kind()));
                    tried[i] = move.footprint();
                    continue;
                }
                if (!move.violations().isEmpty()) {
                    List<Move> path = path(node.id());
                    path.add(moves.replay(w, names.get(i), t, move.fused()).move());
                    return new Result(Outcome.VIOLATION, seen.size(), transitions, path.size(), path,
                            move.violations().get(0), false);
                }
                Result r = reach(node, i, move, asleep, tried);
                if (r != null) {
                    return r;
                }
                tried[i] = move.footprint();
            }
            if (!first) {
                return null;
            }
            // Where one thread alone can move, it may go round a retry for ever: the schedule ends here, and the
            // thread is run last (as a stuck thread is): a scheduled fault then waits for a change that never comes.
            Violation v = !unfinished ? finalCheck(w, others) : canMove == 0 ? stuck(w, names, waits)
                    : canMove == 1 ? spins.forever(w, mover) : null;
            if (v != null && budget.everyKind()) {
                kinds.add(v.kind());
                return null;
            }
            if (v != null) {
                List<Move> path = path(node.id());
                return new Result(Outcome.VIOLATION, seen.size(), transitions, path.size(), path, v, unfinished);
            }
            return null;
        }

        /**
         * Records the world thread {@code i}'s move reached from the node's, with the threads asleep there: those
         * asleep here or tried here before it, whose steps commute with the move. A result when a bound ends the
         * search.
         */
        private Result reach(Node node, int i, Moves.Tried move, int asleep, Footprint[] tried) {
            int sleeping = 0;
            Footprint[] sleepers = null;
            if (sleepSets) {
                sleepers = new Footprint[names.size()];
                for (int j = 0; j < names.size(); j++) {
                    Footprint f = bit(asleep, j) ? node.sleepers()[j] : tried[j];
                    if (f != null && !f.conflicts(move.footprint())) {
                        sleeping |= 1 << j;
                        sleepers[j] = f;
                    }
                }
            }
            World next = move.next();
            long fingerprint = next.fingerprint();
            if (budget.maxDepth() > 0 && node.depth() >= budget.maxDepth()) {
                cut |= !seen.contains(fingerprint);
                return null;
            }
            if (seen.size() >= maxStates && !seen.contains(fingerprint)) {
                return new Result(Outcome.UNKNOWN, seen.size(), transitions, deepest, List.of(), null, false);
            }
            int child = seen.add(fingerprint, node.id(), sleeping);
            if (child >= 0) {
                queue.add(new Node(next, child, node.depth() + 1, ALL, sleepers, i, move.pending()));
            } else if (sleepSets) {
                wake(-1 - child, next, node.depth() + 1, sleeping, sleepers);
            }
            return null;
        }

        /**
         * A world seen before is reached with only {@code sleeping} asleep: the threads asleep there before and not
         * now must be tried there, at once if it waits in the queue, by a second expansion if it was expanded.
         */
        private void wake(int id, World w, int depth, int sleeping, Footprint[] sleepers) {
            int was = seen.asleep(id);
            int now = was & sleeping;
            if (now == was) {
                return;
            }
            seen.asleep(id, now);
            if (expanded.get(id)) {
                queue.add(new Node(w, id, depth, was & ~now, sleepers));
            }
        }

        /**
         * The moves from the start to world {@code id}, each with the steps it completed: each found again by trying
         * the threads' moves from its parent until one reaches its fingerprint (the visited set keeps no moves).
         */
        private List<Move> path(int id) {
            List<Integer> ids = new ArrayList<>();
            for (int at = id; seen.parent(at) >= 0; at = seen.parent(at)) {
                ids.add(at);
            }
            java.util.Collections.reverse(ids);
            List<Move> out = new ArrayList<>();
            World w = start;
            for (int at : ids) {
                Moves.Replayed move = moves.reaching(w, names, seen.fingerprint(at));
                out.add(move.move());
                w = move.next();
            }
            return out;
        }
    }

    private static boolean bit(int set, int i) {
        return (set >>> i & 1) != 0;
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
}
