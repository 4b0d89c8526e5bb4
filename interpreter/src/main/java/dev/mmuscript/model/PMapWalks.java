package dev.mmuscript.model;

/**
 * The walks of two versions of a {@link PMap} side by side, for {@link PMap#diff} and {@link PMap#equals}: between
 * two trees, with cursors that skip the subtrees both share; otherwise, a merge of two sorted arrays.
 */
final class PMapWalks {
    private PMapWalks() {
    }

    /** True when a value changed: not the same object, and not equal. */
    private static boolean differ(Object was, Object now) {
        return was != now && !was.equals(now);
    }

    @SuppressWarnings("unchecked")
    static <K extends Comparable<K>, V> void diffTrees(AvlNode was, AvlNode now, PMap.Changes<K, V> out) {
        AvlNode.Cursor a = new AvlNode.Cursor(was);
        AvlNode.Cursor b = new AvlNode.Cursor(now);
        while (true) {
            a.skipSharedWith(b);
            AvlNode x = a.next();
            AvlNode y = b.next();
            if (x == null && y == null) {
                return;
            }
            int c = x == null ? 1 : y == null ? -1 : ((K) x.key).compareTo((K) y.key);
            if (c < 0) {
                out.removed((K) x.key, (V) a.take().val);
            } else if (c > 0) {
                out.added((K) y.key, (V) b.take().val);
            } else {
                a.take();
                b.take();
                if (x != y && differ(x.val, y.val)) {
                    out.changed((K) x.key, (V) x.val, (V) y.val);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    static <K extends Comparable<K>, V> void diffSorted(Object[] wasKeys, Object[] wasVals, Object[] nowKeys,
            Object[] nowVals, PMap.Changes<K, V> out) {
        int i = 0;
        int j = 0;
        while (i < wasKeys.length || j < nowKeys.length) {
            int c = i == wasKeys.length ? 1 : j == nowKeys.length ? -1
                    : wasKeys[i] == nowKeys[j] ? 0 : ((K) wasKeys[i]).compareTo((K) nowKeys[j]);
            if (c < 0) {
                out.removed((K) wasKeys[i], (V) wasVals[i]);
                i++;
            } else if (c > 0) {
                out.added((K) nowKeys[j], (V) nowVals[j]);
                j++;
            } else {
                if (differ(wasVals[i], nowVals[j])) {
                    out.changed((K) wasKeys[i], (V) wasVals[i], (V) nowVals[j]);
                }
                i++;
                j++;
            }
        }
    }

    static boolean equalTrees(AvlNode one, AvlNode other) {
        AvlNode.Cursor a = new AvlNode.Cursor(one);
        AvlNode.Cursor b = new AvlNode.Cursor(other);
        while (true) {
            a.skipSharedWith(b);
            AvlNode x = a.take();
            AvlNode y = b.take();
            if (x == null || y == null) {
                return x == y;
            }
            if (x != y && !(x.key.equals(y.key) && x.val.equals(y.val))) {
                return false;
            }
        }
    }

    /** Equal sorted arrays of the same length: equal keys and values, slot by slot. */
    static boolean equalSorted(Object[] keys, Object[] vals, Object[] otherKeys, Object[] otherVals) {
        for (int i = 0; i < keys.length; i++) {
            if (differ(keys[i], otherKeys[i]) || differ(vals[i], otherVals[i])) {
                return false;
            }
        }
        return true;
    }
}
