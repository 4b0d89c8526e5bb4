package dev.mmuscript.model;

/**
 * The fingerprints of the entries of a {@link PMap} in the array form, slot by slot, and their sum: computed the
 * first time the map's fingerprint is asked for, then carried over by each update at the cost of the slots it
 * changes (the tree form keeps the same sums in its nodes).
 */
record EntryFps(long[] each, long sum) {
    static EntryFps of(Object[] keys, Object[] vals) {
        long[] each = new long[keys.length];
        long sum = 0;
        for (int i = 0; i < keys.length; i++) {
            each[i] = AvlNode.entryFp(keys[i], vals[i]);
            sum += each[i];
        }
        return new EntryFps(each, sum);
    }

    EntryFps replaced(int i, long fp) {
        return new EntryFps(SortedArrays.replaced(each, i, fp), sum - each[i] + fp);
    }

    EntryFps inserted(int at, long fp) {
        return new EntryFps(SortedArrays.inserted(each, at, fp), sum + fp);
    }

    /** Without the slots from {@code from} (inclusive) to {@code to} (exclusive). */
    EntryFps removed(int from, int to) {
        long gone = 0;
        for (int i = from; i < to; i++) {
            gone += each[i];
        }
        return new EntryFps(SortedArrays.removed(each, from, to), sum - gone);
    }
}
