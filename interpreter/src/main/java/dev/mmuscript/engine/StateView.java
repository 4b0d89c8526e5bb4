package dev.mmuscript.engine;

import dev.mmuscript.model.Frame;
import dev.mmuscript.model.Instance;
import dev.mmuscript.model.MachineState;
import dev.mmuscript.model.Pin;
import dev.mmuscript.model.Process;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.Vma;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** {@code show WHAT}: part of the machine state as lines (frames, TLBs, pins, a process, a device). */
final class StateView {
    private final MachineState state;
    private final Consumer<String> lines;

    StateView(MachineState state, Consumer<String> lines) {
        this.state = state;
        this.lines = lines;
    }

    /** Shows {@code what}: frames, tlb, pins, a process or a device. */
    void show(String what) {
        if (what.equals("frames")) {
            for (Frame f : state.frames().values()) {
                line("pfn " + f.pfn() + ": " + (f.isFree() ? "free" : f.owner() + ", refs " + f.refs() + ", maps "
                        + f.maps() + ", pins " + f.pins() + ", value " + f.value()) + ", generation " + f.generation());
            }
            if (state.frames().isEmpty()) {
                line("(no frames allocated)");
            }
        } else if (what.equals("tlb")) {
            if (state.tlbs().isEmpty()) {
                line("(all TLBs empty)");
            }
            state.tlbs().forEach((cpu, t) -> {
                line("cpu " + cpu + ":" + (t.isEmpty() ? " (empty)" : ""));
                t.forEach((k, e) -> line("  " + k.proc() + " " + Range.hex(k.va()) + " -> pfn " + e.pfn() + " "
                        + (e.writable() ? "rw" : "r")));
            });
        } else if (what.equals("pins")) {
            for (Pin p : state.pins().values()) {
                line(p.name() + " on " + p.proc() + (p.write() ? " write" : "") + ": " + p.pages().size()
                        + " page(s)" + p.pages().stream().map(pg -> " " + Range.hex(pg.va()) + "->pfn " + pg.pfn())
                        .reduce("", String::concat));
            }
            if (state.pins().isEmpty()) {
                line("(no pins)");
            }
        } else if (state.procs().get(what) != null) {
            showProcess(state.procs().get(what));
        } else {
            showInstance(state.instances().get(what));
        }
    }

    private void line(String text) {
        lines.accept(text);
    }

    private void showProcess(Process p) {
        line(p.name() + (p.exited() ? " (exited)" : "") + ": notifiers ["
                + String.join(", ", p.notifiers()) + "], mmap_lock " + (p.mmapLock() == 0 ? "free"
                : p.mmapLock() < 0 ? "held for write" : "held by " + p.mmapLock() + " reader(s)")
                + ", page-table lock " + (p.ptlHeld() ? "held" : "free"));
        for (Vma v : p.vmas().values()) {
            line("  vma " + v.range() + " " + v.prot() + " " + v.backing() + (v.shmem() ? " (" + v.file() + ")" : ""));
        }
        p.ptes().forEach((va, pte) -> line("  pte " + Range.hex(va) + " -> pfn " + pte.pfn() + " " + pte.mode()
                + (pte.dirty() ? " dirty" : "")));
        if (p.ptes().isEmpty()) {
            line("  (no PTEs)");
        }
    }

    private void showInstance(Instance i) {
        List<String> vars = new ArrayList<>();
        i.vars().forEach((k, v) -> vars.add(k + " = " + v));
        String kind = i.driver().equals(i.name()) ? "notifier" : i.driver();
        line(i.name() + " (" + kind + " on " + i.proc() + (i.attached() ? "" : ", detached") + "): "
                + (vars.isEmpty() ? "no variables" : String.join(", ", vars)));
        i.shadow().forEach((va, e) -> line("  shadow " + Range.hex(va) + " -> pfn " + e.pfn() + " "
                + (e.writable() ? "rw" : "r")));
        if (i.shadow().isEmpty()) {
            line("  (no shadow entries)");
        }
        for (Range r : i.open()) {
            line("  open invalidation " + r);
        }
        i.locks().forEach((l, h) -> line("  lock " + l + (h.isEmpty() ? " free" : " held by " + h)));
    }
}
