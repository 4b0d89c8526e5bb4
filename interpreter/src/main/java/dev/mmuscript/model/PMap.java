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
 * rest with the map it came from. Iteration is in key order, so output never depends on hashing. Its 64-bit
 * fingerprint is the sum of its entries', each node keeping its subtree's sum once asked: {@link #fingerprint()}
 * and {@link #hashCode()} cost the nodes made since the last time (O(log n) a put), nothing in a run that never
 * asks, and depend on the content only, never on the history that built the tree. {@link #diff} walks two
 * versions of a map and skips the subtrees they share, so derived indexes can follow a change in O(changes log n).
 * <p>
 * Written here rather than taken from a library: the persistent sorted maps of PCollections, Vavr and Paguro
 * compute hashCode by walking every entry (O(n) per state hashed) and have neither a 64-bit incremental fingerprint
 * nor a diff that skips shared subtrees, which the explorer and the reverse maps of {@link MachineState} need.
 */
public final class PMap<K extends Comparable<K>, V> implements Iterable<Map.Entry<K, V>>, Fingerprint.Fingerprinted {
    private static final PMap<?, ?> EMPTY = new PMap<>(null);

    private final AvlNode root;

    private PMap(AvlNode root) {
        this.root = root;
    }

    @SuppressWarnings("unchecked")
    public static <K extends Comparable<K>, V> PMap<K, V> empty() {
        return (PMap<K, V>) EMPTY;
    }

    // ---------------------------------------------------------------- look-ups

    @SuppressWarnings("unchecked")
    private AvlNode find(K key) {
        AvlNode n = root;
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
        AvlNode n = find(key);
        return n == null ? null : (V) n.val;
    }

    public boolean containsKey(K key) {
        return find(key) != null;
    }

    /** The value of the greatest key at or below {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public V floorValue(K key) {
        AvlNode n = root;
        AvlNode best = null;
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
        AvlNode n = root;
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
        AvlNode.forEachIn(root, from, to, action);
    }

    // ---------------------------------------------------------------- updates

    public PMap<K, V> put(K key, V value) {
        // Only the same value keeps the map: comparing a new value with the old one would cost as much as the put
        // (a Process holds whole page tables); an equal value gives an equal map all the same.
        AvlNode now = AvlNode.put(root, key, value);
        return now == root ? this : new PMap<>(now);
    }

    public PMap<K, V> remove(K key) {
        AvlNode old = find(key);
        if (old == null) {
            return this;
        }
        return new PMap<>(AvlNode.delete(root, key));
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

    // ---------------------------------------------------------------- whole-map views

    public int size() {
        return AvlNode.size(root);
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
        AvlNode.forEach(root, action);
    }

    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
        return new Iterator<>() {
            private final AvlNode.Cursor cursor = new AvlNode.Cursor(root);

            @Override
            public boolean hasNext() {
                return cursor.next() != null;
            }

            @Override
            @SuppressWarnings("unchecked")
            public Map.Entry<K, V> next() {
                AvlNode n = cursor.take();
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
        AvlNode.Cursor a = new AvlNode.Cursor(root);
        AvlNode.Cursor b = new AvlNode.Cursor(now.root);
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
                if (x != y && x.val != y.val && !x.val.equals(y.val)) {
                    out.changed((K) x.key, (V) x.val, (V) y.val);
                }
            }
        }
    }

    // ---------------------------------------------------------------- value semantics

    /**
     * A 64-bit fingerprint of the content (keys and values): the explorer's key for a state. It is the sum of the
     * entries' fingerprints, kept in the tree's nodes once computed, so a map one put made from another costs its
     * O(log n) new nodes.
     */
    @Override
    public long fingerprint() {
        return Fingerprint.mix(AvlNode.sum(root) + size() * 0xD6E8FEB86659FD93L);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PMap<?, ?> other) || other.size() != size()) {
            return false;
        }
        AvlNode.Cursor a = new AvlNode.Cursor(root);
        AvlNode.Cursor b = new AvlNode.Cursor(other.root);
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
