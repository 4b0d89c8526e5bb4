package dev.mmuscript.engine;

import dev.mmuscript.model.Range;
import dev.mmuscript.model.Violation;
import dev.mmuscript.syntax.Ast.ExpectStmt;
import dev.mmuscript.syntax.Ast.IncludeStmt;
import dev.mmuscript.syntax.Ast.SemCond;
import dev.mmuscript.syntax.Ast.SemSel;
import dev.mmuscript.syntax.Ast.Stmt;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The violations a script expects under the profile it runs under ({@code expect violation KIND [on MMU] [at ADDR]}
 * lines whose {@code if semantics} holds). A violation is expected when some expectation covers it: the same kind,
 * and the MMU and address the line names, if it names them. Each expectation has a label (its kind, then its
 * scope) by which a verdict names it as seen or not seen, so that a known bug does not hide a new one of its kind.
 */
public final class Expectations {
    static final Expectations NONE = new Expectations(List.of());

    /** One expect line: the kind, and the MMU and address it is scoped to (null: any). */
    record Expectation(String kind, String mmu, Long addr) {
        boolean covers(Violation v) {
            return kind.equals(v.kind()) && (mmu == null || mmu.equals(v.mmu())) && (addr == null || addr == v.va());
        }

        /** {@code stale-shadow}, {@code stale-shadow on guest}, {@code stale-shadow on guest at 0x10000}. */
        String label() {
            return kind + (mmu == null ? "" : " on " + mmu) + (addr == null ? "" : " at " + Range.hex(addr));
        }
    }

    private final List<Expectation> expectations;

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
                out.add(new Expectation(e.kind().text(), mmu, addr));
            } else if (s instanceof IncludeStmt i) {
                collect(i.body(), applies, out);
            }
        }
    }

    boolean covers(Violation v) {
        return expectations.stream().anyMatch(e -> e.covers(v));
    }

    /** The labels of the expectations that cover {@code v}, in script order; empty when it is unexpected. */
    List<String> met(Violation v) {
        Set<String> labels = new LinkedHashSet<>();
        expectations.stream().filter(e -> e.covers(v)).forEach(e -> labels.add(e.label()));
        return List.copyOf(labels);
    }

    /** The labels of the expectations not in {@code seen}, in script order. */
    List<String> missing(Set<String> seen) {
        Set<String> labels = new LinkedHashSet<>();
        expectations.stream().map(Expectation::label).filter(l -> !seen.contains(l)).forEach(labels::add);
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
