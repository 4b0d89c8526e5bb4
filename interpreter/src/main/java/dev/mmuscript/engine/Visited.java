package dev.mmuscript.engine;

import java.util.Arrays;

/**
 * The explorer's visited set: the 64-bit fingerprints of the worlds seen, in a primitive open-addressing table
 * (linear probing, at most 3/4 full), and for each world in the order it was first seen its parent and the
 * thread that moved to reach it, so that a schedule is found again by walking back. About 16 bytes a world; no
 * world is kept here.
 */
final class Visited {
    /** Stands for the empty slot; a world whose fingerprint is 0 is stored as {@link #ZERO_STANDS_IN}. */
    private static final long EMPTY = 0;
    private static final long ZERO_STANDS_IN = 0x9E3779B97F4A7C15L;

    private long[] table = new long[1 << 12];
    private int filled;
    private int[] parents = new int[1 << 10];
    private byte[] moved = new byte[1 << 10];
    private int size;

    /** How many worlds have been seen. */
    int size() {
        return size;
    }

    /**
     * Records a world reached from {@code parent} (-1: the start) by a step of thread {@code thread}: its id, or
     * -1 if it was seen before.
     */
    int add(long fingerprint, int parent, int thread) {
        long fp = fingerprint == EMPTY ? ZERO_STANDS_IN : fingerprint;
        int mask = table.length - 1;
        int i = (int) (fp ^ (fp >>> 32)) & mask;
        while (table[i] != EMPTY) {
            if (table[i] == fp) {
                return -1;
            }
            i = (i + 1) & mask;
        }
        table[i] = fp;
        if (++filled * 4 > table.length * 3) {
            grow();
        }
        if (size == parents.length) {
            parents = Arrays.copyOf(parents, size * 2);
            moved = Arrays.copyOf(moved, size * 2);
        }
        parents[size] = parent;
        moved[size] = (byte) thread;
        return size++;
    }

    /** Whether a world with this fingerprint was seen. */
    boolean contains(long fingerprint) {
        long fp = fingerprint == EMPTY ? ZERO_STANDS_IN : fingerprint;
        int mask = table.length - 1;
        for (int i = (int) (fp ^ (fp >>> 32)) & mask; table[i] != EMPTY; i = (i + 1) & mask) {
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

    /** Bytes held per world seen (the table, the parent links and the moves). */
    double bytesPerWorld() {
        return size == 0 ? 0 : (table.length * 8.0 + parents.length * 5.0) / size;
    }

    private void grow() {
        long[] old = table;
        table = new long[old.length * 2];
        int mask = table.length - 1;
        for (long fp : old) {
            if (fp != EMPTY) {
                int i = (int) (fp ^ (fp >>> 32)) & mask;
                while (table[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                table[i] = fp;
            }
        }
    }
}
