package dev.mmuscript.drivers;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Frame;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.PageKey;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.ShadowEntry;
import dev.mmuscript.model.Violation;
import dev.mmuscript.model.Write;

/**
 * Device reads and writes through an instance's shadow table (faulting first when there is no entry), and the
 * lost-write check of every read, the CPU's included.
 */
public final class DeviceAccess {
    private final Machine m;
    private final Drivers drivers;

    DeviceAccess(Machine m, Drivers drivers) {
        this.m = m;
        this.drivers = drivers;
    }

    /** A device read or write through the instance's shadow table, faulting first when there is no entry. */
    void access(String inst, long va, boolean write, long value) {
        ShadowEntry e = m.instance(inst).shadow().get(va);
        if (e == null || (write && !e.writable())) {
            drivers.fault(inst, va, write);
            e = m.instance(inst).shadow().get(va);
            if (e == null || (write && !e.writable())) {
                m.emit(new Event.NoTranslation(inst, va, write));
                return;
            }
        }
        String proc = m.instance(inst).proc();
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
