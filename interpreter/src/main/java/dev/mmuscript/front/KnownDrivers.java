package dev.mmuscript.front;

import dev.mmuscript.syntax.Ast.DriverDef;
import dev.mmuscript.syntax.Ast.Name;
import dev.mmuscript.syntax.Diagnostics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The drivers a script can attach, as the checker meets them: the stdlib's (loaded when first named), the
 * script's own {@code driver} blocks and its notifiers' inline definitions. Each definition's handlers are checked
 * where it stands.
 */
final class KnownDrivers {
    private final Diagnostics diags;
    private final Map<String, DriverDef> defs;
    private final Function<String, DriverDef> load;
    private final HandlerChecker handlers;

    /**
     * @param defs the drivers known so far, by name (the notifiers' are added here)
     * @param load a driver by name, from the script or the stdlib; null if there is none
     */
    KnownDrivers(Diagnostics diags, Constants values, Map<String, DriverDef> defs, Function<String, DriverDef> load) {
        this.diags = diags;
        this.defs = defs;
        this.load = load;
        this.handlers = new HandlerChecker(diags, values);
    }

    /** Every driver by name. */
    Map<String, DriverDef> defs() {
        return defs;
    }

    /** The driver an {@code attach} names, its handlers checked; null after reporting that there is none. */
    DriverDef attachable(Name driver) {
        DriverDef def = load.apply(driver.text());
        if (def == null) {
            diags.error(driver.span(), "unknown driver '" + driver.text() + "'" + Suggest.didYouMean(
                    driver.text(), names()), "expected one of: "
                    + String.join(", ", Stdlib.drivers()) + ", or a driver defined with 'driver NAME { ... }'");
        } else {
            handlers.check(def);
        }
        return def;
    }

    /** A {@code driver NAME { ... }} block, or a notifier's inline body: its handlers. */
    void check(DriverDef def) {
        handlers.check(def);
    }

    /** {@code notifier NAME on P { ... }}: a driver of the notifier's name. */
    void addNotifier(Name notifier, DriverDef def) {
        defs.put(notifier.text(), def);
    }

    private List<String> names() {
        List<String> all = new ArrayList<>(Stdlib.drivers());
        all.addAll(defs.keySet());
        return all;
    }
}
