package dev.mmuscript.ops;

import dev.mmuscript.model.Machine;
import java.util.ArrayList;
import java.util.List;

/**
 * The locks a run to its end has taken and not released yet, kept out of the machine while the run lasts (no
 * other thread can look before it ends: see {@link Exec}); those still held when it ends are published to the
 * machine then, as if taken there all along. Most runs release every lock they take, and publish nothing.
 */
final class HeldInside {
    private List<Lock> locks;
    private List<String> holders;

    void take(Lock l, String holder) {
        if (locks == null) {
            locks = new ArrayList<>(4);
            holders = new ArrayList<>(4);
        }
        locks.add(l);
        holders.add(holder);
    }

    /** Drops the latest hold of {@code l} taken in this run; false if this run did not take it. */
    boolean drop(Lock l) {
        int at = locks == null ? -1 : locks.lastIndexOf(l);
        if (at < 0) {
            return false;
        }
        locks.remove(at);
        holders.remove(at);
        return true;
    }

    /** Writes the locks still held to the machine, in the order they were taken. */
    void publish(Machine m) {
        if (locks == null) {
            return;
        }
        for (int i = 0; i < locks.size(); i++) {
            Locks.take(m, locks.get(i), holders.get(i));
        }
        locks = null;
        holders = null;
    }
}
