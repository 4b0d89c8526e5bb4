package dev.mmuscript.drivers;

import dev.mmuscript.semantics.Knob;
import dev.mmuscript.semantics.Semantics;
import dev.mmuscript.syntax.Ast.Binary;
import dev.mmuscript.syntax.Ast.Expr;
import dev.mmuscript.syntax.Ast.Field;
import dev.mmuscript.syntax.Ast.Handler;
import dev.mmuscript.syntax.Ast.Num;
import dev.mmuscript.syntax.Ast.Unary;

/**
 * Whether a handler's {@code when} can hold in an era, for {@code mmu drivers} and for the callbacks a notifier
 * registers with (6.6's refusal, {@code Register}): a guard made only of numbers and {@code era.KNOB}
 * ({@code when era.year < 2015}) is decided by the era; one that reads anything else (a parameter, a variable) may
 * hold in any era.
 */
public final class EraGuards {
    private EraGuards() {
    }

    public static boolean mayApply(Handler h, Semantics era) {
        if (h.when() == null) {
            return true;
        }
        Long v = value(h.when(), era);
        return v == null || v != 0;
    }

    /** The value of {@code e} in {@code era}, or null when it depends on more than the era. */
    private static Long value(Expr e, Semantics era) {
        if (e instanceof Num n) {
            return n.value();
        }
        if (e instanceof Field f && f.obj().text().equals("era")) {
            Knob k = Knob.byKey(f.field().text());
            if (k == null) {
                return null;
            }
            return k == Knob.YEAR ? (long) era.year() : "true".equals(era.get(k)) ? 1L : 0L;
        }
        if (e instanceof Unary u) {
            Long v = value(u.operand(), era);
            return v == null ? null : u.op().equals("!") ? (v == 0 ? 1L : 0L) : -v;
        }
        if (e instanceof Binary b) {
            return binary(b, era);
        }
        return null;
    }

    private static Long binary(Binary b, Semantics era) {
        Long l = value(b.left(), era);
        Long r = value(b.right(), era);
        switch (b.op()) {
            case "&&":
                if ((l != null && l == 0) || (r != null && r == 0)) {
                    return 0L;
                }
                return l == null || r == null ? null : 1L;
            case "||":
                if ((l != null && l != 0) || (r != null && r != 0)) {
                    return 1L;
                }
                return l == null || r == null ? null : 0L;
            default:
                break;
        }
        if (l == null || r == null) {
            return null;
        }
        return switch (b.op()) {
            case "==" -> l.equals(r) ? 1L : 0L;
            case "!=" -> l.equals(r) ? 0L : 1L;
            case "<" -> l < r ? 1L : 0L;
            case "<=" -> l <= r ? 1L : 0L;
            case ">" -> l > r ? 1L : 0L;
            case ">=" -> l >= r ? 1L : 0L;
            case "+" -> l + r;
            case "-" -> l - r;
            case "*" -> l * r;
            default -> null;
        };
    }
}
