package dev.mmuscript.engine;

import dev.mmuscript.drivers.Eval;
import dev.mmuscript.model.Range;
import dev.mmuscript.syntax.Ast.Expr;
import dev.mmuscript.syntax.Ast.RangeExpr;

/** A top-level statement's operands as values: numbers, ranges, CPUs and page addresses (the checker vetted them). */
final class Operands {
    private final Eval eval;

    Operands(Eval eval) {
        this.eval = eval;
    }

    long num(Expr e) {
        return eval.eval(e, null);
    }

    Range range(RangeExpr r) {
        long lo = num(r.lo());
        if (r.hi() != null) {
            return new Range(lo, num(r.hi()));
        }
        if (r.pages() != null) {
            return new Range(lo, lo + num(r.pages()) * Range.PAGE);
        }
        return Range.page(lo);
    }

    int cpu(Expr e) {
        return e == null ? 0 : (int) num(e);
    }

    /** The page an address falls in. */
    static long page(long va) {
        return va & ~(Range.PAGE - 1);
    }
}
