package dev.mmuscript.drivers;

import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.model.FrameRef;
import dev.mmuscript.model.PMap;

/**
 * The names a handler or an assertion sees, as a value: the callback's parameters, locals ({@code let}), the pages
 * it holds ({@code gup ... as NAME}), and its instance. The parameters are a fixed record, not map entries: every
 * callback sets all of them, and a handler call is on the hot path.
 */
public record Env(String instance, Params params, PMap<String, Long> locals, PMap<String, Page> pages)
        implements Fingerprint.Fingerprinted {
    /** The parameters of a callback: its range and page, the access, its blocking mode, an interval's sequence. */
    public record Params(long start, long end, long addr, long write, long nonblocking, long curSeq)
            implements Fingerprint.Fingerprinted {
        static final Params NONE = new Params(0, 0, 0, 0, 0, 0);

        /** A parameter by name, or null for a name that is not one. */
        Long get(String name) {
            int slot = slot(name);
            return slot < 0 ? null : value(slot);
        }

        /** Which parameter a name is (an argument for {@link #value}), or -1 for a name that is not one. */
        static int slot(String name) {
            return switch (name) {
                case "start" -> 0;
                case "end" -> 1;
                case "addr" -> 2;
                case "write" -> 3;
                case "nonblocking" -> 4;
                case "blockable" -> 5;
                case "cur_seq" -> 6;
                default -> -1;
            };
        }

        /** The value of parameter {@code slot} ({@link #slot}), unboxed: an expression reads one in every step. */
        long value(int slot) {
            return switch (slot) {
                case 0 -> start;
                case 1 -> end;
                case 2 -> addr;
                case 3 -> write;
                case 4 -> nonblocking;
                case 5 -> nonblocking == 0 ? 1L : 0L;
                default -> curSeq;
            };
        }

        /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
        @Override
        public int hashCode() {
            return Fingerprint.hash(this);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x436EEE7A9D51E651L;
            h = Fingerprint.add(h, start);
            h = Fingerprint.add(h, end);
            h = Fingerprint.add(h, addr);
            h = Fingerprint.add(h, write);
            h = Fingerprint.add(h, nonblocking);
            h = Fingerprint.add(h, curSeq);
            return h;
        }
    }

    public Env(String instance) {
        this(instance, null, PMap.empty(), PMap.empty());
    }

    /** A handler's names: its parameters, no locals or pages yet. */
    public static Env of(String instance, Params params) {
        return new Env(instance, params, PMap.empty(), PMap.empty());
    }

    /** What a name means here: a local, then a parameter; null if neither. */
    public Long lookup(String name) {
        Long local = locals.get(name);
        if (local != null || params == null) {
            return local;
        }
        return params.get(name);
    }

    public Env set(String name, long value) {
        return new Env(instance, params, locals.put(name, value), pages);
    }

    /** Without the locals {@code names} (those it has): the same env when it has none of them. */
    Env without(String[] names) {
        PMap<String, Long> l = locals;
        for (String n : names) {
            if (l.get(n) != null) {
                l = l.remove(n);
            }
        }
        return l == locals ? this : new Env(instance, params, l, pages);
    }

    Env withPage(String name, Page p) {
        return new Env(instance, params, locals, pages.put(name, p));
    }

    Env withoutPage(String name) {
        return new Env(instance, params, locals, pages.remove(name));
    }

    /** A page a handler holds; {@code ref}: taken with gup (a reference to put), false for a page the device walked to. */
    record Page(long va, long pfn, int generation, boolean write, boolean ref)
            implements Fingerprint.Fingerprinted, FrameRef {
        /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
        @Override
        public int hashCode() {
            return Fingerprint.hash(this);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x491400D93F2E1ED0L;
            h = Fingerprint.add(h, va);
            h = Fingerprint.add(h, pfn);
            h = Fingerprint.add(h, generation);
            h = Fingerprint.add(h, write);
            h = Fingerprint.add(h, ref);
            return h;
        }
    }

    /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
    @Override
    public int hashCode() {
        return Fingerprint.hash(this);
    }

    /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
    @Override
    public long fingerprint() {
        long h = 0x70B9A395AAF957EL;
        h = Fingerprint.add(h, instance);
        h = Fingerprint.add(h, params);
        h = Fingerprint.add(h, locals);
        h = Fingerprint.add(h, pages);
        return h;
    }
}
