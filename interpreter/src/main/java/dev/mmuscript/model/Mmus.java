package dev.mmuscript.model;

/**
 * The {@link Machine}'s secondary MMUs: each attached instance, its variables, its shadow table, the page references
 * its handlers hold and the invalidations it was told of and not yet ended, each recorded as its own object of the
 * running step's {@link Footprint} (a whole instance read or put touches them all), and each change of a shadow
 * entry announced as an event.
 */
public final class Mmus {
    private final Machine m;

    Mmus(Machine m) {
        this.m = m;
    }

    /**
     * The whole instance: a read of every member (whether it is attached, each variable, the shadow table, the page
     * references, the open invalidations). The explorer's reduction learns more from the members' own accessors.
     */
    public Instance instance(String name) {
        Instance i = m.current().instances().get(name);
        Members.instance(m.footprint(), i, name, false);
        return i;
    }

    /** The instance for what never changes once it is attached (its name, driver and process): reads whether it is. */
    public Instance info(String name) {
        Footprint.read(m.footprint(), Footprint.INSTANCE, name);
        return m.current().instances().get(name);
    }

    /** A write of every member of the instance (and of every variable it had before). */
    public void put(Instance i) {
        Members.instance(m.footprint(), m.current().instances().get(i.name()), i.name(), true);
        Members.instance(m.footprint(), i, i.name(), true);
        m.replace(m.current().withInstance(i));
    }

    /** Variable {@code var} of instance {@code inst}; null when it has none. */
    public Long var(String inst, String var) {
        Footprint.read(m.footprint(), Footprint.VAR, inst, var);
        Instance i = m.current().instances().get(inst);
        return i == null ? null : i.vars().get(var);
    }

    /** Sets a variable the instance has. */
    public void var(String inst, String var, long value) {
        Footprint.write(m.footprint(), Footprint.VAR, inst, var);
        m.replace(m.current().withInstance(m.current().instances().get(inst).withVar(var, value)));
    }

    /** The instance's shadow entry for {@code va}, or null. */
    public ShadowEntry shadow(String inst, long va) {
        Footprint.read(m.footprint(), Footprint.SHADOW, inst);
        return m.current().instances().get(inst).shadow().get(va);
    }

    /** The instance's shadow table, read whole (to walk it). */
    public PMap<Long, ShadowEntry> shadowTable(String inst) {
        Footprint.read(m.footprint(), Footprint.SHADOW, inst);
        return m.current().instances().get(inst).shadow();
    }

    public void setShadow(String inst, long va, ShadowEntry e) {
        Footprint.write(m.footprint(), Footprint.SHADOW, inst);
        m.replace(m.current().withShadow(inst, va, e));
        m.emit(new Event.ShadowSet(inst, va, e.pfn(), e.writable()));
    }

    public ShadowEntry clearShadow(String inst, long va) {
        ShadowEntry e = shadow(inst, va);
        if (e == null) {
            return null;
        }
        Footprint.write(m.footprint(), Footprint.SHADOW, inst);
        m.replace(m.current().withShadow(inst, va, null));
        m.emit(new Event.ShadowClear(inst, va, e.pfn()));
        return e;
    }

    /** How many gup references the instance holds to {@code pfn}, or null for none. */
    public Long refs(String inst, long pfn) {
        Footprint.read(m.footprint(), Footprint.REFS, inst);
        return m.current().instances().get(inst).refs().get(pfn);
    }

    /** One more ({@code delta} 1) or one fewer (-1) gup reference of the instance to {@code pfn}. */
    public void ref(String inst, long pfn, int delta) {
        Footprint.read(m.footprint(), Footprint.REFS, inst);
        Footprint.write(m.footprint(), Footprint.REFS, inst);
        m.replace(m.current().withInstance(m.current().instances().get(inst).withRef(pfn, delta)));
    }

    /** The instance was delivered range_start for {@code r} ({@code open}) or range_end ({@code !open}). */
    public void open(String inst, Range r, boolean open) {
        Footprint.read(m.footprint(), Footprint.OPEN, inst);
        Footprint.write(m.footprint(), Footprint.OPEN, inst);
        Instance i = m.current().instances().get(inst);
        m.replace(m.current().withInstance(open ? i.withOpen(r) : i.withClosed(r)));
    }
}
