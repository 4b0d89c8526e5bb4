package dev.mmuscript.model;

/**
 * The array form of a small {@link PMap}: binary search over a sorted key array, and copies of an array with one
 * slot replaced, inserted or a run of slots removed (the values' and the fingerprints' arrays follow the keys').
 */
final class SortedArrays {
    private SortedArrays() {
    }

    /** The index of {@code key}, or {@code -(insertion point + 1)} when absent (as {@code Arrays.binarySearch}). */
    @SuppressWarnings("unchecked")
    static <K extends Comparable<K>> int index(Object[] keys, K key) {
        int lo = 0;
        int hi = keys.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = ((K) keys[mid]).compareTo(key);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /** The index of the first key at or above {@code key} (the length when none is). */
    static <K extends Comparable<K>> int lowerBound(Object[] keys, K key) {
        int i = index(keys, key);
        return i >= 0 ? i : -(i + 1);
    }

    static Object[] replaced(Object[] a, int i, Object x) {
        Object[] out = a.clone();
        out[i] = x;
        return out;
    }

    static Object[] inserted(Object[] a, int at, Object x) {
        Object[] out = new Object[a.length + 1];
        System.arraycopy(a, 0, out, 0, at);
        out[at] = x;
        System.arraycopy(a, at, out, at + 1, a.length - at);
        return out;
    }

    /** {@code a} without the slots from {@code from} (inclusive) to {@code to} (exclusive). */
    static Object[] removed(Object[] a, int from, int to) {
        Object[] out = new Object[a.length - (to - from)];
        System.arraycopy(a, 0, out, 0, from);
        System.arraycopy(a, to, out, from, a.length - to);
        return out;
    }

    static long[] replaced(long[] a, int i, long x) {
        long[] out = a.clone();
        out[i] = x;
        return out;
    }

    static long[] inserted(long[] a, int at, long x) {
        long[] out = new long[a.length + 1];
        System.arraycopy(a, 0, out, 0, at);
        out[at] = x;
        System.arraycopy(a, at, out, at + 1, a.length - at);
        return out;
    }

    static long[] removed(long[] a, int from, int to) {
        long[] out = new long[a.length - (to - from)];
        System.arraycopy(a, 0, out, 0, from);
        System.arraycopy(a, to, out, from, a.length - to);
        return out;
    }
}
