package dev.mmuscript.engine;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.Violation;
import dev.mmuscript.syntax.Ast.ExpectStmt;
import dev.mmuscript.syntax.Ast.IncludeStmt;
import dev.mmuscript.syntax.Ast.SemCond;
import dev.mmuscript.syntax.Ast.SemSel;
import dev.mmuscript.syntax.Ast.Stmt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The violations a script expects under the profile it runs under ({@code expect violation KIND [on MMU] [at ADDR]
 * [at line N]} lines whose {@code if semantics} holds), and the warnings ({@code expect warning KIND [on MMU]
 * [at line N]}). A violation is expected when some expectation covers it: the
 * same kind, and the MMU, address and line of the finding statement that the expect names, if it names them. Each expectation has a label (its kind, then its
 * scope) by which a verdict names it as seen or not seen, so that a known bug does not hide a new one of its kind.
 */
public final class Expectations {

    /**
     * One expect line: the kind, and the MMU, address and line it is scoped to (null: any). The line is that of the
     * statement that finds the violation, in the script itself (not in a file it includes).
     */
    record Expectation(String kind, String mmu, Long addr, Long line, boolean warning) {
        boolean covers(Violation v, String where) {
            return !warning && kind.equals(v.kind()) && (mmu == null || mmu.equals(v.mmu()))
                    && (addr == null || addr == v.va()) && (line == null || Long.toString(line).equals(where));
        }

        /** An {@code expect warning KIND [on MMU] [at line N]} that covers a warning found at {@code where}. */
        boolean covers(Event.Warning w, String where) {
            return warning && kind.equals(w.kind()) && (mmu == null || mmu.equals(w.inst()))
                    && (line == null || Long.toString(line).equals(where));
        }

        /** {@code stale-shadow}, {@code stale-shadow on guest}, {@code stale-shadow on guest at 0x10000 at line 9}. */
        String label() {
            return kind + (mmu == null ? "" : " on " + mmu) + (addr == null ? "" : " at " + Range.hex(addr))
                    + (line == null ? "" : " at line " + line);
        }
    }

    private final List<Expectation> expectations;
    /**
     * The violations (by key) found expected: {@code assert coherent} lists a violation again on a later line, where
     * an expectation scoped to the line that found it no longer matches, and it stays expected.
     */
    private final Set<String> expectedKeys = new HashSet<>();

    private Expectations(List<Expectation> expectations) {
        this.expectations = expectations;
    }

    /** The expectations of {@code stmts} (and of the files they include) that {@code applies} selects. */
    static Expectations collect(List<Stmt> stmts, Predicate<SemCond> applies) {
        List<Expectation> out = new ArrayList<>();
        collect(stmts, applies, out);
        return new Expectations(List.copyOf(out));
    }

    private static void collect(List<Stmt> stmts, Predicate<SemCond> applies, List<Expectation> out) {
        for (Stmt s : stmts) {
            if (s instanceof ExpectStmt e && applies.test(e.when())) {
                String mmu = e.scope() == null || e.scope().mmu() == null ? null : e.scope().mmu().text();
                Long addr = e.scope() == null || e.scope().addr() == null ? null : e.scope().addr().value();
                Long line = e.scope() == null || e.scope().line() == null ? null : e.scope().line().value();
                out.add(new Expectation(e.kind().text(), mmu, addr, line, e.warning()));
            } else if (s instanceof IncludeStmt i) {
                collect(i.body(), applies, out);
            }
        }
    }

    /**
     * Whether some expectation covers {@code v}, found by the statement at {@code where} (its line, as the trace
     * numbers it: {@code 12}, {@code lib.mmu:3} in an included file, {@code end} for the final checks).
     */
    boolean covers(Violation v, String where) {
        return expectedKeys.contains(v.key()) || expectations.stream().anyMatch(e -> e.covers(v, where));
    }

    /** The labels of the expectations that cover {@code v}, in script order; empty when it is unexpected. */
    List<String> met(Violation v, String where) {
        Set<String> labels = new LinkedHashSet<>();
        expectations.stream().filter(e -> e.covers(v, where)).forEach(e -> labels.add(e.label()));
        if (!labels.isEmpty()) {
            expectedKeys.add(v.key());
        }
        return List.copyOf(labels);
    }

    /** The labels of the expectations that cover warning {@code w}, in script order; empty when it is unexpected. */
    List<String> met(Event.Warning w, String where) {
        Set<String> labels = new LinkedHashSet<>();
        expectations.stream().filter(e -> e.covers(w, where)).forEach(e -> labels.add(e.label()));
        return List.copyOf(labels);
    }

    /** The labels of the violation (or, with {@code warnings}, warning) expectations not in {@code seen}, in order. */
    List<String> missing(Set<String> seen, boolean warnings) {
        Set<String> labels = new LinkedHashSet<>();
        expectations.stream().filter(e -> e.warning() == warnings).map(Expectation::label)
                .filter(l -> !seen.contains(l)).forEach(labels::add);
        return List.copyOf(labels);
    }

    /**
     * Whether selectors ({@code a}, {@code a..b}, {@code a..}) select a profile, given its lineage (the profile,
     * then what it extends): a name selects that very profile; {@code a..b} every profile that descends from
     * {@code a} but not from {@code b}; {@code a..} every profile that descends from {@code a}.
     */
    public static boolean selects(List<SemSel> selectors, List<String> lineage) {
        for (SemSel sel : selectors) {
            if (!sel.range()) {
                if (lineage.get(0).equals(sel.from().text())) {
                    return true;
                }
            } else if (lineage.contains(sel.from().text())
                    && (sel.to() == null || !lineage.contains(sel.to().text()))) {
                return true;
            }
        }
        return false;
    }
}
