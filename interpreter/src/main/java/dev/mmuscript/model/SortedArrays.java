package dev.mmuscript.model;

/**
 * The array form of a small {@link PMap}: binary search over a sorted key array, and copies of an array with one
 * slot replaced, inserted or a run of slots removed (the values' and the fingerprints' arrays follow the keys').
 */
final class SortedArrays {
    /** Up to this many String keys, a look-up first scans for the key object itself. */
    private static final int SCAN = 8;
    private SortedArrays() {
    }

    /**
     * The index of {@code key}, or {@code -(insertion point + 1)} when absent (as {@code Arrays.binarySearch}).
     * Long and String keys (frames, pages, names: most look-ups) are compared without a call through Comparable,
     * whose call site, shared by every key type, the JIT cannot inline; a key that is the very object found (a name
     * from the script) needs no comparison at all.
     */
    @SuppressWarnings("unchecked")
    static <K extends Comparable<K>> int index(Object[] keys, K key) {
        if (key instanceof Long l) {
            return indexOfLong(keys, l);
        }
        if (key instanceof String s) {
            return indexOfString(keys, s);
        }
        int lo = 0;
        int hi = keys.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Object at = keys[mid];
            int c = at == key ? 0 : ((K) at).compareTo(key);
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

    private static int indexOfLong(Object[] keys, long key) {
        int lo = 0;
        int hi = keys.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long at = (Long) keys[mid];
            if (at < key) {
                lo = mid + 1;
            } else if (at > key) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    private static int indexOfString(Object[] keys, String key) {
        if (keys.length <= SCAN) {
            // Names come interned from the script: in a small map (a driver's variables, a script's instances and
            // processes) a scan for the very object is cheaper than a binary search that compares strings.
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == key) {
                    return i;
                }
            }
        }
        int lo = 0;
        int hi = keys.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Object at = keys[mid];
            int c = at == key ? 0 : ((String) at).compareTo(key);
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
