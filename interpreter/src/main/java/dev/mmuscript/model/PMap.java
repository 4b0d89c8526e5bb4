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
 * An immutable sorted map in one of two forms. A small map (up to {@link #MAX_ARRAY} entries: the pages of a
 * script's process, its shadow table, its TLBs) is two sorted arrays, copied on update: a binary search and a copy
 * of a few hundred bytes beat a tree's path copy at that size. A bigger one is a persistent AVL tree
 * ({@link AvlNode}), so a put or remove copies one path (O(log n)) and shares the rest with the map it came from;
 * it goes back to arrays when it shrinks to {@link #MIN_TREE} entries (half the limit, so a map at the edge does
 * not switch at every update). Which form a map has depends on its history, never what it says: iteration is in
 * key order in both, so output never depends on hashing, and equality and the fingerprint are of the content.
 * <p>
 * The 64-bit fingerprint is the sum of the entries' ({@link AvlNode#entryFp}), computed once asked and kept: in the
 * tree, each node keeps its subtree's sum; in the arrays, the map keeps each entry's, and a map made from one that
 * knows them knows its own at the cost of the entry that changed. So {@link #fingerprint()} and {@link #hashCode()}
 * cost the entries changed since the last time, nothing in a run that never asks. {@link #diff} walks two versions
 * of a map and skips the subtrees they share, so derived indexes can follow a change in O(changes log n).
 * <p>
 * Written here rather than taken from a library: the persistent sorted maps of PCollections, Vavr and Paguro
 * compute hashCode by walking every entry (O(n) per state hashed) and have neither a 64-bit incremental fingerprint
 * nor a diff that skips shared subtrees, which the explorer and the reverse maps of {@link MachineState} need.
 */
public final class PMap<K extends Comparable<K>, V> implements Iterable<Map.Entry<K, V>>, Fingerprint.Fingerprinted {
    /** The most entries a map keeps in the array form; one more makes it a tree. */
    static final int MAX_ARRAY = 64;
    /** A tree that shrinks to this many entries goes back to the array form. */
    static final int MIN_TREE = MAX_ARRAY / 2;

    private static final Object[] NONE = new Object[0];
    private static final PMap<?, ?> EMPTY = new PMap<>(NONE, NONE, null);

    /** The array form's sorted keys and their values (null in the tree form). */
    private final Object[] keys;
    private final Object[] vals;
    /** The tree form's root (null in the array form). */
    private final AvlNode root;
    /** The array form's entry fingerprints and their sum, once asked (the tree keeps its own in its nodes). */
    private EntryFps fps;

    private PMap(Object[] keys, Object[] vals, EntryFps fps) {
        this.keys = keys;
        this.vals = vals;
        this.root = null;
        this.fps = fps;
    }

    private PMap(AvlNode root) {
        this.keys = null;
        this.vals = null;
        this.root = root;
    }

    @SuppressWarnings("unchecked")
    public static <K extends Comparable<K>, V> PMap<K, V> empty() {
        return (PMap<K, V>) EMPTY;
    }

    /** True in the tree form (tests check that both forms, and the switches between them, agree). */
    boolean isTree() {
        return root != null;
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
        if (root == null) {
            int i = SortedArrays.index(keys, key);
            return i >= 0 ? (V) vals[i] : null;
        }
        AvlNode n = find(key);
        return n == null ? null : (V) n.val;
    }

    public boolean containsKey(K key) {
        return root == null ? SortedArrays.index(keys, key) >= 0 : find(key) != null;
    }

    /** The value of the greatest key at or below {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public V floorValue(K key) {
        if (root == null) {
            int i = SortedArrays.index(keys, key);
            int at = i >= 0 ? i : -(i + 1) - 1;
            return at < 0 ? null : (V) vals[at];
        }
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
        if (root == null) {
            return keys.length == 0 ? null : (K) keys[0];
        }
        AvlNode n = root;
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
    @SuppressWarnings("unchecked")
    public void forEachIn(K from, K to, BiConsumer<K, V> action) {
        if (root != null) {
            AvlNode.forEachIn(root, from, to, action);
            return;
        }
        for (int i = SortedArrays.lowerBound(keys, from); i < keys.length && ((K) keys[i]).compareTo(to) < 0; i++) {
            action.accept((K) keys[i], (V) vals[i]);
        }
    }

    // ---------------------------------------------------------------- updates

    public PMap<K, V> put(K key, V value) {
        // Only the same value keeps the map: comparing a new value with the old one would cost as much as the put
        // (a Process holds whole page tables); an equal value gives an equal map all the same.
        if (root != null) {
            AvlNode now = AvlNode.put(root, key, value);
            return now == root ? this : new PMap<>(now);
        }
        int i = SortedArrays.index(keys, key);
        if (i >= 0) {
            if (vals[i] == value) {
                return this;
            }
            EntryFps f = fps;
            return new PMap<>(keys, SortedArrays.replaced(vals, i, value), f == null ? null
                    : f.replaced(i, AvlNode.entryFp(key, value)));
        }
        int at = -(i + 1);
        Object[] nk = SortedArrays.inserted(keys, at, key);
        Object[] nv = SortedArrays.inserted(vals, at, value);
        if (nk.length > MAX_ARRAY) {
            return new PMap<>(AvlNode.ofSorted(nk, nv, 0, nk.length));
        }
        EntryFps f = fps;
        return new PMap<>(nk, nv, f == null ? null : f.inserted(at, AvlNode.entryFp(key, value)));
    }

    public PMap<K, V> remove(K key) {
        if (root == null) {
            int i = SortedArrays.index(keys, key);
            return i < 0 ? this : withoutSlots(i, i + 1);
        }
        if (find(key) == null) {
            return this;
        }
        return ofTree(AvlNode.delete(root, key));
    }

    /** A tree after a removal: back to arrays once small. */
    private static <K extends Comparable<K>, V> PMap<K, V> ofTree(AvlNode n) {
        int size = AvlNode.size(n);
        if (size > MIN_TREE) {
            return new PMap<>(n);
        }
        Object[] k = new Object[size];
        Object[] v = new Object[size];
        AvlNode.toSorted(n, k, v, 0);
        return new PMap<>(k, v, null);
    }

    /** The array form without the slots from {@code from} (inclusive) to {@code to} (exclusive). */
    private PMap<K, V> withoutSlots(int from, int to) {
        if (from >= to) {
            return this;
        }
        EntryFps f = fps;
        return new PMap<>(SortedArrays.removed(keys, from, to), SortedArrays.removed(vals, from, to),
                f == null ? null : f.removed(from, to));
    }

    /** Removes the keys from {@code from} (inclusive) to {@code to} (exclusive): O(hits log n). */
    public PMap<K, V> removeIn(K from, K to) {
        if (root == null) {
            return withoutSlots(SortedArrays.lowerBound(keys, from), SortedArrays.lowerBound(keys, to));
        }
        PMap<K, V> out = this;
        for (K k : keysIn(from, to)) {
            out = out.remove(k);
        }
        return out;
    }

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
        return root == null ? keys.length : root.size;
    }

    public boolean isEmpty() {
        return root == null && keys.length == 0;
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

    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<K, V> action) {
        if (root != null) {
            AvlNode.forEach(root, action);
            return;
        }
        for (int i = 0; i < keys.length; i++) {
            action.accept((K) keys[i], (V) vals[i]);
        }
    }

    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
        Sorted s = sorted();
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < s.keys().length;
            }

            @Override
            @SuppressWarnings("unchecked")
            public Map.Entry<K, V> next() {
                if (i >= s.keys().length) {
                    throw new NoSuchElementException();
                }
                i++;
                return new AbstractMap.SimpleImmutableEntry<>((K) s.keys()[i - 1], (V) s.vals()[i - 1]);
            }
        };
    }

    /** The entries in key order as two arrays: the array form's own (never written to), or the tree's, copied. */
    private record Sorted(Object[] keys, Object[] vals) {
    }

    private Sorted sorted() {
        if (root == null) {
            return new Sorted(keys, vals);
        }
        Object[] k = new Object[root.size];
        Object[] v = new Object[root.size];
        AvlNode.toSorted(root, k, v, 0);
        return new Sorted(k, v);
    }

    // ---------------------------------------------------------------- diff and equality

    /** What {@link #diff} reports: an entry only in the old map, only in the new one, or in both with new value. */
    public interface Changes<K, V> {
        void removed(K key, V was);

        void added(K key, V now);

        void changed(K key, V was, V now);
    }

    /**
     * Reports how {@code now} differs from this map, in key order. Between two trees, the subtrees they share (the
     * parts a put or remove did not copy) are skipped whole, so the cost follows the changes, not the size; between
     * arrays, or a tree and arrays, it is a merge of two small or rare walks.
     */
    public void diff(PMap<K, V> now, Changes<K, V> out) {
        if (now == this) {
            return;
        }
        if (root != null && now.root != null) {
            PMapWalks.diffTrees(root, now.root, out);
        } else {
            Sorted a = sorted();
            Sorted b = now.sorted();
            PMapWalks.diffSorted(a.keys(), a.vals(), b.keys(), b.vals(), out);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PMap<?, ?> other) || other.size() != size()) {
            return false;
        }
        if (root != null && other.root != null) {
            return PMapWalks.equalTrees(root, other.root);
        }
        Sorted a = sorted();
        Sorted b = other.sorted();
        return PMapWalks.equalSorted(a.keys(), a.vals(), b.keys(), b.vals());
    }

    // ---------------------------------------------------------------- value semantics

    /**
     * A 64-bit fingerprint of the content (keys and values): the explorer's key for a state. It is the sum of the
     * entries' fingerprints, kept once computed, so a map one put made from another costs its new entries' only.
     */
    @Override
    public long fingerprint() {
        return Fingerprint.mix(fingerprintSum() + size() * 0xD6E8FEB86659FD93L);
    }

    private long fingerprintSum() {
        if (root != null) {
            return AvlNode.sum(root);
        }
        if (keys.length == 0) {
            // Never cached on the empty map: it is shared by the whole process, and every map built from a map
            // with cached fingerprints keeps them up to date, a cost a run that never asks must not pay.
            return 0;
        }
        EntryFps f = fps;
        if (f == null) {
            f = EntryFps.of(keys, vals);
            fps = f;
        }
        return f.sum();
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
