package dev.mmuscript.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A secondary MMU: one attached instance of a driver (or a scripted notifier) on one process. It owns a shadow
 * table, its variables, its locks (name to holder, "" when free), the ranges whose range_start it has been
 * delivered without the matching range_end yet, and the page references its handlers took with {@code gup} and
 * have not put ({@code refs}: pfn to count).
 */
public record Instance(String name, String driver, String proc, PMap<Long, ShadowEntry> shadow,
        PMap<String, Long> vars, PMap<String, String> locks, List<Range> open, boolean attached,
        PMap<Long, Long> refs) implements Fingerprint.Fingerprinted {

    /** A new instance holds no page references. */
    public Instance(String name, String driver, String proc, PMap<Long, ShadowEntry> shadow,
            PMap<String, Long> vars, PMap<String, String> locks, List<Range> open, boolean attached) {
        this(name, driver, proc, shadow, vars, locks, open, attached, PMap.empty());
    }

    /** One more ({@code delta} 1) or one fewer (-1) gup reference to {@code pfn}. */
    public Instance withRef(long pfn, int delta) {
        Long had = refs.get(pfn);
        long now = (had == null ? 0 : had) + delta;
        return new Instance(name, driver, proc, shadow, vars, locks, open, attached,
                now <= 0 ? refs.remove(pfn) : refs.put(pfn, now));
    }

    public Instance withShadow(PMap<Long, ShadowEntry> s) {
        return new Instance(name, driver, proc, s, vars, locks, open, attached, refs);
    }

    public Instance withVar(String var, long value) {
        return new Instance(name, driver, proc, shadow, vars.put(var, value), locks, open, attached, refs);
    }

    public Instance withLock(String lock, String holder) {
        return new Instance(name, driver, proc, shadow, vars, locks.put(lock, holder), open, attached, refs);
    }

    public Instance withOpen(Range r) {
        List<Range> o = new ArrayList<>(open);
        o.add(r);
        return new Instance(name, driver, proc, shadow, vars, locks, List.copyOf(o), attached, refs);
    }

    /** Closes the oldest open range equal to {@code r}; an end for a range that is not open closes nothing. */
    public Instance withClosed(Range r) {
        if (!open.contains(r)) {
            return this;
        }
        List<Range> o = new ArrayList<>(open);
        o.remove(r);
        return new Instance(name, driver, proc, shadow, vars, locks, List.copyOf(o), attached, refs);
    }

    public Instance withAttached(boolean a) {
        return new Instance(name, driver, proc, shadow, vars, locks, open, a, refs);
    }

    public boolean inOpenInvalidation(long va) {
        for (Range r : open) {
            if (r.contains(va)) {
                return true;
            }
        }
        return false;
    }

    /** A 64-bit fingerprint of every field ({@link Fingerprint}). */
    @Override
    public long fingerprint() {
        long h = 0x51ED270D0251L;
        h = Fingerprint.add(h, name);
        h = Fingerprint.add(h, driver);
        h = Fingerprint.add(h, proc);
        h = Fingerprint.add(h, shadow);
        h = Fingerprint.add(h, vars);
        h = Fingerprint.add(h, locks);
        h = Fingerprint.add(h, open);
        h = Fingerprint.add(h, attached);
        h = Fingerprint.add(h, refs);
        return h;
    }
}
