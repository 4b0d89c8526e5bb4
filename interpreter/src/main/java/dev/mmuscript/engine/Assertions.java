package dev.mmuscript.engine;

import dev.mmuscript.check.Invariants;
import dev.mmuscript.drivers.Eval;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.Instance;
import dev.mmuscript.model.MachineState;
import dev.mmuscript.model.Violation;
import dev.mmuscript.syntax.Ast.AssertCoherentStmt;
import dev.mmuscript.syntax.Ast.AssertStmt;
import dev.mmuscript.syntax.Ast.Binary;
import dev.mmuscript.syntax.Ast.Expr;
import dev.mmuscript.syntax.Ast.Num;
import dev.mmuscript.syntax.ScriptError;
import java.util.List;
import java.util.function.Consumer;

/**
 * The script's assertions: {@code assert coherent [INSTANCE]} checks the invariants now (a violation covered by an
 * expectation does not fail it), {@code assert EXPR} evaluates a condition and, when it fails, says the values of
 * both sides. Each is counted and its result printed.
 */
final class Assertions {
    private final Findings findings;
    private final Consumer<Event> out;

    Assertions(Findings findings, Consumer<Event> out) {
        this.findings = findings;
        this.out = out;
    }

    void coherent(AssertCoherentStmt s, MachineState state) {
        findings.assertion();
        String only = s.inst() == null ? null : s.inst().text();
        List<Violation> found = Invariants.check(state, only, true);
        for (Violation v : found) {
            if (findings.reported(v)) {
                out.accept(new Event.ViolationFound(v, findings.expected(v)));
            } else {
                findings.violation(v);
            }
        }
        int entries = 0;
        for (Instance i : state.instances().values()) {
            if (i.attached() && (only == null || only.equals(i.name()))) {
                entries += i.shadow().size();
            }
        }
        if (found.isEmpty()) {
            out.accept(new Event.AssertResult(true, "coherent", entries == 0 ? "no shadow entries to check"
                    : entries + (entries == 1 ? " shadow entry agrees" : " shadow entries agree")
                    + " with the page tables"));
        } else if (found.stream().anyMatch(v -> !findings.expected(v))) {
            findings.assertionFailed();
            long bad = found.stream().filter(v -> !findings.expected(v)).count();
            out.accept(new Event.AssertResult(false, "coherent", bad + (bad == 1 ? " unexpected violation"
                    : " unexpected violations")));
        } else {
            out.accept(new Event.AssertResult(true, "coherent except for expected violations",
                    Integer.toString(found.size())));
        }
    }

    void holds(AssertStmt s, Eval eval) {
        findings.assertion();
        String text = s.cond().span().text();
        try {
            long v = eval.eval(s.cond(), null);
            if (v != 0) {
                out.accept(new Event.AssertResult(true, text, ""));
            } else {
                findings.assertionFailed();
                out.accept(new Event.AssertResult(false, text, explain(s.cond(), eval)));
            }
        } catch (ScriptError e) {
            findings.assertionFailed();
            out.accept(new Event.AssertResult(false, text, e.getMessage()));
        }
    }

    /** For a failed comparison, the values of both sides. */
    private static String explain(Expr e, Eval eval) {
        if (e instanceof Binary b && List.of("==", "!=", "<", "<=", ">", ">=").contains(b.op())) {
            return side(b.left(), eval) + ", " + side(b.right(), eval);
        }
        return side(e, eval);
    }

    private static String side(Expr e, Eval eval) {
        if (e instanceof Num) {
            return e.span().text();
        }
        return e.span().text() + " is " + eval.eval(e, null);
    }
}
