package dev.mmuscript.model;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * An immutable sorted map: a persistent AVL tree, so a put or remove copies one path (O(log n)) and shares the
 * rest with the map it came from. Iteration is in key order, so output never depends on hashing. The map keeps the
 * sum of its entries' 64-bit fingerprints, updated on every change: {@link #fingerprint()} and {@link #hashCode()}
 * cost O(1) and depend on the content only, never on the history that built the tree. {@link #diff} walks two
 * versions of a map and skips the subtrees they share, so derived indexes can follow a change in O(changes log n).
 * <p>
 * Written here rather than taken from a library: the persistent sorted maps of PCollections, Vavr and Paguro
 * compute hashCode by walking every entry (O(n) per state hashed) and have neither a 64-bit incremental fingerprint
 * nor a diff that skips shared subtrees, which the explorer and the reverse maps of {@link MachineState} need.
 */
public final class PMap<K extends Comparable<K>, V> implements Iterable<Map.Entry<K, V>>, Fingerprint.Fingerprinted {
    private static final PMap<?, ?> EMPTY = new PMap<>(null, 0);

    /** A tree node: one entry, its fingerprint, and the subtree's height and size. */
    private static final class Node {
        final Object key;
        final Object val;
        final long fp;
        final Node left;
        final Node right;
        final int height;
        final int size;

        Node(Object key, Object val, long fp, Node left, Node right) {
            this.key = key;
            this.val = val;
            this.fp = fp;
            this.left = left;
            this.right = right;
            this.height = Math.max(height(left), height(right)) + 1;
            this.size = size(left) + size(right) + 1;
        }

        Node with(Node l, Node r) {
            return l == left && r == right ? this : new Node(key, val, fp, l, r);
        }
    }

    private final Node root;
    private final long sum;

    private PMap(Node root, long sum) {
        this.root = root;
        this.sum = sum;
    }

    @SuppressWarnings("unchecked")
    public static <K extends Comparable<K>, V> PMap<K, V> empty() {
        return (PMap<K, V>) EMPTY;
    }

    private static int height(Node n) {
        return n == null ? 0 : n.height;
    }

    private static int size(Node n) {
        return n == null ? 0 : n.size;
    }

    /** The fingerprint of one entry: the key's and the value's, mixed so that swapping them changes it. */
    private static long entryFp(Object key, Object val) {
        return Fingerprint.mix(Fingerprint.of(key) * 0x9E3779B97F4A7C15L + Fingerprint.of(val));
    }

    // ---------------------------------------------------------------- look-ups

    @SuppressWarnings("unchecked")
    private Node find(K key) {
        Node n = root;
        while (n != null) {
            int c = key.compareTo((K) n.key);
            if (c == 0) {
                return n;
            }
            n = c < 0 ? n.left : n.right;
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    public V get(K key) {
        Node n = find(key);
        return n == null ? null : (V) n.val;
    }

    public boolean containsKey(K key) {
        return find(key) != null;
    }

    /** The value of the greatest key at or below {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public V floorValue(K key) {
        Node n = root;
        Node best = null;
        while (n != null) {
            int c = key.compareTo((K) n.key);
            if (c == 0) {
                return (V) n.val;
            }
            if (c < 0) {
                n = n.left;
            } else {
                best = n;
                n = n.right;
            }
        }
        return best == null ? null : (V) best.val;
    }

    /** The least key, or null when empty. */
    @SuppressWarnings("unchecked")
    public K firstKey() {
        Node n = root;
        if (n == null) {
            return null;
        }
        while (n.left != null) {
            n = n.left;
        }
        return (K) n.key;
    }

    /** The keys from {@code from} (inclusive) to {@code to} (exclusive), in order: O(log n + hits). */
    public List<K> keysIn(K from, K to) {
        List<K> out = new ArrayList<>();
        forEachIn(from, to, (k, v) -> out.add(k));
        return out;
    }

    /** Visits the entries with keys from {@code from} (inclusive) to {@code to} (exclusive), in order. */
    public void forEachIn(K from, K to, BiConsumer<K, V> action) {
        forEachIn(root, from, to, action);
    }

    @SuppressWarnings("unchecked")
    private static <K extends Comparable<K>, V> void forEachIn(Node n, K from, K to, BiConsumer<K, V> action) {
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

    // ---------------------------------------------------------------- updates

    public PMap<K, V> put(K key, V value) {
        long fp = entryFp(key, value);
        Node old = find(key);
        if (old != null) {
            if (old.val == value || old.fp == fp && old.val.equals(value)) {
                return this;
            }
            return new PMap<>(replace(root, key, value, fp), sum - old.fp + fp);
        }
        return new PMap<>(insert(root, key, value, fp), sum + fp);
    }

    public PMap<K, V> remove(K key) {
        Node old = find(key);
        if (old == null) {
            return this;
        }
        return new PMap<>(delete(root, key), sum - old.fp);
    }

    /** Removes the keys from {@code from} (inclusive) to {@code to} (exclusive): O(hits log n). */
    public PMap<K, V> removeIn(K from, K to) {
        PMap<K, V> out = this;
        for (K k : keysIn(from, to)) {
            out = out.remove(k);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public PMap<K, V> removeIf(Predicate<K> test) {
        PMap<K, V> out = this;
        for (K k : keys()) {
            if (test.test(k)) {
                out = out.remove(k);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <K extends Comparable<K>> Node replace(Node n, K key, Object val, long fp) {
        int c = key.compareTo((K) n.key);
        if (c == 0) {
            return new Node(n.key, val, fp, n.left, n.right);
        }
        return c < 0 ? n.with(replace(n.left, key, val, fp), n.right) : n.with(n.left, replace(n.right, key, val, fp));
    }

    @SuppressWarnings("unchecked")
    private static <K extends Comparable<K>> Node insert(Node n, K key, Object val, long fp) {
        if (n == null) {
            return new Node(key, val, fp, null, null);
        }
        int c = key.compareTo((K) n.key);
        return c < 0 ? balance(n, insert(n.left, key, val, fp), n.right)
                : balance(n, n.left, insert(n.right, key, val, fp));
    }

    @SuppressWarnings("unchecked")
    private static <K extends Comparable<K>> Node delete(Node n, K key) {
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
        Node min = n.right;
        while (min.left != null) {
            min = min.left;
        }
        return balance(min, n.left, deleteMin(n.right));
    }

    private static Node deleteMin(Node n) {
        if (n.left == null) {
            return n.right;
        }
        return balance(n, deleteMin(n.left), n.right);
    }

    /** Node {@code n}'s entry over the subtrees {@code l} and {@code r}, rotated back to AVL balance. */
    private static Node balance(Node n, Node l, Node r) {
        int hl = height(l);
        int hr = height(r);
        if (hl > hr + 1) {
            if (height(l.left) >= height(l.right)) {
                return l.with(l.left, n.with(l.right, r));
            }
            Node lr = l.right;
            return lr.with(l.with(l.left, lr.left), n.with(lr.right, r));
        }
        if (hr > hl + 1) {
            if (height(r.right) >= height(r.left)) {
                return r.with(n.with(l, r.left), r.right);
            }
            Node rl = r.left;
            return rl.with(n.with(l, rl.left), r.with(rl.right, r.right));
        }
        return n.with(l, r);
    }

    // ---------------------------------------------------------------- whole-map views

    public int size() {
        return size(root);
    }

    public boolean isEmpty() {
        return root == null;
    }

    public List<K> keys() {
        List<K> out = new ArrayList<>(size());
        forEach((k, v) -> out.add(k));
        return out;
    }

    public List<V> values() {
        List<V> out = new ArrayList<>(size());
        forEach((k, v) -> out.add(v));
        return out;
    }

    public void forEach(BiConsumer<K, V> action) {
        forEach(root, action);
    }

    @SuppressWarnings("unchecked")
    private static <K, V> void forEach(Node n, BiConsumer<K, V> action) {
        while (n != null) {
            forEach(n.left, action);
            action.accept((K) n.key, (V) n.val);
            n = n.right;
        }
    }

    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
        return new Iterator<>() {
            private final Cursor cursor = new Cursor(root);

            @Override
            public boolean hasNext() {
                return cursor.next() != null;
            }

            @Override
            @SuppressWarnings("unchecked")
            public Map.Entry<K, V> next() {
                Node n = cursor.take();
                if (n == null) {
                    throw new NoSuchElementException();
                }
                return new AbstractMap.SimpleImmutableEntry<>((K) n.key, (V) n.val);
            }
        };
    }

    // ---------------------------------------------------------------- diff

    /** What {@link #diff} reports: an entry only in the old map, only in the new one, or in both with new value. */
    public interface Changes<K, V> {
        void removed(K key, V was);

        void added(K key, V now);

        void changed(K key, V was, V now);
    }

    /**
     * Reports how {@code now} differs from this map, in key order. Subtrees the two maps share (the parts a put
     * or remove did not copy) are skipped whole, so the cost follows the changes, not the size.
     */
    @SuppressWarnings("unchecked")
    public void diff(PMap<K, V> now, Changes<K, V> out) {
        if (now.root == root) {
            return;
        }
        Cursor a = new Cursor(root);
        Cursor b = new Cursor(now.root);
        while (true) {
            a.skipSharedWith(b);
            Node x = a.next();
            Node y = b.next();
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
                if (x != y && x.val != y.val && !(x.fp == y.fp && x.val.equals(y.val))) {
                    out.changed((K) x.key, (V) x.val, (V) y.val);
                }
            }
        }
    }

    /**
     * An in-order walk that keeps what is left as a stack of whole subtrees and single entries, so that a walk of
     * another version of the map can skip, whole, a subtree both have next.
     */
    private static final class Cursor {
        private Node[] nodes = new Node[16];
        private boolean[] whole = new boolean[16];
        private int top;

        Cursor(Node root) {
            push(root, true);
        }

        private void push(Node n, boolean subtree) {
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
            Node n = nodes[--top];
            push(n.right, true);
            push(n, false);
            push(n.left, true);
        }

        /** The next entry (expanding subtrees as needed), or null at the end; it stays on top. */
        Node next() {
            while (top > 0 && whole[top - 1]) {
                expand();
            }
            return top == 0 ? null : nodes[top - 1];
        }

        Node take() {
            Node n = next();
            if (n != null) {
                top--;
            }
            return n;
        }

        /** While both tops are subtrees, pops the ones they share and opens the taller of the others. */
        void skipSharedWith(Cursor o) {
            while (top > 0 && o.top > 0 && whole[top - 1] && o.whole[o.top - 1]) {
                Node x = nodes[top - 1];
                Node y = o.nodes[o.top - 1];
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

    // ---------------------------------------------------------------- value semantics

    /** A 64-bit fingerprint of the content (keys and values), O(1): the explorer's key for a state. */
    @Override
    public long fingerprint() {
        return Fingerprint.mix(sum + size() * 0xD6E8FEB86659FD93L);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PMap<?, ?> other) || other.size() != size() || other.sum != sum) {
            return false;
        }
        Cursor a = new Cursor(root);
        Cursor b = new Cursor(other.root);
        while (true) {
            a.skipSharedWith(b);
            Node x = a.take();
            Node y = b.take();
            if (x == null || y == null) {
                return x == y;
            }
            if (x != y && !(x.key.equals(y.key) && x.fp == y.fp && x.val.equals(y.val))) {
                return false;
            }
        }
    }

    @Override
    public int hashCode() {
        long f = fingerprint();
        return (int) (f ^ (f >>> 32));
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        forEach((k, v) -> out.append(out.length() == 1 ? "" : ", ").append(k).append('=').append(v));
        return out.append('}').toString();
    }
}
