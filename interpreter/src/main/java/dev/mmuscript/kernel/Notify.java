package dev.mmuscript.kernel;

import dev.mmuscript.drivers.CallContext;
import dev.mmuscript.drivers.Drivers;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.Instance;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.Range;
import java.util.ArrayList;
import java.util.List;

/**
 * The MMU-notifier dispatcher (mm/mmu_notifier.c): walks a process's notifiers in registration order and calls
 * the callbacks the era has, tracking which range_starts are still waiting for their range_end.
 */
final class Notify {
    private final Machine m;
    private final Drivers drivers;
    private final Kernel kernel;

    Notify(Machine m, Drivers drivers, Kernel kernel) {
        this.m = m;
        this.drivers = drivers;
        this.kernel = kernel;
    }

    private List<String> notifiers(String proc) {
        return m.process(proc).notifiers();
    }

    /**
     * __mmu_notifier_invalidate_range_start: every notifier's start is called, even after one fails. Returns false
     * if a non-blocking start failed with EAGAIN (in an era where it can), after the era's handling of the ends.
     */
    boolean rangeStart(String proc, Range r, boolean nonblocking, String path) {
        m.emit(new Event.Step(path + ".range_start"));
        CallContext ctx = kernel.startContext(nonblocking);
        List<String> failed = new ArrayList<>();
        for (String inst : notifiers(proc)) {
            Drivers.Result res = drivers.call(inst, "invalidate_range_start", r, ctx);
            if (res == Drivers.Result.EAGAIN && nonblocking && kernel.semantics().rangeStartCanFail()) {
                failed.add(inst);
                continue;
            }
            if (res == Drivers.Result.EAGAIN) {
                m.emit(new Event.EagainIgnored(inst));
            }
            if (drivers.implementsCallback(inst, "invalidate_range_end")) {
                m.put(m.instance(inst).withOpen(r));
            }
        }
        if (failed.isEmpty()) {
            return true;
        }
        m.emit(new Event.StartFailed(List.copyOf(failed)));
        if (kernel.semantics().failedStartEnds().equals("all")) {
            for (String inst : notifiers(proc)) {
                if (!drivers.implementsCallback(inst, "invalidate_range_end")) {
                    continue;
                }
                if (failed.contains(inst)) {
                    m.emit(new Event.EndOnFailingNotifier(inst));
                }
                callEnd(inst, r, new CallContext(false, nonblocking, ""));
            }
        }
        return false;
    }

    /** __mmu_notifier_invalidate_range_end: the implicit invalidate_range of 3.19-6.5, then range_end. */
    void rangeEnd(String proc, Range r, String path, boolean nonblocking) {
        m.emit(new Event.Step(path + ".range_end"));
        for (String inst : notifiers(proc)) {
            if (kernel.semantics().rangeEndInvalidatesRange() && drivers.implementsCallback(inst, "invalidate_range")) {
                drivers.call(inst, "invalidate_range", r, atomic("invalidate_range may not sleep"));
            }
            callEnd(inst, r, kernel.startContext(nonblocking));
        }
    }

    private void callEnd(String inst, Range r, CallContext ctx) {
        drivers.call(inst, "invalidate_range_end", r, ctx);
        m.put(m.instance(inst).withClosed(r));
    }

    /** The secondary-TLB callback that follows a CPU TLB flush, under its era's name. */
    void secondaryTlb(String proc, Range r) {
        String cb = kernel.semantics().secondaryTlb();
        if (cb.equals("none")) {
            return;
        }
        for (String inst : notifiers(proc)) {
            if (drivers.implementsCallback(inst, cb)) {
                drivers.call(inst, cb, r, atomic(cb + " may not sleep"));
            }
        }
    }

    void release(String inst) {
        drivers.call(inst, "release", null, kernel.startContext(false));
    }

    private static CallContext atomic(String why) {
        return new CallContext(true, false, "(" + why + ")");
    }
}
