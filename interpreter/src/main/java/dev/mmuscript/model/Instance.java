package dev.mmuscript.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A secondary MMU: one attached instance of a driver (or a scripted notifier) on one process. It owns a shadow
 * table, its variables, its locks (name to holder, "" when free), and the ranges whose range_start it has been
 * delivered without the matching range_end yet.
 */
public record Instance(String name, String driver, String proc, PMap<Long, ShadowEntry> shadow,
        PMap<String, Long> vars, PMap<String, String> locks, List<Range> open, boolean attached)
        implements Fingerprint.Fingerprinted {

    public Instance withShadow(PMap<Long, ShadowEntry> s) {
        return new Instance(name, driver, proc, s, vars, locks, open, attached);
    }

    public Instance withVar(String var, long value) {
        return new Instance(name, driver, proc, shadow, vars.put(var, value), locks, open, attached);
    }

    public Instance withLock(String lock, String holder) {
        return new Instance(name, driver, proc, shadow, vars, locks.put(lock, holder), open, attached);
    }

    public Instance withOpen(Range r) {
        List<Range> o = new ArrayList<>(open);
        o.add(r);
        return new Instance(name, driver, proc, shadow, vars, locks, List.copyOf(o), attached);
    }

    /** Closes the oldest open range equal to {@code r}; an end for a range that is not open closes nothing. */
    public Instance withClosed(Range r) {
        if (!open.contains(r)) {
            return this;
        }
        List<Range> o = new ArrayList<>(open);
        o.remove(r);
        return new Instance(name, driver, proc, shadow, vars, locks, List.copyOf(o), attached);
    }

    public Instance withAttached(boolean a) {
        return new Instance(name, driver, proc, shadow, vars, locks, open, a);
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
        return h;
    }
}
