package dev.mmuscript.front;

import dev.mmuscript.model.Range;
import dev.mmuscript.syntax.Ast.Binary;
import dev.mmuscript.syntax.Ast.Expr;
import dev.mmuscript.syntax.Ast.Name;
import dev.mmuscript.syntax.Ast.NameRef;
import dev.mmuscript.syntax.Ast.Num;
import dev.mmuscript.syntax.Ast.Unary;
import dev.mmuscript.syntax.Diagnostics;
import java.util.List;

/**
 * The values the expander computes before anything runs: a count, a loop bound or an argument is a number, a
 * parameter or loop variable in scope, or + - * of them. Errors name the calls and iterations around.
 */
final class ExpansionValues {
    private final Diagnostics diags;

    ExpansionValues(Diagnostics diags) {
        this.diags = diags;
    }

    /** An argument: a name (passed on as written), or a number (with how the trace shows it); null if wrong. */
    Scope.Binding argument(Expr e, Scope scope) {
        if (e instanceof NameRef r) {
            Scope.Binding b = scope.get(r.name());
            return b != null ? b : new Scope.Binding(null, new Name(r.name(), scope.at(r.span())), r.name());
        }
        Long v = number(e, scope);
        if (v == null) {
            return null;
        }
        // As written if it is a number; computed ones as the trace writes addresses (hex from a page up).
        String text = e instanceof Num ? e.span().text() : v >= 0 && v < Range.PAGE ? Long.toString(v) : Range.hex(v);
        return new Scope.Binding(v, null, text);
    }

    /** The value of a count, a loop bound or an argument; null after reporting why it has none. */
    Long number(Expr e, Scope scope) {
        try {
            return evaluate(e, scope);
        } catch (ArithmeticException x) {
            diags.error(scope.at(e.span()), "number out of range", "expected a value within 64 bits");
            return null;
        }
    }

    private Long evaluate(Expr e, Scope scope) {
        if (e instanceof Num n) {
            return n.value();
        } else if (e instanceof NameRef r) {
            return variable(r, scope);
        } else if (e instanceof Unary u && u.op().equals("-")) {
            Long v = evaluate(u.operand(), scope);
            return v == null ? null : Math.negateExact(v);
        } else if (e instanceof Binary b && List.of("+", "-", "*").contains(b.op())) {
            Long l = evaluate(b.left(), scope);
            Long r = evaluate(b.right(), scope);
            if (l == null || r == null) {
                return null;
            }
            return b.op().equals("+") ? Math.addExact(l, r) : b.op().equals("-") ? Math.subtractExact(l, r)
                    : Math.multiplyExact(l, r);
        }
        diags.error(scope.at(e.span()), "expected a number here", "a count, a loop bound or an argument is a number,"
                + " a name, a parameter, or + - * of them in parentheses");
        return null;
    }

    /** A parameter or loop variable that stands for a number. */
    private Long variable(NameRef r, Scope scope) {
        Scope.Binding b = scope.get(r.name());
        if (b == null) {
            diags.error(scope.at(r.span()), "unknown name '" + r.name() + "'" + Suggest.didYouMean(r.name(),
                    scope.bindings().keySet()), "expected a number, or a parameter or loop variable in scope"
                    + scope.known());
            return null;
        }
        if (b.number() == null) {
            diags.error(scope.at(r.span()), "'" + r.name() + "' stands for the name " + b.text() + " here",
                    "expected a number");
        }
        return b.number();
    }
}
