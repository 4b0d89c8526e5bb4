package dev.mmuscript.front;

import dev.mmuscript.model.Prot;
import dev.mmuscript.model.Range;
import dev.mmuscript.syntax.Ast.Binary;
import dev.mmuscript.syntax.Ast.Expr;
import dev.mmuscript.syntax.Ast.Name;
import dev.mmuscript.syntax.Ast.NameRef;
import dev.mmuscript.syntax.Ast.Num;
import dev.mmuscript.syntax.Ast.RangeExpr;
import dev.mmuscript.syntax.Ast.Unary;
import dev.mmuscript.syntax.Diagnostics;
import java.util.List;

/**
 * The checks of the numbers a script writes at top level: constants that fit in 64 bits, page-aligned addresses,
 * non-empty ranges that end before the last address, CPU numbers and protections. Each returns null (after its
 * diagnostic) when the value is bad.
 */
final class Constants {
    /** The last address a range may end at: the highest page boundary a 64-bit signed number holds. */
    static final long MAX_END = Long.MAX_VALUE & ~(Range.PAGE - 1);
    /** The hint for a name where a number belongs, outside any def or loop that would give it a value. */
    private static final String LOOSE_NAME = "expected a number; a name stands for one only as a parameter of a def"
            + " or the variable of a for loop around the statement";

    private final Diagnostics diags;

    Constants(Diagnostics diags) {
        this.diags = diags;
    }

    Long constant(Expr e) {
        if (e instanceof Num n) {
            return n.value();
        } else if (e instanceof Unary u && u.op().equals("-")) {
            Long v = constant(u.operand());
            return v == null ? null : v == Long.MIN_VALUE ? 0 : -v;
        } else if (e instanceof Binary b && List.of("+", "-", "*").contains(b.op())) {
            return arithmetic(b);
        }
        if (e instanceof NameRef n) {
            diags.error(n.span(), "unknown name '" + n.name() + "'", LOOSE_NAME);
            return null;
        }
        diags.error(e.span(), "expected a number here", "addresses and counts are numbers such as 0x10000 or 4");
        return null;
    }

    private Long arithmetic(Binary b) {
        Long l = constant(b.left());
        Long r = constant(b.right());
        if (l == null || r == null) {
            return null;
        }
        try {
            return b.op().equals("+") ? Math.addExact(l, r) : b.op().equals("-") ? Math.subtractExact(l, r)
                    : Math.multiplyExact(l, r);
        } catch (ArithmeticException overflow) {
            diags.error(b.span(), "the value of " + b.span().text() + " does not fit in 64 bits",
                    "expected a number from -2^63 to 2^63-1");
            return null;
        }
    }

    Long address(Expr e) {
        Long v = constant(e);
        if (v == null) {
            return null;
        }
        if (v < 0) {
            diags.error(e.span(), "address " + e.span().text() + " is past the last address",
                    "expected an address from 0 to " + Range.hex(MAX_END));
            return null;
        }
        if (v % Range.PAGE != 0) {
            diags.error(e.span(), "unaligned address " + Range.hex(v), "expected a multiple of the page size, 0x1000");
            return null;
        }
        return v;
    }

    Range range(RangeExpr r) {
        Long lo = address(r.lo());
        if (lo == null) {
            return null;
        }
        if (r.hi() != null) {
            return bounded(r, lo);
        }
        if (r.pages() != null) {
            return counted(r, lo);
        }
        if (lo > MAX_END - Range.PAGE) {
            diags.error(r.span(), "page " + Range.hex(lo) + " ends past the last address",
                    "expected an address below " + Range.hex(MAX_END));
            return null;
        }
        return Range.page(lo);
    }

    /** {@code A..B}. */
    private Range bounded(RangeExpr r, long lo) {
        Long hi = address(r.hi());
        if (hi == null) {
            return null;
        }
        if (hi <= lo) {
            diags.error(r.span(), "empty range " + Range.hex(lo) + ".." + Range.hex(hi),
                    "expected the end above the start (ranges are half-open)");
            return null;
        }
        return new Range(lo, hi);
    }

    /** {@code A pages N}. */
    private Range counted(RangeExpr r, long lo) {
        Long n = constant(r.pages());
        if (n == null) {
            return null;
        }
        if (n <= 0 || n > 1 << 20) {
            diags.error(r.pages().span(), "bad page count " + n, "expected from 1 to 1048576 pages");
            return null;
        }
        if (lo > MAX_END - n * Range.PAGE) {
            diags.error(r.span(), "range " + Range.hex(lo) + " pages " + n + " ends past the last address",
                    "expected a range that ends at most at " + Range.hex(MAX_END));
            return null;
        }
        return new Range(lo, lo + n * Range.PAGE);
    }

    void cpu(Expr e) {
        if (e == null) {
            return;
        }
        Long v = constant(e);
        if (v != null && (v < 0 || v > 63)) {
            diags.error(e.span(), "no cpu " + v, "expected a cpu from 0 to 63");
        }
    }

    Prot prot(Name n) {
        Prot p = Prot.parse(n.text());
        if (p == null) {
            diags.error(n.span(), "bad protection '" + n.text() + "'",
                    "expected none, or r, w and x in that order (r, rw, rx, rwx, ...)");
        }
        return p;
    }
}
