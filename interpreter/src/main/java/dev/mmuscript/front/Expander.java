package dev.mmuscript.front;

import dev.mmuscript.model.Range;
import dev.mmuscript.syntax.Ast.*;
import dev.mmuscript.syntax.Diagnostics;
import dev.mmuscript.syntax.Expandable;
import dev.mmuscript.syntax.Origin;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Expands defs, their calls, {@code repeat} and {@code for} into the statements they stand for, before the
 * checker and the engine see the script, so that neither knows them. A loop is unrolled; a call is replaced by
 * the def's body with each parameter replaced by its argument, a number or a name, wherever the parameter's name
 * stands in a statement. Every statement made keeps the span of its own line, with an {@link Origin} that says
 * what was put in place of each parameter and which calls and iterations it came from.
 *
 * <p>Bounded: at most {@link #MAX_STATEMENTS} statements and loop iterations in all (an empty loop still counts,
 * so none can spin), calls and loops nested at most {@link #MAX_DEPTH} deep, and a def that calls itself is an
 * error (there is no condition to end it).
 */
final class Expander {
    static final int MAX_STATEMENTS = 100_000;
    static final int MAX_DEPTH = 32;
    /** Statements that say what a script is, once: they may not be inside a def or a loop. */
    private static final Map<Class<?>, String> TOP_ONLY = Map.of(SemanticsStmt.class, "semantics",
            IncludeStmt.class, "include", NotifierStmt.class, "notifier", DriverStmt.class, "driver",
            ProfileStmt.class, "profile", Expandable.Def.class, "def");

    private final Diagnostics diags;
    private final ExpansionValues values;
    private final Substitution substitution;
    private final Map<String, Expandable.Def> defs = new TreeMap<>();
    private final Deque<String> calling = new ArrayDeque<>();
    private int made;
    private Stmt top;
    private boolean stopped;

    Expander(Diagnostics diags) {
        this.diags = diags;
        this.values = new ExpansionValues(diags);
        this.substitution = new Substitution(diags);
    }

    /** The statements with every def, call and loop expanded; errors go to the diagnostics. */
    List<Stmt> expand(List<Stmt> stmts) {
        collect(stmts);
        return top(stmts);
    }

    // ---------------------------------------------------------------- defs

    private void collect(List<Stmt> stmts) {
        for (Stmt s : stmts) {
            if (s instanceof IncludeStmt i) {
                collect(i.body());
            } else if (s instanceof Expandable.Def d) {
                define(d);
                checkBody(d.body());
            } else if (s instanceof Expandable.Repeat r) {
                checkBody(r.body());
            } else if (s instanceof Expandable.For f) {
                checkBody(f.body());
            }
        }
    }

    private void define(Expandable.Def d) {
        Expandable.Def had = defs.putIfAbsent(d.name().text(), d);
        if (had != null) {
            diags.error(d.name().span(), "def '" + d.name().text() + "' is defined twice",
                    "expected one def per name (the first is at " + had.span().where() + ")");
        }
        Set<String> seen = new HashSet<>();
        for (Name p : d.params()) {
            if (!seen.add(p.text())) {
                diags.error(p.span(), "parameter '" + p.text() + "' appears twice", "expected distinct names");
            }
        }
    }

    /** A body holds statements that act; what says what the script is stays at the top level. */
    private void checkBody(List<Stmt> body) {
        for (Stmt s : body) {
            String word = TOP_ONLY.get(s.getClass());
            if (word != null) {
                diags.error(s.span(), "'" + word + "' cannot be inside a def or a loop",
                        "expected it at the top level of the file");
            } else if (s instanceof Expandable.Repeat r) {
                checkBody(r.body());
            } else if (s instanceof Expandable.For f) {
                checkBody(f.body());
            }
        }
    }

    // ---------------------------------------------------------------- expansion

    private List<Stmt> top(List<Stmt> stmts) {
        List<Stmt> out = new ArrayList<>();
        for (Stmt s : stmts) {
            if (stopped) {
                break;
            }
            if (s instanceof IncludeStmt i) {
                out.add(new IncludeStmt(i.span(), i.path(), top(i.body())));
            } else if (s instanceof Expandable.Def) {
                continue;
            } else if (s instanceof Expandable e) {
                top = s;
                expand(e, Scope.TOP, out);
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private void body(List<Stmt> body, Scope scope, List<Stmt> out) {
        for (Stmt s : body) {
            if (stopped) {
                return;
            }
            if (TOP_ONLY.containsKey(s.getClass())) {
                continue;   // reported by checkBody
            } else if (s instanceof Expandable e) {
                expand(e, scope, out);
            } else if (tick()) {
                out.add(substitution.of(s, scope));
            }
        }
    }

    private void expand(Expandable e, Scope scope, List<Stmt> out) {
        if (scope.frames().size() >= MAX_DEPTH) {
            diags.error(scope.at(e.span()), "calls and loops nest deeper than " + MAX_DEPTH,
                    "expected at most " + MAX_DEPTH + " calls and loops inside one another");
            stopped = true;
        } else if (e instanceof Expandable.Repeat r) {
            repeat(r, scope, out);
        } else if (e instanceof Expandable.For f) {
            loop(f, scope, out);
        } else if (e instanceof Expandable.CallDef c) {
            call(c, scope, out);
        }
    }

    private void repeat(Expandable.Repeat r, Scope scope, List<Stmt> out) {
        Long n = values.number(r.count(), scope);
        if (n == null) {
            return;
        }
        if (n < 0) {
            diags.error(scope.at(r.count().span()), "cannot repeat " + n + " times", "expected a count of 0 or more");
            return;
        }
        for (long i = 1; i <= n && tick(); i++) {
            body(r.body(), scope.loop(new Origin.Frame(r.span(), "repetition " + i + " of " + n, false)), out);
        }
    }

    private void loop(Expandable.For f, Scope scope, List<Stmt> out) {
        Long lo = values.number(f.range().lo(), scope);
        Long hi = f.range().hi() == null ? null : values.number(f.range().hi(), scope);
        Long pages = f.range().pages() == null ? null : values.number(f.range().pages(), scope);
        Long step = f.step() == null ? Long.valueOf(Range.PAGE) : values.number(f.step(), scope);
        if (lo == null || step == null || f.range().hi() != null && hi == null
                || f.range().pages() != null && pages == null) {
            return;
        }
        long end;
        try {
            end = hi != null ? hi : Math.addExact(lo, Math.multiplyExact(pages == null ? 1 : pages, Range.PAGE));
        } catch (ArithmeticException x) {
            diags.error(scope.at(f.range().span()), "the range ends past 2^63", "expected a smaller range");
            return;
        }
        if (step <= 0) {
            diags.error(scope.at(f.step().span()), "step " + step + " does not advance", "expected a step above 0");
            return;
        }
        if (end <= lo || pages != null && pages <= 0) {
            diags.error(scope.at(f.range().span()), "empty range " + Range.hex(lo) + ".." + Range.hex(end),
                    "expected the end above the start (ranges are half-open)");
            return;
        }
        String var = f.var().text();
        for (long a = lo; a < end && tick(); a = a > Long.MAX_VALUE - step ? end : a + step) {
            Scope.Binding b = new Scope.Binding(a, null, Range.hex(a));
            body(f.body(), scope.with(var, b, new Origin.Frame(f.span(), "with " + var + " = " + Range.hex(a), false)),
                    out);
        }
    }

    private void call(Expandable.CallDef c, Scope scope, List<Stmt> out) {
        String name = c.name().text();
        Expandable.Def def = callable(c, scope);
        if (def == null) {
            return;
        }
        Map<String, Scope.Binding> bindings = new LinkedHashMap<>();
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < c.args().size(); i++) {
            Scope.Binding b = values.argument(c.args().get(i), scope);
            if (b == null) {
                return;
            }
            bindings.put(def.params().get(i).text(), b);
            shown.add(b.text());
        }
        Origin.Frame frame = new Origin.Frame(c.span(), name + "(" + String.join(", ", shown) + ")", true);
        calling.push(name);
        body(def.body(), new Scope(bindings, scope.push(frame)), out);
        calling.pop();
    }

    /**
     * The def a call names, if the call can be expanded: the def is known, not being expanded already, and given
     * one argument per parameter; null after reporting why not.
     */
    private Expandable.Def callable(Expandable.CallDef c, Scope scope) {
        String name = c.name().text();
        Expandable.Def def = defs.get(name);
        if (def == null) {
            diags.error(scope.at(c.name().span()), "unknown def '" + name + "'" + Suggest.didYouMean(name,
                    defs.keySet()), defs.isEmpty() ? "expected a def NAME(PARAMS) { ... } in this script"
                    : "expected one of the script's defs: " + String.join(", ", defs.keySet()));
            return null;
        }
        if (calling.contains(name)) {
            List<String> chain = new ArrayList<>(calling);
            Collections.reverse(chain);
            chain.add(name);
            diags.error(scope.at(c.span()), "def '" + name + "' calls itself (" + String.join(" -> ",
                    chain.subList(chain.indexOf(name), chain.size())) + ")",
                    "expected no recursion: a call is expanded in place, and nothing would end it");
            stopped = true;
            return null;
        }
        if (c.args().size() != def.params().size()) {
            diags.error(scope.at(c.span()), name + " takes " + def.params().size() + (def.params().size() == 1
                    ? " argument" : " arguments") + ", not " + c.args().size(), "expected " + signature(def));
            return null;
        }
        return def;
    }

    private static String signature(Expandable.Def def) {
        List<String> params = new ArrayList<>();
        def.params().forEach(p -> params.add(p.text()));
        return def.name().text() + "(" + String.join(", ", params) + ")";
    }

    /** One statement or iteration more; false once the limit is passed (reported once, at the top statement). */
    private boolean tick() {
        if (stopped) {
            return false;
        }
        if (++made > MAX_STATEMENTS) {
            diags.error(top.span(), "this expands to more than " + String.format(java.util.Locale.ROOT, "%,d",
                    MAX_STATEMENTS) + " statements", "expected fewer iterations or calls (every statement"
                    + " made and every loop iteration counts)");
            stopped = true;
            return false;
        }
        return true;
    }
}
