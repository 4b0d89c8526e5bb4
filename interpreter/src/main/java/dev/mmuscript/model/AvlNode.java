package dev.mmuscript.model;

import java.util.function.BiConsumer;

/**
 * A node of {@link PMap}'s persistent AVL tree (one entry, the subtree's height and size, and, computed the first
 * time they are asked for and kept, the entry's fingerprint and the sum of the subtree's: a sequential run that
 * never asks pays nothing for them, and a map changed by one put computes only its O(log n) new nodes') and the
 * tree algorithms: path-copying insert, replace and delete with rotations, in-order walks, and a cursor that can
 * skip a subtree shared by two versions of a map.
 */
final class AvlNode {
    final Object key;
    final Object val;
    final AvlNode left;
    final AvlNode right;
    final int height;
    final int size;
    /** The entry's fingerprint, and the subtree's sum of them, once {@link #known} says so (bits 1 and 2). */
    private long fp;
    private long sum;
    private byte known;

    AvlNode(Object key, Object val, AvlNode left, AvlNode right) {
        this.key = key;
        this.val = val;
        this.left = left;
        this.right = right;
        this.height = Math.max(height(left), height(right)) + 1;
        this.size = size(left) + size(right) + 1;
    }

    AvlNode with(AvlNode l, AvlNode r) {
        if (l == left && r == right) {
            return this;
        }
        AvlNode n = new AvlNode(key, val, l, r);
        n.fp = fp;
        n.known = (byte) (known & 1);
        return n;
    }

    /** The entry's fingerprint ({@link #entryFp}). */
    long fp() {
        if ((known & 1) == 0) {
            fp = entryFp(key, val);
            known |= 1;
        }
        return fp;
    }

    /** The fingerprint of one entry of a map, whatever the map's form: its key's and value's, mixed. */
    static long entryFp(Object key, Object val) {
        return Fingerprint.mix(Fingerprint.of(key) * 0x9E3779B97F4A7C15L + Fingerprint.of(val));
    }

    /** A balanced tree of the entries {@code from} (inclusive) to {@code to} (exclusive) of sorted arrays: O(n). */
    static AvlNode ofSorted(Object[] keys, Object[] vals, int from, int to) {
        if (from >= to) {
            return null;
        }
        int mid = (from + to) >>> 1;
        return new AvlNode(keys[mid], vals[mid], ofSorted(keys, vals, from, mid), ofSorted(keys, vals, mid + 1, to));
    }

    /** Writes the subtree's entries, in order, into the arrays from index {@code at}; returns the next index. */
    static int toSorted(AvlNode n, Object[] keys, Object[] vals, int at) {
        while (n != null) {
            at = toSorted(n.left, keys, vals, at);
            keys[at] = n.key;
            vals[at] = n.val;
            at++;
            n = n.right;
        }
        return at;
    }

    /** The sum of the fingerprints of the subtree's entries (0 for no subtree). */
    static long sum(AvlNode n) {
        if (n == null) {
            return 0;
        }
        if ((n.known & 2) == 0) {
            n.sum = n.fp() + sum(n.left) + sum(n.right);
            n.known |= 2;
        }
        return n.sum;
    }

    static int height(AvlNode n) {
        return n == null ? 0 : n.height;
    }

    static int size(AvlNode n) {
        return n == null ? 0 : n.size;
    }

    /**
     * Insert or replace in one descent: {@code n} itself when {@code key} already maps to {@code val} (the same
     * object), else the new subtree (rebalanced only when it grew).
     */
    @SuppressWarnings("unchecked")
    static <K extends Comparable<K>> AvlNode put(AvlNode n, K key, Object val) {
        if (n == null) {
            return new AvlNode(key, val, null, null);
        }
        int c = key.compareTo((K) n.key);
        if (c == 0) {
            return n.val == val ? n : new AvlNode(n.key, val, n.left, n.right);
        }
        if (c < 0) {
            AvlNode l = put(n.left, key, val);
            return l == n.left ? n : size(l) != size(n.left) ? balance(n, l, n.right) : n.with(l, n.right);
        }
        AvlNode r = put(n.right, key, val);
        return r == n.right ? n : size(r) != size(n.right) ? balance(n, n.left, r) : n.with(n.left, r);
    }

