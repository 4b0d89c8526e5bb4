package dev.mmuscript.drivers;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Fingerprint;
import dev.mmuscript.model.Frame;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.PageKey;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.ShadowEntry;
import dev.mmuscript.model.Violation;
import dev.mmuscript.model.Write;
import dev.mmuscript.ops.Builder;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Prefixed;

/**
 * Device reads and writes through an instance's shadow table (faulting first when there is no entry), and the
 * lost-write check of every read, the CPU's included. A thread's access is a step program: the device fault's own
 * steps (a retry waits there for another thread to change what it read), then the access, one step named
 * {@code write} or {@code read}.
 */
public final class DeviceAccess {
    private final Machine m;
    private final Drivers drivers;
    private final Code writes;
    private final Code reads;

    DeviceAccess(Machine m, Drivers drivers) {
        this.m = m;
        this.drivers = drivers;
        this.writes = build("write");
        this.reads = build("read");
    }

    /** The registers of a thread's device access; its step is named by its keyword alone, as a whole statement's. */
    record Regs(String inst, long va, boolean write, long value) implements Fingerprint.Fingerprinted, Prefixed {
        @Override
        public String prefix() {
            return "";
        }

        /** From the fingerprint: the record's own hashCode is linked at its first call, which a short explore paid. */
        @Override
        public int hashCode() {
            return Fingerprint.hash(this);
        }

        /** Every component, in 64 bits: what a world's fingerprint takes in of a thread (RegisterHashesTest checks). */
        @Override
        public long fingerprint() {
            long h = 0x3EF8FAAB11D94435L;
            h = Fingerprint.add(h, inst);
            h = Fingerprint.add(h, va);
            h = Fingerprint.add(h, write);
            h = Fingerprint.add(h, value);
            return h;
        }
    }

    /** A device access's step program, for a thread to run step by step. */
    Invocation invocation(String inst, long va, boolean write, long value) {
        return new Invocation(write ? writes : reads, new Regs(inst, va, write, value));
    }

    private Code build(String keyword) {
        return Builder.path("device_" + keyword)
                .branch((c, r) -> translates((Regs) r), "access")
                .call((c, r) -> drivers.faultInvocation(((Regs) r).inst(), ((Regs) r).va(), ((Regs) r).write()))
                .label("access")
                .step(keyword, (c, r) -> {
                    Regs a = (Regs) r;
                    afterFault(a.inst(), a.va(), a.write(), a.value());
                    return a;
                })
                .ret()
                .build();
    }

    /** A device read or write through the instance's shadow table, faulting first when there is no entry. */
    void access(String inst, long va, boolean write, long value) {
        ShadowEntry e = usable(inst, va, write);
        if (e == null) {
            drivers.fault(inst, va, write);
            e = usable(inst, va, write);
        }
        through(e, inst, va, write, value);
    }

    private boolean translates(Regs a) {
        return usable(a.inst(), a.va(), a.write()) != null;
    }

    /** The shadow table's entry for the access, or null when it has none (a write needs a writable one). */
    private ShadowEntry usable(String inst, long va, boolean write) {
        ShadowEntry e = m.mmus().shadow(inst, va);
        return e != null && (!write || e.writable()) ? e : null;
    }

    /** The access through the entry the shadow table has now; none, after the fault, is no translation. */
    private void afterFault(String inst, long va, boolean write, long value) {
        through(usable(inst, va, write), inst, va, write, value);
    }

    /** The access through entry {@code e}; null is no translation. */
    private void through(ShadowEntry e, String inst, long va, boolean write, long value) {
        if (e == null) {
            m.emit(new Event.NoTranslation(inst, va, write));
            return;
        }
        String proc = m.mmus().info(inst).proc();
        Frame fr = m.frame(e.pfn());
        boolean stale = !m.live(e.pfn(), e.generation());
        accessFrame(proc, inst, va, e, fr, write, value);
        if (stale) {
            m.violation(new Violation("shadow-use-after-free", inst, va, e.pfn(), inst + " "
                    + (write ? "writes" : "reads") + " " + Range.hex(va) + " through pfn " + e.pfn()
                    + ", which was " + (fr.isFree() ? "freed" : "freed and reused")));
        }
    }

    private void accessFrame(String proc, String inst, long va, ShadowEntry e, Frame fr, boolean write, long value) {
        if (write) {
            m.put(fr.withValue(value));
            m.logWrite(proc, va, new Write(inst, e.pfn(), e.generation(), value));
            m.emit(new Event.Access(inst, true, va, e.pfn(), value));
        } else {
            m.emit(new Event.Access(inst, false, va, e.pfn(), fr.value()));
            checkRead(m, proc, va, inst, e.pfn(), e.generation(), fr.value());
        }
    }

    /** lost-write: a read through one MMU misses the last write made through another, into another frame. */
    public static void checkRead(Machine m, String proc, long va, String reader, long pfn, int generation,
            long value) {
        Write w = m.state().writes().get(new PageKey(proc, va));
        if (w != null && !w.by().equals(reader) && (w.pfn() != pfn || w.generation() != generation)
                && w.value() != value) {
            String into = w.pfn() == pfn ? "pfn " + w.pfn() + " before it was freed" : "pfn " + w.pfn();
            String from = w.pfn() == pfn ? "pfn " + pfn + ", reallocated since" : "pfn " + pfn;
            m.violation(new Violation("lost-write", w.by(), va, w.pfn(), w.by() + " wrote " + w.value() + " to "
                    + Range.hex(va) + " in " + into + ", but " + reader + " reads " + value + " from " + from));
        }
    }
}
