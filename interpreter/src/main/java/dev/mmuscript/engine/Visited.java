package dev.mmuscript.engine;

import java.util.Arrays;

/**
 * The explorer's visited set: the 64-bit fingerprints of the worlds seen, and for each world, in the order it was
 * first seen (its id): its parent, and the threads asleep there (partial-order reduction: their steps commute with
 * the move that led here, so another order reaches what they would). No world is kept here, nor the move that
 * reached it: a schedule is found again by trying each thread's move from the parent until one reaches the
 * child's fingerprint ({@link Explorer}).
 *
 * <p>Laid out for memory, about 18 bytes a world (design §4.3; SPIN keeps a whole state vector): the fingerprints,
 * parents and sleep sets in arrays of chunks indexed by id (8, 4 and 1 bytes; the first chunk doubles from 64
 * worlds, later chunks are whole: no copying and no doubled slack once a search is large), and an open-addressing
 * table of ints (linear probing, grown by half when 9/10 full, so it is at least 6/10 full: under 7 bytes a world).
 * A slot holds the world's id and 5 more bits of its fingerprint, so that a probe reads a fingerprint only when
 * those bits match.
 */
final class Visited {
    /** The most worlds one search may see: ids take 27 bits of a slot (an explore stops at 100,000,000). */
    static final int MAX_WORLDS = (1 << 27) - 2;
    private static final int ID_BITS = 27;
    private static final int ID_MASK = (1 << ID_BITS) - 1;
    private static final int CHUNK_BITS = 12;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private int[] table = new int[64];
    private long[][] fingerprints = new long[1][];
    private int[][] parents = new int[1][];
    private final boolean wideSleepSets;
    private byte[][] narrowAsleep = new byte[1][];
    private int[][] wideAsleep = new int[1][];
    private int size;

    /** A visited set whose sleep sets name threads 0 to 7 (one byte a world). */
    Visited() {
        this(8);
    }

    /** A visited set for an explore of {@code threads} threads (sleep sets of more than eight take four bytes). */
    Visited(int threads) {
        this.wideSleepSets = threads > 8;
    }

    /** How many worlds have been seen. */
    int size() {
        return size;
    }

    /**
     * Records a world reached from {@code parent} (-1: the start) with the threads {@code sleeping} there (one bit
     * each): its id; or, if it was seen before, {@code -1 - id} of the world seen.
     */
    int add(long fingerprint, int parent, int sleeping) {
        int i = slot(fingerprint);
        int tag = tag(fingerprint);
        for (int entry = table[i]; entry != 0; entry = table[i]) {
            if ((entry & ~ID_MASK) == tag && fingerprint((entry & ID_MASK) - 1) == fingerprint) {
                return -1 - ((entry & ID_MASK) - 1);
            }
            i = next(i);
        }
        if (size == MAX_WORLDS) {
            throw new IllegalStateException("more than " + MAX_WORLDS + " worlds");
        }
        int id = size++;
        if (id < CHUNK ? id == firstChunkLength() : (id & (CHUNK - 1)) == 0) {
            newChunk(id >>> CHUNK_BITS);
        }
        fingerprints[id >>> CHUNK_BITS][id & (CHUNK - 1)] = fingerprint;
        parents[id >>> CHUNK_BITS][id & (CHUNK - 1)] = parent;
        asleep(id, sleeping);
        table[i] = tag | (id + 1);
        if (size * 10L > table.length * 9L) {
            grow();
        }
        return id;
    }

    /** Whether a world with this fingerprint was seen. */
    boolean contains(long fingerprint) {
        int tag = tag(fingerprint);
        for (int i = slot(fingerprint), entry = table[i]; entry != 0; i = next(i), entry = table[i]) {
            if ((entry & ~ID_MASK) == tag && fingerprint((entry & ID_MASK) - 1) == fingerprint) {
                return true;
            }
        }
        return false;
    }

    long fingerprint(int id) {
        return fingerprints[id >>> CHUNK_BITS][id & (CHUNK - 1)];
    }

    int parent(int id) {
        return parents[id >>> CHUNK_BITS][id & (CHUNK - 1)];
    }

    /** The threads asleep at world {@code id}, one bit each. */
    int asleep(int id) {
        return wideSleepSets ? wideAsleep[id >>> CHUNK_BITS][id & (CHUNK - 1)]
                : narrowAsleep[id >>> CHUNK_BITS][id & (CHUNK - 1)] & 0xff;
    }

    void asleep(int id, int threads) {
        if (wideSleepSets) {
            wideAsleep[id >>> CHUNK_BITS][id & (CHUNK - 1)] = threads;
        } else {
            narrowAsleep[id >>> CHUNK_BITS][id & (CHUNK - 1)] = (byte) threads;
        }
    }

    /** Bytes held per world seen: the table, and the chunks of fingerprints, parents and sleep sets. */
    double bytesPerWorld() {
        if (size == 0) {
            return 0;
        }
        long slots = firstChunkLength() + ((size - 1L) >>> CHUNK_BITS) * CHUNK;
        return (table.length * 4.0 + slots * (8 + 4 + (wideSleepSets ? 4 : 1))) / size;
    }

    private int firstChunkLength() {
        return fingerprints[0] == null ? 0 : fingerprints[0].length;
    }

    /**
     * Makes room for chunk {@code c}: the first chunk starts at 64 worlds and doubles up to a whole chunk (a small
     * explore holds little), every later one is whole at once.
     */
    private void newChunk(int c) {
        if (c == 0) {
            int length = Math.min(CHUNK, Math.max(64, firstChunkLength() * 2));
            fingerprints[0] = fingerprints[0] == null ? new long[length] : Arrays.copyOf(fingerprints[0], length);
            parents[0] = parents[0] == null ? new int[length] : Arrays.copyOf(parents[0], length);
            if (wideSleepSets) {
                wideAsleep[0] = wideAsleep[0] == null ? new int[length] : Arrays.copyOf(wideAsleep[0], length);
            } else {
                narrowAsleep[0] = narrowAsleep[0] == null ? new byte[length] : Arrays.copyOf(narrowAsleep[0], length);
            }
            return;
        }
        if (c == fingerprints.length) {
            fingerprints = Arrays.copyOf(fingerprints, c * 2);
            parents = Arrays.copyOf(parents, c * 2);
            narrowAsleep = Arrays.copyOf(narrowAsleep, c * 2);
            wideAsleep = Arrays.copyOf(wideAsleep, c * 2);
        }
        fingerprints[c] = new long[CHUNK];
        parents[c] = new int[CHUNK];
        if (wideSleepSets) {
            wideAsleep[c] = new int[CHUNK];
        } else {
            narrowAsleep[c] = new byte[CHUNK];
        }
    }

    /** The first slot to probe: the high half of the fingerprint scaled to the table (any length works). */
    private int slot(long fp) {
        return (int) (((fp >>> 32) * table.length) >>> 32);
    }

    private int next(int i) {
        return i + 1 == table.length ? 0 : i + 1;
    }

    /** Five low bits of the fingerprint, above the id. */
    private static int tag(long fp) {
        return (int) (fp & 0x1f) << ID_BITS;
    }

    private void grow() {
        int[] old = table;
        table = new int[old.length + old.length / 2];
        for (int entry : old) {
            if (entry != 0) {
                int i = slot(fingerprint((entry & ID_MASK) - 1));
                while (table[i] != 0) {
                    i = next(i);
                }
                table[i] = entry;
            }
        }
    }
}
