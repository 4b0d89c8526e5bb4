package dev.mmuscript.front;

import dev.mmuscript.model.Range;
import dev.mmuscript.syntax.Ast.*;
import dev.mmuscript.syntax.Diagnostics;
import dev.mmuscript.syntax.Expandable;
import dev.mmuscript.syntax.Origin;
import dev.mmuscript.syntax.Span;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
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

    /** What a parameter or loop variable stands for: a number, or a name (with where the argument was written). */
    private record Binding(Long number, Name name, String text) {
    }

    /** The parameters and loop variables in scope, the calls and iterations around, and how deep they nest. */
    private record Env(Map<String, Binding> bindings, List<Origin.Frame> frames) {
        static final Env TOP = new Env(Map.of(), List.of());

        Env with(String var, Binding b, Origin.Frame frame) {
            Map<String, Binding> m = new HashMap<>(bindings);
            m.put(var, b);
            return new Env(m, push(frame));
        }

        Env loop(Origin.Frame frame) {
            return new Env(bindings, push(frame));
        }

        List<Origin.Frame> push(Origin.Frame frame) {
            List<Origin.Frame> f = new ArrayList<>();
            f.add(frame);
            f.addAll(frames);
            return f;
        }
    }

    private final Diagnostics diags;
    private final Map<String, Expandable.Def> defs = new TreeMap<>();
    private final Deque<String> calling = new ArrayDeque<>();
    private int made;
    private Stmt top;
    private boolean stopped;

    Expander(Diagnostics diags) {
        this.diags = diags;
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
                expand(e, Env.TOP, out);
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private void body(List<Stmt> body, Env env, List<Stmt> out) {
        for (Stmt s : body) {
            if (stopped) {
                return;
            }
            if (TOP_ONLY.containsKey(s.getClass())) {
                continue;   // reported by checkBody
            } else if (s instanceof Expandable e) {
                expand(e, env, out);
            } else if (tick()) {
                out.add(substitute(s, env));
            }
        }
    }

    private void expand(Expandable e, Env env, List<Stmt> out) {
        if (env.frames().size() >= MAX_DEPTH) {
            diags.error(at(e.span(), env), "calls and loops nest deeper than " + MAX_DEPTH,
                    "expected at most " + MAX_DEPTH + " calls and loops inside one another");
            stopped = true;
        } else if (e instanceof Expandable.Repeat r) {
            repeat(r, env, out);
        } else if (e instanceof Expandable.For f) {
            loop(f, env, out);
        } else if (e instanceof Expandable.CallDef c) {
            call(c, env, out);
        }
    }

    private void repeat(Expandable.Repeat r, Env env, List<Stmt> out) {
        Long n = number(r.count(), env);
        if (n == null) {
            return;
        }
        if (n < 0) {
            diags.error(at(r.count().span(), env), "cannot repeat " + n + " times", "expected a count of 0 or more");
            return;
        }
        for (long i = 1; i <= n && tick(); i++) {
            body(r.body(), env.loop(new Origin.Frame(r.span(), "repetition " + i + " of " + n, false)), out);
        }
    }

    private void loop(Expandable.For f, Env env, List<Stmt> out) {
        Long lo = number(f.range().lo(), env);
        Long hi = f.range().hi() == null ? null : number(f.range().hi(), env);
        Long pages = f.range().pages() == null ? null : number(f.range().pages(), env);
        Long step = f.step() == null ? Long.valueOf(Range.PAGE) : number(f.step(), env);
        if (lo == null || step == null || f.range().hi() != null && hi == null
                || f.range().pages() != null && pages == null) {
            return;
        }
        long end;
        try {
            end = hi != null ? hi : Math.addExact(lo, Math.multiplyExact(pages == null ? 1 : pages, Range.PAGE));
        } catch (ArithmeticException x) {
            diags.error(at(f.range().span(), env), "the range ends past 2^63", "expected a smaller range");
            return;
        }
        if (step <= 0) {
            diags.error(at(f.step().span(), env), "step " + step + " does not advance", "expected a step above 0");
            return;
        }
        if (end <= lo || pages != null && pages <= 0) {
            diags.error(at(f.range().span(), env), "empty range " + Range.hex(lo) + ".." + Range.hex(end),
                    "expected the end above the start (ranges are half-open)");
            return;
        }
        String var = f.var().text();
        for (long a = lo; a < end && tick(); a = a > Long.MAX_VALUE - step ? end : a + step) {
            Binding b = new Binding(a, null, Range.hex(a));
            body(f.body(), env.with(var, b, new Origin.Frame(f.span(), "with " + var + " = " + Range.hex(a), false)),
                    out);
        }
    }

    private void call(Expandable.CallDef c, Env env, List<Stmt> out) {
        String name = c.name().text();
        Expandable.Def def = defs.get(name);
        if (def == null) {
            diags.error(at(c.name().span(), env), "unknown def '" + name + "'" + Suggest.didYouMean(name,
                    defs.keySet()), defs.isEmpty() ? "expected a def NAME(PARAMS) { ... } in this script"
                    : "expected one of the script's defs: " + String.join(", ", defs.keySet()));
            return;
        }
        if (calling.contains(name)) {
            List<String> chain = new ArrayList<>(calling);
            java.util.Collections.reverse(chain);
            chain.add(name);
            diags.error(at(c.span(), env), "def '" + name + "' calls itself (" + String.join(" -> ",
                    chain.subList(chain.indexOf(name), chain.size())) + ")",
                    "expected no recursion: a call is expanded in place, and nothing would end it");
            stopped = true;
            return;
        }
        if (c.args().size() != def.params().size()) {
            diags.error(at(c.span(), env), name + " takes " + def.params().size() + (def.params().size() == 1
                    ? " argument" : " arguments") + ", not " + c.args().size(), "expected " + signature(def));
            return;
        }
        Map<String, Binding> bindings = new LinkedHashMap<>();
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < c.args().size(); i++) {
            Binding b = argument(c.args().get(i), env);
            if (b == null) {
                return;
            }
            bindings.put(def.params().get(i).text(), b);
            shown.add(b.text());
        }
        Origin.Frame frame = new Origin.Frame(c.span(), name + "(" + String.join(", ", shown) + ")", true);
        calling.push(name);
        body(def.body(), new Env(bindings, env.push(frame)), out);
        calling.pop();
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

    // ---------------------------------------------------------------- values

    /** An argument: a name (passed on as written), or a number (with how the trace shows it). */
    private Binding argument(Expr e, Env env) {
        if (e instanceof NameRef r) {
            Binding b = env.bindings().get(r.name());
            return b != null ? b : new Binding(null, new Name(r.name(), at(r.span(), env)), r.name());
        }
        Long v = number(e, env);
        if (v == null) {
            return null;
        }
        // As written if it is a number; computed ones as the trace writes addresses (hex from a page up).
        String text = e instanceof Num ? e.span().text() : v >= 0 && v < Range.PAGE ? Long.toString(v) : Range.hex(v);
        return new Binding(v, null, text);
    }

    /** The value of a count, a loop bound or an argument: numbers, parameters and + - * of them; null if none. */
    private Long number(Expr e, Env env) {
        try {
            return evaluate(e, env);
        } catch (ArithmeticException x) {
            diags.error(at(e.span(), env), "number out of range", "expected a value within 64 bits");
            return null;
        }
    }

    private Long evaluate(Expr e, Env env) {
        if (e instanceof Num n) {
            return n.value();
        } else if (e instanceof NameRef r) {
            Binding b = env.bindings().get(r.name());
            if (b == null) {
                diags.error(at(r.span(), env), "unknown name '" + r.name() + "'" + Suggest.didYouMean(r.name(),
                        env.bindings().keySet()), "expected a number, or a parameter or loop variable in scope"
                        + known(env));
                return null;
            }
            if (b.number() == null) {
                diags.error(at(r.span(), env), "'" + r.name() + "' stands for the name " + b.text() + " here",
                        "expected a number");
            }
            return b.number();
        } else if (e instanceof Unary u && u.op().equals("-")) {
            Long v = evaluate(u.operand(), env);
            return v == null ? null : Math.negateExact(v);
        } else if (e instanceof Binary b && List.of("+", "-", "*").contains(b.op())) {
            Long l = evaluate(b.left(), env);
            Long r = evaluate(b.right(), env);
            if (l == null || r == null) {
                return null;
            }
            return b.op().equals("+") ? Math.addExact(l, r) : b.op().equals("-") ? Math.subtractExact(l, r)
                    : Math.multiplyExact(l, r);
        }
        diags.error(at(e.span(), env), "expected a number here", "a count, a loop bound or an argument is a number,"
                + " a name, a parameter, or + - * of them in parentheses");
        return null;
    }

    private static String known(Env env) {
        return env.bindings().isEmpty() ? "" : " (known: " + String.join(", ", new java.util.TreeSet<>(
                env.bindings().keySet())) + ")";
    }

    /** A span where an error is reported: with the calls and iterations around it, so that the error names them. */
    private static Span at(Span span, Env env) {
        return env.frames().isEmpty() ? span : span.in(new Origin(List.of(), env.frames()));
    }

    // ---------------------------------------------------------------- substitution

    /**
     * The statement with each parameter replaced, and every span in it marked with its origin. It walks the
     * statement's records generically, so that a statement added to the language later is expanded too.
     */
    private Stmt substitute(Stmt s, Env env) {
        List<Origin.Edit> edits = new ArrayList<>();
        edits(s, env, edits);
        edits.sort(Comparator.comparingInt(Origin.Edit::start));
        return (Stmt) rewrite(s, env, new Origin(edits, env.frames()));
    }

    private void edits(Object node, Env env, List<Origin.Edit> out) {
        if (node instanceof Name n) {
            Binding b = env.bindings().get(n.text());
            if (b != null) {
                out.add(new Origin.Edit(n.span().start(), n.span().length(), b.text()));
            }
        } else if (node instanceof NameRef r) {
            Binding b = env.bindings().get(r.name());
            if (b != null) {
                out.add(new Origin.Edit(r.span().start(), r.span().length(), b.text()));
            }
        } else if (node instanceof List<?> list) {
            list.forEach(x -> edits(x, env, out));
        } else if (node instanceof Record r && !(node instanceof Span)) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                edits(component(r, c), env, out);
            }
        }
    }

    private Object rewrite(Object node, Env env, Origin origin) {
        if (node instanceof Span sp) {
            return sp.in(origin);
        } else if (node instanceof Name n) {
            Binding b = env.bindings().get(n.text());
            if (b != null && b.name() != null) {
                return b.name();    // as written at the call: a mistake in it is reported there
            }
            if (b != null) {
                diags.error(n.span().in(origin), "'" + n.text() + "' stands for the number " + b.text() + " here",
                        "expected a name (of a process, device, pin, file, ...) in this place");
            }
            return new Name(n.text(), n.span().in(origin));
        } else if (node instanceof NameRef r) {
            Binding b = env.bindings().get(r.name());
            if (b == null) {
                return new NameRef(r.span().in(origin), r.name());
            }
            if (b.number() == null) {
                diags.error(r.span().in(origin), "'" + r.name() + "' stands for the name " + b.text() + " here",
                        "expected a number in this place");
                return new NameRef(r.span().in(origin), b.name().text());
            }
            return new Num(r.span().in(origin), b.number());
        } else if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(x -> out.add(rewrite(x, env, origin)));
            return List.copyOf(out);
        } else if (node instanceof Record r) {
            return rebuild(r, env, origin);
        }
        return node;
    }

    private Object rebuild(Record r, Env env, Origin origin) {
        RecordComponent[] cs = r.getClass().getRecordComponents();
        Object[] values = new Object[cs.length];
        Class<?>[] types = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) {
            values[i] = rewrite(component(r, cs[i]), env, origin);
            types[i] = cs[i].getType();
        }
        try {
            return r.getClass().getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot rebuild " + r.getClass().getSimpleName(), e);
        }
    }

    private static Object component(Record r, RecordComponent c) {
        try {
            return c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + r.getClass().getSimpleName() + "." + c.getName(), e);
        }
    }
}
