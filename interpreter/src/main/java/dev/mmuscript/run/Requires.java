package dev.mmuscript.run;

import dev.mmuscript.engine.Expectations;
import dev.mmuscript.engine.Program;
import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Ast.RequiresStmt;
import java.util.List;
import java.util.Map;

/**
 * {@code requires semantics a..b}: where a script applies. Checked before the engine runs: under a profile that no
 * {@code requires} line selects, {@code mmu run} and {@code mmu test} skip the script and {@code mmu matrix} shows
 * the row as {@code n/a}.
 */
final class Requires {
    private Requires() {
    }

    /**
     * The first {@code requires} line (of the script or a file it includes) that the run's profile fails, or null;
     * also the {@code requires} member of a driver the script attaches (a driver that did not exist in the era),
     * named with the driver.
     */
    static String unmet(Program program) {
        return unmet(program.script().statements(), program.semantics().lineage(), program.drivers());
    }

    private static String unmet(List<Ast.Stmt> stmts, List<String> lineage, Map<String, Ast.DriverDef> drivers) {
        for (Ast.Stmt s : stmts) {
            if (s instanceof RequiresStmt r && !Expectations.selects(r.selectors(), lineage)) {
                return r.span().text();
            }
            String inner = null;
            if (s instanceof Ast.IncludeStmt i) {
                inner = unmet(i.body(), lineage, drivers);
            } else if (s instanceof Ast.ThreadStmt t) {
                inner = unmet(t.body(), lineage, drivers);
            } else if (s instanceof Ast.AttachStmt a) {
                inner = driverUnmet(drivers.get(a.driver().text()), lineage);
            } else if (s instanceof Ast.NotifierStmt n) {
                inner = driverUnmet(n.def(), lineage);
            }
            if (inner != null) {
                return inner;
            }
        }
        return null;
    }

    private static String driverUnmet(Ast.DriverDef def, List<String> lineage) {
        if (def == null) {
            return null;
        }
        for (RequiresStmt r : def.requires()) {
            if (!Expectations.selects(r.selectors(), lineage)) {
                return r.span().text() + " (driver " + def.name().text() + ")";
            }
        }
        return null;
    }
}
