package dev.mmuscript.engine;

import java.util.Arrays;

/**
 * The explorer's visited set: the 64-bit fingerprints of the worlds seen, in a primitive open-addressing table
 * (linear probing, at most 3/4 full, each slot the fingerprint and the world's id), and for each world in the order
 * it was first seen: its parent, the thread that moved to reach it and how many local steps that move fused, and
 * the threads asleep there (partial-order reduction: their steps commute with the move that led here, so another
 * order reaches what they would). No world is kept here.
 */
final class Visited {
    /** Stands for the empty slot; a world whose fingerprint is 0 is stored as {@link #ZERO_STANDS_IN}. */
    private static final long EMPTY = 0;
    private static final long ZERO_STANDS_IN = 0x9E3779B97F4A7C15L;

    private long[] table = new long[1 << 12];
    private int[] ids = new int[1 << 12];
    private int filled;
    private int[] parents = new int[1 << 10];
    private byte[] moved = new byte[1 << 10];
    private byte[] fused = new byte[1 << 10];
    private int[] asleep = new int[1 << 10];
    private int size;

    /** How many worlds have been seen. */
    int size() {
        return size;
    }

    /**
     * Records a world reached from {@code parent} (-1: the start) by a step of thread {@code thread} that fused
     * {@code fusedSteps} local steps after it, with the threads {@code asleep} there: its id; or, if it was seen
     * before, {@code -1 - id} of the world seen.
     */
    int add(long fingerprint, int parent, int thread, int fusedSteps, int sleeping) {
        long fp = fingerprint == EMPTY ? ZERO_STANDS_IN : fingerprint;
        int mask = table.length - 1;
        int i = slot(fp, mask);
        while (table[i] != EMPTY) {
            if (table[i] == fp) {
                return -1 - ids[i];
            }
            i = (i + 1) & mask;
        }
        table[i] = fp;
        ids[i] = size;
        if (size == parents.length) {
            parents = Arrays.copyOf(parents, size * 2);
            moved = Arrays.copyOf(moved, size * 2);
            fused = Arrays.copyOf(fused, size * 2);
            asleep = Arrays.copyOf(asleep, size * 2);
        }
        parents[size] = parent;
        moved[size] = (byte) thread;
        fused[size] = (byte) fusedSteps;
        asleep[size] = sleeping;
        if (++filled * 4 > table.length * 3) {
            grow();
        }
        return size++;
    }

    /** Records a world with no sleeping threads and no fused steps: its id, or {@code -1 - id} if seen. */
    int add(long fingerprint, int parent, int thread) {
        return add(fingerprint, parent, thread, 0, 0);
    }

    /** Whether a world with this fingerprint was seen. */
    boolean contains(long fingerprint) {
        long fp = fingerprint == EMPTY ? ZERO_STANDS_IN : fingerprint;
        int mask = table.length - 1;
        for (int i = slot(fp, mask); table[i] != EMPTY; i = (i + 1) & mask) {
            if (table[i] == fp) {
                return true;
            }
        }
        return false;
    }

    int parent(int id) {
        return parents[id];
    }

    int thread(int id) {
        return moved[id];
    }

    /** How many local steps the move into world {@code id} fused after its step. */
    int fused(int id) {
        return fused[id];
    }

    /** The threads asleep at world {@code id}, one bit each. */
    int asleep(int id) {
        return asleep[id];
    }

    void asleep(int id, int threads) {
        asleep[id] = threads;
    }

    /** Bytes held per world seen (the table with its ids, the parent links, the moves and the sleep sets). */
    double bytesPerWorld() {
        return size == 0 ? 0 : (table.length * 12.0 + parents.length * 10.0) / size;
    }

    private static int slot(long fp, int mask) {
        return (int) (fp ^ (fp >>> 32)) & mask;
    }

    private void grow() {
        long[] old = table;
        int[] oldIds = ids;
        table = new long[old.length * 2];
        ids = new int[old.length * 2];
        int mask = table.length - 1;
        for (int j = 0; j < old.length; j++) {
            long fp = old[j];
            if (fp != EMPTY) {
                int i = slot(fp, mask);
                while (table[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                table[i] = fp;
                ids[i] = oldIds[j];
            }
        }
    }
}
