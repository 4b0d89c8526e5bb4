package dev.mmuscript.run;

import dev.mmuscript.engine.Expectations;
import dev.mmuscript.engine.Program;
import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Ast.RequiresStmt;
import java.util.List;

/**
 * {@code requires semantics a..b}: where a script applies. Checked before the engine runs: under a profile that no
 * {@code requires} line selects, {@code mmu run} and {@code mmu test} skip the script and {@code mmu matrix} shows
 * the row as {@code n/a}.
 */
final class Requires {
    private Requires() {
    }

    /** The first {@code requires} line (of the script or a file it includes) that the run's profile fails, or null. */
    static String unmet(Program program) {
        return unmet(program.script().statements(), program.semantics().lineage());
    }

    private static String unmet(List<Ast.Stmt> stmts, List<String> lineage) {
        for (Ast.Stmt s : stmts) {
            if (s instanceof RequiresStmt r && !Expectations.selects(r.selectors(), lineage)) {
                return r.span().text();
            } else if (s instanceof Ast.IncludeStmt i) {
                String inner = unmet(i.body(), lineage);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }
}
