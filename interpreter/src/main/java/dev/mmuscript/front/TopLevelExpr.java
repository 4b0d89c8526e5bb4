package dev.mmuscript.front;

import dev.mmuscript.drivers.Drivers;
import dev.mmuscript.syntax.Ast.*;
import dev.mmuscript.syntax.Diagnostics;
import dev.mmuscript.syntax.ExprWalk;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The checks of an expression outside handlers (a value written, an assertion): numbers, a device's variable
 * ({@code DEVICE.VAR}) and memory ({@code P[ADDR]}); a bare name or a handler function has no meaning there.
 */
final class TopLevelExpr extends ExprWalk {
    private final Diagnostics diags;
    private final Constants values;
    private final AddressSpaces spaces;
    /** Device name to its driver's name (null when the driver is unknown, already reported). */
    private final Map<String, String> instances;
    private final Map<String, DriverDef> drivers;

    TopLevelExpr(Diagnostics diags, Constants values, AddressSpaces spaces, Map<String, String> instances,
            Map<String, DriverDef> drivers) {
        this.diags = diags;
        this.values = values;
        this.spaces = spaces;
        this.instances = instances;
        this.drivers = drivers;
    }

    @Override
    public Void visit(Field f) {
        String driver = instances.get(f.obj().text());
        if (driver == null && instances.containsKey(f.obj().text())) {
            return null;
        }
        if (driver == null) {
            diags.error(f.obj().span(), "unknown device '" + f.obj().text() + "'"
                    + Suggest.didYouMean(f.obj().text(), instances.keySet()),
                    Suggest.known("a notifier or attached instance", instances.keySet()));
            return null;
        }
        Set<String> vars = Drivers.variables(drivers.get(driver));
        if (!vars.contains(f.field().text())) {
            diags.error(f.field().span(), f.obj().text() + " has no variable '" + f.field().text() + "'"
                    + Suggest.didYouMean(f.field().text(), vars),
                    vars.isEmpty() ? "it has no variables" : "expected one of: " + String.join(", ", vars));
        }
        return null;
    }

    @Override
    public Void visit(Memory mem) {
        if (!spaces.isProcess(mem.obj().text()) && !instances.containsKey(mem.obj().text())) {
            Set<String> all = new HashSet<>(spaces.processes());
            all.addAll(instances.keySet());
            diags.error(mem.obj().span(), "unknown process or device '" + mem.obj().text() + "'"
                    + Suggest.didYouMean(mem.obj().text(), all), Suggest.known("a process or a device", all));
        }
        values.address(mem.addr());
        return null;
    }

    @Override
    public Void visit(NameRef n) {
        diags.error(n.span(), "unknown name '" + n.name() + "'",
                "expected a number, DEVICE.VAR, or P[ADDR]; a name stands for a number only as a parameter of"
                        + " a def or the variable of a for loop around the statement");
        return null;
    }

    @Override
    public Void visit(Call c) {
        diags.error(c.span(), "'" + c.fn().text() + "(...)' can only be called in a handler",
                "expected a number, DEVICE.VAR, or P[ADDR]");
        return null;
    }
}