    @SuppressWarnings("unchecked")
    static <K extends Comparable<K>> AvlNode delete(AvlNode n, K key) {
        int c = key.compareTo((K) n.key);
        if (c < 0) {
            return balance(n, delete(n.left, key), n.right);
        }
        if (c > 0) {
            return balance(n, n.left, delete(n.right, key));
        }
        if (n.left == null) {
            return n.right;
        }
        if (n.right == null) {
            return n.left;
        }
        AvlNode min = n.right;
        while (min.left != null) {
            min = min.left;
        }
        return balance(min, n.left, deleteMin(n.right));
    }

    static AvlNode deleteMin(AvlNode n) {
        if (n.left == null) {
            return n.right;
        }
        return balance(n, deleteMin(n.left), n.right);
    }

    /** AvlNode {@code n}'s entry over the subtrees {@code l} and {@code r}, rotated back to AVL balance. */
    static AvlNode balance(AvlNode n, AvlNode l, AvlNode r) {
        int hl = height(l);
        int hr = height(r);
        if (hl > hr + 1) {
            if (height(l.left) >= height(l.right)) {
                return l.with(l.left, n.with(l.right, r));
            }
            AvlNode lr = l.right;
            return lr.with(l.with(l.left, lr.left), n.with(lr.right, r));
        }
        if (hr > hl + 1) {
            if (height(r.right) >= height(r.left)) {
                return r.with(n.with(l, r.left), r.right);
            }
            AvlNode rl = r.left;
            return rl.with(n.with(l, rl.left), r.with(rl.right, r.right));
        }
        return n.with(l, r);
    }

    @SuppressWarnings("unchecked")
    static <K extends Comparable<K>, V> void forEachIn(AvlNode n, K from, K to, BiConsumer<K, V> action) {
        while (n != null) {
            K k = (K) n.key;
            boolean aboveFrom = k.compareTo(from) >= 0;
            boolean belowTo = k.compareTo(to) < 0;
            if (aboveFrom && belowTo) {
                forEachIn(n.left, from, to, action);
                action.accept(k, (V) n.val);
                n = n.right;
            } else if (aboveFrom) {
                n = n.left;
            } else {
                n = n.right;
            }
        }
    }

    @SuppressWarnings("unchecked")
    static <K, V> void forEach(AvlNode n, BiConsumer<K, V> action) {
        while (n != null) {
            forEach(n.left, action);
            action.accept((K) n.key, (V) n.val);
            n = n.right;
        }
    }

    /**
     * An in-order walk that keeps what is left as a stack of whole subtrees and single entries, so that a walk of
     * another version of the map can skip, whole, a subtree both have next.
     */
    static final class Cursor {
        private AvlNode[] nodes = new AvlNode[16];
        private boolean[] whole = new boolean[16];
        private int top;

        Cursor(AvlNode root) {
            push(root, true);
        }

        private void push(AvlNode n, boolean subtree) {
            if (n == null) {
                return;
            }
            if (top == nodes.length) {
                nodes = java.util.Arrays.copyOf(nodes, top * 2);
                whole = java.util.Arrays.copyOf(whole, top * 2);
            }
            nodes[top] = n;
            whole[top] = subtree;
            top++;
        }

        /** Replaces the subtree on top by its left subtree, its entry and its right subtree. */
        private void expand() {
            AvlNode n = nodes[--top];
            push(n.right, true);
            push(n, false);
            push(n.left, true);
        }

        /** The next entry (expanding subtrees as needed), or null at the end; it stays on top. */
        AvlNode next() {
            while (top > 0 && whole[top - 1]) {
                expand();
            }
            return top == 0 ? null : nodes[top - 1];
        }

        AvlNode take() {
            AvlNode n = next();
            if (n != null) {
                top--;
            }
            return n;
        }

        /** While both tops are subtrees, pops the ones they share and opens the taller of the others. */
        void skipSharedWith(Cursor o) {
            while (top > 0 && o.top > 0 && whole[top - 1] && o.whole[o.top - 1]) {
                AvlNode x = nodes[top - 1];
                AvlNode y = o.nodes[o.top - 1];
                if (x == y) {
                    top--;
                    o.top--;
                } else if (x.height >= y.height) {
                    expand();
                } else {
                    o.expand();
                }
            }
        }
    }
}
