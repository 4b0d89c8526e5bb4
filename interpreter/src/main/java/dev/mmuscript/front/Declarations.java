package dev.mmuscript.front;

import dev.mmuscript.syntax.Ast.Name;
import dev.mmuscript.syntax.Diagnostics;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names a script declares, as the checker meets them in order: each name is one thing (a process, file,
 * device, notifier, pin or thread); devices are attached, then perhaps detached; pins are held, then released.
 */
final class Declarations {
    /** What {@code show} can name in any script. */
    private static final List<String> SHOW_ALWAYS = List.of("frames", "tlb", "pins");

    private final Diagnostics diags;
    /** Each name declared so far, to the kind of thing it names. */
    private final Map<String, String> kinds = new HashMap<>();
    /** Device name to its driver's name (null when the driver is unknown, already reported). */
    private final Map<String, String> instances = new HashMap<>();
    private final Set<String> detached = new HashSet<>();
    private final Set<String> pins = new HashSet<>();

    Declarations(Diagnostics diags) {
        this.diags = diags;
    }

    /** Declares {@code n} as a new {@code kind}; false after reporting that the name is taken. */
    boolean fresh(Name n, String kind) {
        String had = kinds.get(n.text());
        if (had != null) {
            diags.error(n.span(), "'" + n.text() + "' is already a " + had, "expected a new name for the " + kind);
            return false;
        }
        kinds.put(n.text(), kind);
        return true;
    }

    /** Device name to its driver's name (null when the driver is unknown, already reported). */
    Map<String, String> instances() {
        return instances;
    }

    /** A new device of the driver {@code driver} (null if unknown: one mistake gives one error). */
    void attach(Name inst, String driver) {
        if (fresh(inst, "device")) {
            instances.put(inst.text(), driver);
        }
    }

    /** {@code notifier NAME on P}: a device of its own driver, named as the notifier. */
    boolean notifier(Name n) {
        if (!fresh(n, "notifier")) {
            return false;
        }
        instances.put(n.text(), n.text());
        return true;
    }

    /** Whether {@code n} names an attached device; false after reporting why not. */
    boolean attached(Name n) {
        if (!instances.containsKey(n.text())) {
            diags.error(n.span(), "unknown device '" + n.text() + "'" + Suggest.didYouMean(n.text(),
                    instances.keySet()), Suggest.known(
                    "an instance made with 'attach DRIVER to P as NAME' or 'notifier NAME on P'", instances.keySet()));
            return false;
        }
        if (detached.contains(n.text())) {
            diags.error(n.span(), "'" + n.text() + "' was detached", "expected an attached instance");
            return false;
        }
        return true;
    }

    void detach(Name inst) {
        if (attached(inst)) {
            detached.add(inst.text());
        }
    }

    /** {@code show WHAT}: frames, tlb, pins, one of {@code processes} or a device. */
    void showable(Name what, Collection<String> processes) {
        String w = what.text();
        if (!SHOW_ALWAYS.contains(w) && !processes.contains(w) && !instances.containsKey(w)) {
            Set<String> all = new HashSet<>(processes);
            all.addAll(instances.keySet());
            Set<String> targets = new HashSet<>(all);
            targets.addAll(SHOW_ALWAYS);
            diags.error(what.span(), "nothing named '" + w + "' to show" + Suggest.didYouMean(w, targets),
                    Suggest.known("frames, tlb, pins, a process or a device", all));
        }
    }

    void pin(Name pin) {
        if (fresh(pin, "pin")) {
            pins.add(pin.text());
        }
    }

    void unpin(Name pin) {
        if (!pins.remove(pin.text())) {
            diags.error(pin.span(), "no pin named '" + pin.text() + "' is held"
                    + Suggest.didYouMean(pin.text(), pins),
                    Suggest.known("a pin taken with 'gup P RANGE as NAME'", pins));
        }
    }
}
