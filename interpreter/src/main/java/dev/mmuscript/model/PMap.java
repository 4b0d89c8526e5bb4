package dev.mmuscript.model;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * An immutable sorted map: two sorted arrays, copied on update. The maps of the machine are small (the pages of
 * one process, the entries of one shadow table), so a copy is a few hundred bytes; unchanged maps are shared
 * between states. Iteration is in key order, so output never depends on hashing; the hash is cached.
 */
public final class PMap<K extends Comparable<K>, V> implements Iterable<Map.Entry<K, V>> {
    private static final PMap<?, ?> EMPTY = new PMap<>(new Object[0], new Object[0]);

    private final Object[] keys;
    private final Object[] vals;
    private int hash;

    private PMap(Object[] keys, Object[] vals) {
        this.keys = keys;
        this.vals = vals;
    }

    @SuppressWarnings("unchecked")
    public static <K extends Comparable<K>, V> PMap<K, V> empty() {
        return (PMap<K, V>) EMPTY;
    }

    @SuppressWarnings("unchecked")
    private int index(K key) {
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

    @SuppressWarnings("unchecked")
    public V get(K key) {
        int i = index(key);
        return i >= 0 ? (V) vals[i] : null;
    }

    public boolean containsKey(K key) {
        return index(key) >= 0;
    }

    public PMap<K, V> put(K key, V value) {
        int i = index(key);
        if (i >= 0) {
            if (vals[i].equals(value)) {
                return this;
            }
            Object[] nv = vals.clone();
            nv[i] = value;
            return new PMap<>(keys, nv);
        }
        int at = -(i + 1);
        Object[] nk = new Object[keys.length + 1];
        Object[] nv = new Object[vals.length + 1];
        System.arraycopy(keys, 0, nk, 0, at);
        System.arraycopy(vals, 0, nv, 0, at);
        nk[at] = key;
        nv[at] = value;
        System.arraycopy(keys, at, nk, at + 1, keys.length - at);
        System.arraycopy(vals, at, nv, at + 1, vals.length - at);
        return new PMap<>(nk, nv);
    }

    public PMap<K, V> remove(K key) {
        int i = index(key);
        if (i < 0) {
            return this;
        }
        Object[] nk = new Object[keys.length - 1];
        Object[] nv = new Object[vals.length - 1];
        System.arraycopy(keys, 0, nk, 0, i);
        System.arraycopy(vals, 0, nv, 0, i);
        System.arraycopy(keys, i + 1, nk, i, keys.length - i - 1);
        System.arraycopy(vals, i + 1, nv, i, vals.length - i - 1);
        return new PMap<>(nk, nv);
    }

    @SuppressWarnings("unchecked")
    public PMap<K, V> removeIf(Predicate<K> test) {
        PMap<K, V> out = this;
        for (Object k : keys) {
            if (test.test((K) k)) {
                out = out.remove((K) k);
            }
        }
        return out;
    }

    public int size() {
        return keys.length;
    }

    public boolean isEmpty() {
        return keys.length == 0;
    }

    @SuppressWarnings("unchecked")
    public List<K> keys() {
        List<K> out = new ArrayList<>(keys.length);
        for (Object k : keys) {
            out.add((K) k);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public List<V> values() {
        List<V> out = new ArrayList<>(vals.length);
        for (Object v : vals) {
            out.add((V) v);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<K, V> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept((K) keys[i], (V) vals[i]);
        }
    }

    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
        return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < keys.length;
            }

            @Override
            @SuppressWarnings("unchecked")
            public Map.Entry<K, V> next() {
                if (i >= keys.length) {
                    throw new NoSuchElementException();
                }
                Map.Entry<K, V> e = new AbstractMap.SimpleImmutableEntry<>((K) keys[i], (V) vals[i]);
                i++;
                return e;
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PMap<?, ?> other) || other.keys.length != keys.length || other.hashCode() != hashCode()) {
            return false;
        }
        return Arrays.equals(keys, other.keys) && Arrays.equals(vals, other.vals);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 31 * Arrays.hashCode(keys) + Arrays.hashCode(vals);
            hash = h == 0 ? 1 : h;
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < keys.length; i++) {
            out.append(i == 0 ? "" : ", ").append(keys[i]).append('=').append(vals[i]);
        }
        return out.append('}').toString();
    }
}
