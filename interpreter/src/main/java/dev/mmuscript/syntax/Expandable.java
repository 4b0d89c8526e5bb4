package dev.mmuscript.syntax;

import dev.mmuscript.syntax.Ast.Expr;
import dev.mmuscript.syntax.Ast.Name;
import dev.mmuscript.syntax.Ast.RangeExpr;
import dev.mmuscript.syntax.Ast.Stmt;
import java.util.List;

/**
 * The statements the front end expands before anything runs ({@code def}, calls, {@code repeat}, {@code for}):
 * what the checker and the engine see is the statements they stand for, so neither knows these.
 */
public sealed interface Expandable extends Stmt permits Expandable.Def, Expandable.Repeat, Expandable.For,
        Expandable.CallDef {

    @Override
    default <R> R accept(Ast.Visitor<R> v) {
        return v.visit(this);
    }

    /** {@code def NAME(params) { ... }}. */
    record Def(Span span, Name name, List<Name> params, List<Stmt> body) implements Expandable {
    }

    /** {@code repeat N { ... }}. */
    record Repeat(Span span, Expr count, List<Stmt> body) implements Expandable {
    }

    /** {@code for VAR in RANGE [step N] { ... }}; {@code step} is null for a page. */
    record For(Span span, Name var, RangeExpr range, Expr step, List<Stmt> body) implements Expandable {
    }

    /** {@code NAME(args)}: a call of a def. */
    record CallDef(Span span, Name name, List<Expr> args) implements Expandable {
    }
}
