package dev.mmuscript.drivers;

import dev.mmuscript.syntax.Ast.Assign;
import dev.mmuscript.syntax.Ast.Expr;
import dev.mmuscript.syntax.Ast.HGup;
import dev.mmuscript.syntax.Ast.HStmt;
import dev.mmuscript.syntax.Ast.HVisitor;
import dev.mmuscript.syntax.Ast.If;
import dev.mmuscript.syntax.Ast.Let;
import dev.mmuscript.syntax.Ast.Lock;
import dev.mmuscript.syntax.Ast.MapPage;
import dev.mmuscript.syntax.Ast.NameRef;
import dev.mmuscript.syntax.Ast.Put;
import dev.mmuscript.syntax.Ast.RangeExpr;
import dev.mmuscript.syntax.Ast.Retry;
import dev.mmuscript.syntax.Ast.Return;
import dev.mmuscript.syntax.Ast.Sleep;
import dev.mmuscript.syntax.Ast.Unlock;
import dev.mmuscript.syntax.Ast.Unmap;
import dev.mmuscript.syntax.Ast.Walk;
import dev.mmuscript.syntax.ExprWalk;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of a handler's locals ({@code let}) are dead after each statement's step: no statement that can run later
 * reads them. The step drops them from its registers, so that two threads that differ only in a value nothing
 * will read again are one state to the explorer: SPIN's dead variable elimination (Holzmann, "The Model Checker
 * SPIN", 1997, §4; on by default, -o1 turns it off). In KVM's fault handler the sampled {@code seq} is dead once
 * mmu_invalidate_retry() has compared it: 16% of kvm-retry's worlds differed only there.
 *
 * <p>A handler has no loops, so one backward pass over its blocks is exact: what is live after a statement is what
 * the statements after it read, before they bind it again; a {@code return} or {@code retry} ends the handler
 * (its epilogue reads no local); an {@code if} step (its condition) has after it what either branch reads.
 */
final class Liveness implements HVisitor<Set<String>> {
    private static final String[] NONE = new String[0];

    private final Map<HStmt, String[]> dead = new IdentityHashMap<>();
    private final Set<String> bound = new LinkedHashSet<>();
    /** What is live after the statement being visited; each visit returns what is live before it. */
    private Set<String> after = Set.of();

    private Liveness() {
    }

    /** The locals each statement's step leaves dead, by statement (identity); an absent statement drops none. */
    static Map<HStmt, String[]> of(List<HStmt> body) {
        Liveness l = new Liveness();
        l.collectBound(body);
        l.block(body, Set.of());
        return l.dead;
    }

    private void collectBound(List<HStmt> body) {
        for (HStmt s : body) {
            if (s instanceof Let let) {
                bound.add(let.name().text());
            } else if (s instanceof If i) {
                collectBound(i.then());
                collectBound(i.otherwise());
            }
        }
    }

    /** What is live before {@code stmts}, given what is live after them; records each statement's dead locals. */
    private Set<String> block(List<HStmt> stmts, Set<String> liveOut) {
        Set<String> live = liveOut;
        for (int i = stmts.size() - 1; i >= 0; i--) {
            after = live;
            live = stmts.get(i).accept(this);
        }
        return live;
    }

    /** Records what is dead after {@code s}'s step (live after it: {@code liveAfter}). */
    private void deadAfter(HStmt s, Set<String> liveAfter) {
        List<String> d = new ArrayList<>();
        for (String name : bound) {
            if (!liveAfter.contains(name)) {
                d.add(name);
            }
        }
        if (!d.isEmpty()) {
            dead.put(s, d.toArray(NONE));
        }
    }

    /** A statement that reads {@code reads} and binds {@code binds} (or null): live before it. */
    private Set<String> simple(HStmt s, String binds, Expr... reads) {
        deadAfter(s, after);
        Set<String> live = new LinkedHashSet<>(after);
        if (binds != null) {
            live.remove(binds);
        }
        for (Expr e : reads) {
            names(e, live);
        }
        return live;
    }

    @Override
    public Set<String> visit(Assign s) {
        return simple(s, null, s.value());
    }

    @Override
    public Set<String> visit(Let s) {
        return simple(s, s.name().text(), s.value());
    }

    @Override
    public Set<String> visit(If s) {
        Set<String> liveOut = after;
        Set<String> branches = new LinkedHashSet<>(block(s.then(), liveOut));
        branches.addAll(block(s.otherwise(), liveOut));
        after = branches;
        return simple(s, null, s.cond());
    }

    @Override
    public Set<String> visit(Return s) {
        after = Set.of();    // the handler ends here
        return simple(s, null);
    }

    @Override
    public Set<String> visit(Retry s) {
        after = Set.of();
        return simple(s, null);
    }

    @Override
    public Set<String> visit(Lock s) {
        return simple(s, null);
    }

    @Override
    public Set<String> visit(Unlock s) {
        return simple(s, null);
    }

    @Override
    public Set<String> visit(Unmap s) {
        RangeExpr r = s.range();
        return r == null ? simple(s, null) : simple(s, null, r.lo(), r.hi(), r.pages());
    }

    @Override
    public Set<String> visit(MapPage s) {
        return simple(s, null, s.addr());
    }

    /** gup and walk also read the parameter {@code write} by name (HandlerSteps.aimPage): no local has its name. */
    @Override
    public Set<String> visit(HGup s) {
        return simple(s, null, s.addr());
    }

    @Override
    public Set<String> visit(Walk s) {
        return simple(s, null, s.addr());
    }

    @Override
    public Set<String> visit(Put s) {
        return simple(s, null);
    }

    @Override
    public Set<String> visit(Sleep s) {
        return simple(s, null);
    }

    /** Adds to {@code out} every name {@code e} reads (null: none). */
    private static void names(Expr e, Set<String> out) {
        if (e != null) {
            e.accept(new Names(out));
        }
    }

    /** The names an expression reads. */
    private static final class Names extends ExprWalk {
        private final Set<String> out;

        Names(Set<String> out) {
            this.out = out;
        }

        @Override
        public Void visit(NameRef e) {
            out.add(e.name());
            return null;
        }
    }
}
