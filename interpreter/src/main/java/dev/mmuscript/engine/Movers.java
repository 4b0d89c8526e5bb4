package dev.mmuscript.engine;

import dev.mmuscript.model.Footprint;
import dev.mmuscript.ops.Lock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lipton's reduction for the explorer's moves (Lipton 1975; Flanagan and Qadeer's transactions; Stoller's locking
 * discipline, SPIN 2000): which way each step of a thread can be moved past the steps of the other threads, so that
 * a move can run a whole critical section at once. A step that takes a lock is a right mover (no other thread can
 * touch that lock until it is dropped), a step that drops one a left mover, and a step whose every access is
 * protected is both: an object no other thread touches, one no thread writes, or one whose conflicting accesses are
 * all made under a lock the step's thread holds. A move is right movers, then one step of any kind, then left
 * movers: every interleaving of the other threads with it is equivalent to one that runs it whole ({@link Moves}
 * lets only its first step take a lock, so that every thread about to take one ends a move: deadlocks stay
 * worlds).
 *
 * <p>What protects what is learned as the search goes (Eraser's lock sets, by object of the {@link Footprint}): each
 * access narrows its object's set. A step judged a mover leans on what was known then; if a later access narrows
 * that knowledge so that the judgement no longer holds, the search is {@link #invalid()} and must be run again
 * with what is now known, which only ever narrows (Stoller: a discipline that holds over the reduced state space
 * holds over the whole one, so a search that ends valid has missed nothing).
 */
final class Movers {
    enum Kind { RIGHT, LEFT, BOTH, NONE }

    /** Lock families tracked as bits of a long each way (held at all, held exclusively). */
    private static final int MAX_LOCKS = 64;
    /** Nothing known yet: every lock. */
    private static final long ALL = -1L;

    /** What the search has seen of one object. */
    private static final class Seen {
        int thread;
        boolean shared;
        boolean written;
        /** The locks held at every access (any mode, and exclusively), and at every write. */
        long accessAny = ALL;
        long accessExcl = ALL;
        long writeAny = ALL;
        long writeExcl = ALL;
        /** The accesses judged protected so far, as (thread, write, any, exclusive): re-judged when this narrows. */
        final List<long[]> relied = new ArrayList<>(2);

        Seen(int thread) {
            this.thread = thread;
        }
    }

    /** What is known of each object, by its 64-bit id: an open-addressing table (no boxing on the hot path). */
    private long[] ids = new long[64];
    private Seen[] known = new Seen[64];
    private int objects;
    private final Map<String, Integer> threads = new HashMap<>();
    private final Map<Lock, Integer> families = new HashMap<>();
    /** A step read or replaced the whole state: no object can be taken for protected any more. */
    private boolean whole;
    private boolean leaned;
    private boolean invalid;
    private int searches = 1;

    /** Whether a judgement that made a move longer no longer holds: the search must be run again. */
    boolean invalid() {
        return invalid;
    }

    /** A new search begins with what is known: the judgements it makes are its own. */
    void again() {
        forget();
        searches++;
    }

    /** What was learned stays; the judgements made so far are forgotten (they were made outside any search). */
    void forget() {
        for (Seen s : known) {
            if (s != null) {
                s.relied.clear();
            }
        }
        leaned = false;
        invalid = false;
    }

    /** From now on no object is taken for protected: only steps that touch nothing are fused. */
    void distrust() {
        whole = true;
    }

    /** How many searches ran, counting this one. */
    int searches() {
        return searches;
    }

    /**
     * Which way the step of thread {@code thread} that ran with {@code before} held and ended with {@code after}
     * held can move, given what it read and wrote; its accesses are learned from.
     */
    Kind classify(String thread, List<Lock> before, List<Lock> after, Footprint f) {
        if (f.whole()) {
            whole = true;
            invalid |= leaned;
            return Kind.NONE;
        }
        Lock took = before == after ? null : missing(after, before);
        Lock dropped = before == after ? null : missing(before, after);
        long any = 0;
        long excl = 0;
        for (int i = 0; i < before.size(); i++) {    // indexed: no iterator at every step
            Lock l = before.get(i);
            if (l.kind() != Lock.Kind.WAIT && (before == after || after.contains(l))) {
                int bit = family(l);
                any |= bit < 0 ? 0 : 1L << bit;
                excl |= bit < 0 || l.kind() == Lock.Kind.MMAP_READ ? 0 : 1L << bit;
            }
        }
        int t = threads.computeIfAbsent(thread, n -> threads.size());
        boolean protectedAll = true;
        boolean locksOwn = true;
        for (int i = 0; i < f.writeCount(); i++) {
            long o = f.written(i);
            if (Footprint.isLock(o)) {
                locksOwn &= isObjectOf(o, took) || isObjectOf(o, dropped);
            } else {
                protectedAll &= access(o, t, true, any, excl);
            }
        }
        for (int i = 0; i < f.readCount(); i++) {
            long o = f.read(i);
            if (Footprint.isLock(o)) {
                locksOwn &= isObjectOf(o, took) || isObjectOf(o, dropped);
            } else if (!wrote(f, o)) {
                protectedAll &= access(o, t, false, any, excl);
            }
        }
        Kind kind = !locksOwn || !protectedAll || took != null && dropped != null ? Kind.NONE
                : took != null ? Kind.RIGHT : dropped != null ? Kind.LEFT : Kind.BOTH;
        if (kind != Kind.NONE) {
            lean(f, t, any, excl);
        }
        return kind;
    }

    /** Learns one access; whether it is protected by what is known now (with it). */
    private boolean access(long object, int t, boolean write, long any, long excl) {
        Seen s = seen(object);
        if (s == null) {
            s = new Seen(t);
            remember(object, s);
        }
        boolean changed = false;
        if (s.thread != t && !s.shared) {
            s.shared = true;
            changed = true;
        }
        long accessAny = s.accessAny & any;
        long accessExcl = s.accessExcl & excl;
        changed |= accessAny != s.accessAny || accessExcl != s.accessExcl;
        s.accessAny = accessAny;
        s.accessExcl = accessExcl;
        if (write) {
            changed |= !s.written || (s.writeAny & any) != s.writeAny || (s.writeExcl & excl) != s.writeExcl;
            s.written = true;
            s.writeAny &= any;
            s.writeExcl &= excl;
        }
        if (changed) {
            for (long[] r : s.relied) {
                invalid |= !holds(s, (int) r[0], r[1] != 0, r[2], r[3]);
            }
        }
        return holds(s, t, write, any, excl);
    }

    /** Whether an access can move past every other thread's step, by what is known of its object. */
    private boolean holds(Seen s, int t, boolean write, long any, long excl) {
        if (whole) {
            return false;
        }
        if (!s.shared && s.thread == t || !write && !s.written) {
            return true;
        }
        return write ? excludes(any, excl, s.accessAny, s.accessExcl) : excludes(any, excl, s.writeAny, s.writeExcl);
    }

    /** Whether holding ({@code any}, {@code excl}) keeps out every access made with ({@code sAny}, {@code sExcl}). */
    private static boolean excludes(long any, long excl, long sAny, long sExcl) {
        return ((excl & sAny) | (any & sExcl)) != 0;
    }

    /** The step is taken for a mover: what it judged protected must stay so. */
    private void lean(Footprint f, int t, long any, long excl) {
        for (int i = 0; i < f.writeCount(); i++) {
            rely(f.written(i), t, true, any, excl);
        }
        for (int i = 0; i < f.readCount(); i++) {
            if (!wrote(f, f.read(i))) {
                rely(f.read(i), t, false, any, excl);
            }
        }
    }

    private void rely(long object, int t, boolean write, long any, long excl) {
        Seen s = seen(object);
        if (s == null) {
            return;    // a lock
        }
        leaned = true;
        for (long[] r : s.relied) {
            if (r[0] == t && (r[1] != 0) == write && r[2] == any && r[3] == excl) {
                return;
            }
        }
        s.relied.add(new long[] {t, write ? 1 : 0, any, excl});
    }

    private Seen seen(long object) {
        int mask = ids.length - 1;
        for (int i = slot(object, mask); known[i] != null; i = (i + 1) & mask) {
            if (ids[i] == object) {
                return known[i];
            }
        }
        return null;
    }

    private void remember(long object, Seen s) {
        if (++objects * 2 > ids.length) {
            long[] oldIds = ids;
            Seen[] old = known;
            ids = new long[oldIds.length * 2];
            known = new Seen[old.length * 2];
            for (int i = 0; i < old.length; i++) {
                if (old[i] != null) {
                    place(oldIds[i], old[i]);
                }
            }
        }
        place(object, s);
    }

    private void place(long object, Seen s) {
        int mask = ids.length - 1;
        int i = slot(object, mask);
        while (known[i] != null) {
            i = (i + 1) & mask;
        }
        ids[i] = object;
        known[i] = s;
    }

    private static int slot(long object, int mask) {
        long h = object * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }

    private static boolean wrote(Footprint f, long object) {
        for (int i = 0; i < f.writeCount(); i++) {
            if (f.written(i) == object) {
                return true;
            }
        }
        return false;
    }

    /** A lock in {@code in} and not in {@code not} (a wait is no lock); null when there is none. */
    private static Lock missing(List<Lock> in, List<Lock> not) {
        for (int i = 0; i < in.size(); i++) {
            Lock l = in.get(i);
            if (l.kind() != Lock.Kind.WAIT && !not.contains(l)) {
                return l;
            }
        }
        return null;
    }

    private static boolean isObjectOf(long object, Lock l) {
        return l != null && object == Footprint.lockObject(l.kind() == Lock.Kind.MMAP_READ
                || l.kind() == Lock.Kind.MMAP_WRITE, l.kind() == Lock.Kind.PTL, l.owner(), l.name());
    }

    /** The bit of a lock's family (a reader and a writer of one mmap_lock share it); -1 past {@link #MAX_LOCKS}. */
    private int family(Lock l) {
        Lock key = l.kind() == Lock.Kind.MMAP_WRITE ? Lock.mmap(l.owner(), false) : l;
        Integer bit = families.get(key);
        if (bit == null) {
            if (families.size() == MAX_LOCKS) {
                return -1;
            }
            bit = families.size();
            families.put(key, bit);
        }
        return bit;
    }
}
