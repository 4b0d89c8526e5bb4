package dev.mmuscript.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmuscript.engine.Program;
import dev.mmuscript.front.Frontend;
import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Ast.HStmt;
import dev.mmuscript.syntax.ExprWalk;
import dev.mmuscript.syntax.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link Liveness} against every path: in a random handler of lets, assignments, unmaps, nested ifs, returns and
 * retries, the locals a step drops are exactly those that no path on from it reads before binding them again. A
 * step that drops a local some path still reads would change what a handler does; one that keeps a local no path
 * reads would keep states apart that are one.
 */
class LivenessOracleTest {
    private static final List<String> LOCALS = List.of("a", "b", "c");

    @Provide
    Arbitrary<String> bodies() {
        return block(3);
    }

    private Arbitrary<String> block(int depth) {
        return statement(depth).list().ofMinSize(1).ofMaxSize(5).map(l -> String.join("; ", l));
    }

    private Arbitrary<String> statement(int depth) {
        Arbitrary<String> expr = expression();
        Arbitrary<String> let = Combinators.combine(Arbitraries.of(LOCALS), expr).as((n, e) -> "let " + n + " = " + e);
        Arbitrary<String> assign = expr.map(e -> "v = " + e);
        Arbitrary<String> unmap = leaf().map(e -> "unmap " + e);
        Arbitrary<String> end = Arbitraries.of("return", "retry");
        if (depth == 0) {
            return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, let), net.jqwik.api.Tuple.of(3, assign),
                    net.jqwik.api.Tuple.of(1, unmap), net.jqwik.api.Tuple.of(1, end));
        }
        Arbitrary<String> branches = Combinators.combine(expr, Arbitraries.lazy(() -> block(depth - 1)),
                Arbitraries.lazy(() -> block(depth - 1))).as((c, t, e) -> "if " + c + " { " + t + " } else { " + e
                        + " }");
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, let), net.jqwik.api.Tuple.of(3, assign),
                net.jqwik.api.Tuple.of(1, unmap), net.jqwik.api.Tuple.of(1, end), net.jqwik.api.Tuple.of(3, branches));
    }

    /** A name or two, compared or added. */
    private static Arbitrary<String> expression() {
        return Combinators.combine(leaf(), Arbitraries.of(" + ", " == ", ""), leaf())
                .as((l, op, r) -> op.isEmpty() ? l : l + op + r);
    }

    /** A local, the parameter addr, the driver's variable v, or a number. */
    private static Arbitrary<String> leaf() {
        return Arbitraries.of("a", "b", "c", "addr", "v", "1");
    }

    @Property(tries = 400)
    void aStepDropsExactlyTheLocalsNoPathOnFromItReads(@ForAll("bodies") String body) {
        List<HStmt> handler = parse(body);
        Map<HStmt, String[]> dead = Liveness.of(handler);
        Set<String> bound = new TreeSet<>();
        lets(handler, bound);
        Map<HStmt, Set<String>> live = new IdentityHashMap<>();
        paths(handler, List.of(), new ArrayList<>(), live);
        for (Map.Entry<HStmt, Set<String>> e : live.entrySet()) {
            Set<String> expected = new TreeSet<>(bound);
            expected.removeAll(e.getValue());
            String[] d = dead.get(e.getKey());
            assertEquals(expected, d == null ? Set.of() : new TreeSet<>(List.of(d)),
                    "dead after '" + e.getKey().span().text() + "' in: " + body);
        }
    }

    private static List<HStmt> parse(String body) {
        String script = "process vm\nmmap vm 0x10000 pages 1 rw anon\nnotifier d on vm {\n  var v\n  var a\n  var b\n  var c\n"
                + "  on fault {\n" + body + "\n  }\n}\n";
        Frontend front = new Frontend(Path.of("."));
        Program p = front.load(new Source("t.mmu", script), null);
        if (p == null) {
            throw new AssertionError(front.diagnostics().render() + "\n" + body);
        }
        Ast.NotifierStmt n = (Ast.NotifierStmt) p.script().statements().stream()
                .filter(st -> st instanceof Ast.NotifierStmt).findFirst().orElseThrow();
        return n.def().handlers().get(0).body();
    }

    private static void lets(List<HStmt> stmts, Set<String> out) {
        for (HStmt s : stmts) {
            if (s instanceof Ast.Let l) {
                out.add(l.name().text());
            } else if (s instanceof Ast.If i) {
                lets(i.then(), out);
                lets(i.otherwise(), out);
            }
        }
    }

    /**
     * Walks every path through {@code stmts} then {@code rest} (the blocks that follow, innermost first), the
     * steps taken so far being {@code path}; at each path's end, adds to each step's live set what the path reads
     * after it before binding it again.
     */
    private static void paths(List<HStmt> stmts, List<List<HStmt>> rest, List<HStmt> path,
            Map<HStmt, Set<String>> live) {
        if (stmts.isEmpty()) {
            if (rest.isEmpty()) {
                record(path, live);
            } else {
                paths(rest.get(0), rest.subList(1, rest.size()), path, live);
            }
            return;
        }
        HStmt s = stmts.get(0);
        List<HStmt> next = stmts.subList(1, stmts.size());
        path.add(s);
        if (s instanceof Ast.Return || s instanceof Ast.Retry) {
            record(path, live);
        } else if (s instanceof Ast.If i) {
            List<List<HStmt>> after = new ArrayList<>();
            after.add(next);
            after.addAll(rest);
            paths(i.then(), after, path, live);
            paths(i.otherwise(), after, path, live);
        } else {
            paths(next, rest, path, live);
        }
        path.remove(path.size() - 1);
    }

    /** For each step of a whole path: the names the steps after it read before a let binds them again. */
    private static void record(List<HStmt> path, Map<HStmt, Set<String>> live) {
        for (int i = 0; i < path.size(); i++) {
            Set<String> reads = live.computeIfAbsent(path.get(i), k -> new LinkedHashSet<>());
            Set<String> rebound = new LinkedHashSet<>();
            for (HStmt later : path.subList(i + 1, path.size())) {
                for (String n : reads(later)) {
                    if (!rebound.contains(n)) {
                        reads.add(n);
                    }
                }
                if (later instanceof Ast.Let l) {
                    rebound.add(l.name().text());
                }
            }
        }
    }

    /** The names a step reads: an if its condition, the others their expressions. */
    private static Set<String> reads(HStmt s) {
        Set<String> out = new LinkedHashSet<>();
        ExprWalk names = new ExprWalk() {
            @Override
            public Void visit(Ast.NameRef e) {
                out.add(e.name());
                return null;
            }
        };
        if (s instanceof Ast.Let l) {
            l.value().accept(names);
        } else if (s instanceof Ast.Assign a) {
            a.value().accept(names);
        } else if (s instanceof Ast.If i) {
            i.cond().accept(names);
        } else if (s instanceof Ast.Unmap u && u.range() != null) {
            u.range().lo().accept(names);
        }
        return out;
    }
}
