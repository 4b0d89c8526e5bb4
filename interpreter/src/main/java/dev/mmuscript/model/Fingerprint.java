package dev.mmuscript.model;

import java.util.List;

/**
 * 64-bit fingerprints of model values, consistent with {@code equals}: equal values have equal fingerprints, and
 * distinct values collide with probability about 2^-64 (splitmix64's finalizer mixes every field in). The explorer
 * keys its visited set on them; {@link PMap} keeps the sum of its entries' fingerprints so a put costs O(1) more.
 */
public final class Fingerprint {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long NULL = 0x5DEECE66DL;

    private Fingerprint() {
    }

    /** A value that knows its own fingerprint (records of the model, and anything the explorer stores). */
    public interface Fingerprinted {
        long fingerprint();
    }

    /** splitmix64's finalizer: every input bit flips about half the output bits. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Folds one more field into a running fingerprint; the order of fields matters. */
    public static long add(long h, long field) {
        return mix(h + GOLDEN + field * GOLDEN);
    }

    public static long add(long h, boolean field) {
        return add(h, field ? 1 : 2);
    }

    public static long add(long h, Object field) {
        return add(h, of(field));
    }

    /**
     * A Java hash from the fingerprint: for the records that write out their fingerprint, so that their hash takes
     * in what their fingerprint does and is not the record's own (linked by invokedynamic at its first call).
     */
    public static int hash(Fingerprinted value) {
        long f = value.fingerprint();
        return (int) (f ^ (f >>> 32));
    }

    /** The fingerprint of any value the model stores; an unknown type falls back on its (32-bit) hashCode. */
    public static long of(Object o) {
        if (o == null) {
            return NULL;
        }
        if (o instanceof Fingerprinted f) {
            return f.fingerprint();
        }
        if (o instanceof Long l) {
            return mix(l + GOLDEN);
        }
        if (o instanceof Integer i) {
            return mix(i + GOLDEN);
        }
        if (o instanceof String s) {
            return of(s);
        }
        if (o instanceof Boolean b) {
            return b ? 0x2545F4914F6CDD1DL : 0x1B873593L;
        }
        if (o instanceof List<?> l) {
            return of(l);
        }
        if (o instanceof Enum<?> e) {
            return of(e.name());
        }
        return mix(o.hashCode() ^ 0x632BE59BD9B4E019L);
    }

    /** A string's fingerprint, remembered: {@link #STRINGS}. */
    private record Remembered(String s, long fingerprint) {
    }

    /**
     * The fingerprints of the strings seen last, one slot per low bits of {@link String#hashCode} (which a string
     * keeps once computed). The model's names (a process, an instance, its driver, a lock, a thread) are a few
     * strings fingerprinted again each time what they name changes: millions of times a search. A slot is replaced
     * whole, so threads that share one see one string's entry or another's, and a miss only costs the fingerprint.
     */
    private static final Remembered[] STRINGS = new Remembered[1024];

    /** FNV-1a over the characters, then mixed; remembered for the strings seen last. */
    public static long of(String s) {
        int slot = s.hashCode() & (STRINGS.length - 1);
        Remembered r = STRINGS[slot];
        if (r != null && r.s() == s) {
            return r.fingerprint();
        }
        long fp = fnv(s);
        STRINGS[slot] = new Remembered(s, fp);
        return fp;
    }

    private static long fnv(String s) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001B3L;
        }
        return mix(h ^ s.length());
    }

    /** The model's lists are random-access (List.of, ArrayList): walked by index, with no iterator to allocate. */
    public static long of(List<?> list) {
        long h = 0x7A3B1C9D5E2F4A6BL + list.size();
        if (list instanceof java.util.RandomAccess) {
            for (int i = 0; i < list.size(); i++) {
                h = add(h, of(list.get(i)));
            }
            return h;
        }
        for (Object o : list) {
            h = add(h, of(o));
        }
        return h;
    }
}
