package dev.mmuscript.engine;

import dev.mmuscript.engine.Explorer.World;
import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Violation;
import dev.mmuscript.ops.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The explorer's livelocks: a thread that goes round a retry for ever. A fault waits for a change in a scheduled
 * run; in an explore it retries at once ({@link Machine#exploring()}), so a retry nothing can unblock is a cycle of
 * worlds, found by running the thread alone where it is the only one that can move.
 */
final class Spins {
    /** How many moves a thread runs alone, at most, before it is taken for one that goes somewhere. */
    private static final int MAX_ALONE_MOVES = 10_000;

    private final Moves moves;
    private final List<String> names;
    /** The worlds each thread ran through alone (with the thread): a run that reaches one ends as that one did. */
    private final Set<Long> checked = new HashSet<>();

    Spins(Moves moves, List<String> names) {
        this.moves = moves;
        this.names = names;
    }

    /**
     * {@code livelock} when thread {@code i}, the only explored thread that can move in {@code w}, can never get
     * further: run alone from {@code w}, it goes round a cycle in which it is told to retry, and at no world of the
     * cycle can another explored thread move; so it goes round for ever. Null otherwise.
     */
    Violation forever(World w, int i) {
        String name = names.get(i);
        Map<Long, Integer> passed = new HashMap<>();
        List<World> path = new ArrayList<>();
        List<Boolean> retries = new ArrayList<>();
        World at = w;
        for (int n = 0; n < MAX_ALONE_MOVES; n++) {
            Integer was = passed.putIfAbsent(at.fingerprint(), n);
            if (was != null) {
                return retries.subList(was, n).contains(true) && nobodyElseIn(path.subList(was, n), i)
                        ? new Violation("livelock", name, -1, -1, name + " retries for ever: each attempt ends"
                                + " where it began, and nothing else can move") : null;
            }
            if (!checked.add(Fingerprint.add(at.fingerprint(), i + 1))) {
                return null;    // this thread ran alone from here before
            }
            Task t = at.tasks().get(name);
            if (t.done()) {
                return null;
            }
            Moves.Tried move = moves.step(at, name, t);
            if (move.blockedOn() != null || !move.violations().isEmpty()) {
                return null;
            }
            path.add(at);
            retries.add(move.retried());
            at = move.next();
        }
        return null;
    }

    private boolean nobodyElseIn(List<World> cycle, int i) {
        for (World c : cycle) {
            if (othersCanMove(c, i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether an explored thread other than the {@code i}th can move in {@code w}. */
    private boolean othersCanMove(World w, int i) {
        for (int j = 0; j < names.size(); j++) {
            Task other = w.tasks().get(names.get(j));
            if (j != i && !other.done() && moves.enabled(w, names.get(j), other)) {
                return true;
            }
        }
        return false;
    }
}
