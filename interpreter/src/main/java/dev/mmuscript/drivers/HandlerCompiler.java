package dev.mmuscript.drivers;

import dev.mmuscript.model.Event;
import dev.mmuscript.ops.Builder;
import dev.mmuscript.ops.Code;
import dev.mmuscript.ops.Lock;
import dev.mmuscript.syntax.Ast.*;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a handler body to ops: each statement is one step named {@code KEYWORD} (or {@code KEYWORD.2} for the
 * second of its keyword in the handler), so that {@code guest.fault.gup} names the gup of guest's fault handler;
 * {@code lock} is a step and an acquire, {@code if} a step and a branch. Every return, retry and abort goes
 * through one epilogue that drops the locks the handler still holds.
 */
final class HandlerCompiler implements HVisitor<Void> {
    static final String EPILOGUE = "epilogue";

    private final HandlerSteps steps;
    private final DriverDef def;
    private final Builder b;
    private final Map<String, Integer> seen = new HashMap<>();
    /** The locals each statement's step leaves dead ({@link Liveness}). */
    private final Map<HStmt, String[]> dead;
    private int labels;

    private HandlerCompiler(HandlerSteps steps, DriverDef def, Handler h) {
        this.steps = steps;
        this.def = def;
        this.b = Builder.path(def.name().text() + "." + h.callback().text());
        this.dead = Liveness.of(h.body());
    }

    static Code compile(HandlerSteps steps, DriverDef def, Handler h) {
        HandlerCompiler c = new HandlerCompiler(steps, def, h);
        c.body(h.body());
        c.epilogue();
        return c.b.build();
    }

    private void body(List<HStmt> stmts) {
        for (HStmt s : stmts) {
            s.accept(this);
            if (mayEnd(s)) {
                b.branch((c, r) -> ((HRegs) r).result() != null, EPILOGUE);
            }
        }
    }

    /**
     * Whether a statement can end the handler: return and retry; gup and walk when they fail; any statement whose
     * expression calls read_begin(), which aborts the handler when it would wait for ever. Only after these does
     * the handler test its result (every op counts: the explorer runs them millions of times).
     */
    private static boolean mayEnd(HStmt s) {
        return s instanceof Return || s instanceof Retry || s instanceof HGup || s instanceof Walk
                || s.span().text().contains("read_begin");
    }

    private String name(HStmt s) {
        int n = seen.merge(s.keyword(), 1, Integer::sum);
        return n == 1 ? s.keyword() : s.keyword() + "." + n;
    }

    /**
     * The step of a statement: announces it (with its text), then runs {@code body}, then drops the locals nothing
     * after it reads ({@link Liveness}).
     */
    private void step(HStmt s, StepBody body) {
        String name = name(s);
        String said = name + ": " + s.span().headline();
        String[] dies = dead.get(s);
        b.step(name, (c, r) -> {
            HRegs regs = (HRegs) r;
            c.machine().emit(new Event.Step(regs.prefix(), said));
            try {
                return forget(body.apply(c, regs), dies);
            } catch (Eval.Blocked e) {
                steps.livelock(regs, e);
                return regs.withResult(Drivers.Result.ABORT);
            }
        });
    }

    /** The registers without the locals {@code dies} (null: none). */
    private static HRegs forget(HRegs r, String[] dies) {
        return dies == null || r.env().locals().isEmpty() ? r : r.withEnv(r.env().without(dies));
    }

    @FunctionalInterface
    private interface StepBody {
        HRegs apply(dev.mmuscript.ops.Ctx c, HRegs r);
    }

    @Override
    public Void visit(Assign s) {
        step(s, (c, r) -> steps.assign(s, r, c));
        return null;
    }

    @Override
    public Void visit(Let s) {
        step(s, (c, r) -> r.withEnv(r.env().set(s.name().text(), steps.eval(s.value(), r, c))));
        return null;
    }

    @Override
    public Void visit(If s) {
        String otherwise = "else" + labels;
        String end = "endif" + labels++;
        step(s, (c, r) -> r.withCond(steps.eval(s.cond(), r, c) != 0));
        b.branch((c, r) -> !((HRegs) r).cond(), otherwise);
        body(s.then());
        b.jump(end);
        b.label(otherwise);
        body(s.otherwise());
        b.label(end);
        return null;
    }

    @Override
    public Void visit(Return s) {
        step(s, (c, r) -> r.withResult(s.eagain() ? Drivers.Result.EAGAIN : Drivers.Result.OK));
        return null;
    }

    @Override
    public Void visit(Retry s) {
        step(s, (c, r) -> r.withResult(Drivers.Result.RETRY));
        return null;
    }

    @Override
    public Void visit(dev.mmuscript.syntax.Ast.Lock s) {
        String lock = s.lock().text();
        boolean sleeping = sleeping(lock);
        String name = name(s);
        String said = name + ": " + s.span().headline();
        b.local((c, r) -> {
            HRegs regs = (HRegs) r;
            c.machine().emit(new Event.Step(regs.prefix(), said));
            if (sleeping) {
                steps.mightSleep(c, regs, "mutex_lock(" + lock + ")");
            }
            return regs;
        });
        b.acquireQuietly(name, (c, r) -> new Lock(sleeping ? Lock.Kind.MUTEX : Lock.Kind.SPIN, ((HRegs) r).inst(), lock));
        String[] dies = dead.get(s);
        b.local((c, r) -> forget(((HRegs) r).taking(lock), dies));
        return null;
    }

    @Override
    public Void visit(Unlock s) {
        String lock = s.lock().text();
        boolean sleeping = sleeping(lock);
        // The release fuses into the unlock step, so that a thread stopped after it no longer holds the lock.
        b.release(null, (c, r) -> new Lock(sleeping ? Lock.Kind.MUTEX : Lock.Kind.SPIN, ((HRegs) r).inst(), lock));
        step(s, (c, r) -> steps.unlock(s, r));
        return null;
    }

    @Override
    public Void visit(Unmap s) {
        step(s, (c, r) -> steps.unmap(s, r, c));
        return null;
    }

    @Override
    public Void visit(MapPage s) {
        step(s, (c, r) -> steps.map(s, r, c));
        return null;
    }

    @Override
    public Void visit(HGup s) {
        take(s, s.addr(), s.write(), s.page(), true);
        return null;
    }

    @Override
    public Void visit(Walk s) {
        take(s, s.addr(), s.write(), s.page(), false);
        return null;
    }

    /**
     * {@code gup} or {@code walk}: announced with its text, then a call of the kernel's get_user_pages (or page
     * walk) code, which may fault, so a thread can stop inside it ({@code gup.mmap_read_lock}); the statement's
     * step ends when the page is taken.
     */
    private void take(HStmt s, Expr addr, boolean write, Name page, boolean ref) {
        String name = name(s);
        String said = name + ": " + s.span().headline();
        b.local((c, r) -> {
            HRegs regs = (HRegs) r;
            c.machine().emit(new Event.Step(regs.prefix(), said));
            try {
                if (ref) {
                    steps.mightSleep(c, regs, "gup");
                }
                return steps.aimPage(addr, write, page, ref, regs, c);
            } catch (Eval.Blocked e) {
                steps.livelock(regs, e);
                return regs.withResult(Drivers.Result.ABORT);
            }
        });
        b.call((c, r) -> steps.takePage(page, ref, (HRegs) r),
                (c, r, frame) -> steps.tookPage(page, (HRegs) r, (dev.mmuscript.model.Frame) frame));
        String[] dies = dead.get(s);
        b.step(name, (c, r) -> forget((HRegs) r, dies));
    }

    @Override
    public Void visit(Put s) {
        step(s, (c, r) -> steps.put(s, r));
        return null;
    }

    @Override
    public Void visit(Sleep s) {
        step(s, (c, r) -> {
            steps.mightSleep(c, r, "sleep");
            return r;
        });
        return null;
    }

    /** Drops every lock the handler still holds (each reported), then returns its result (OK if none). */
    private void epilogue() {
        b.label(EPILOGUE);
        b.branch((c, r) -> ((HRegs) r).held().isEmpty(), "out");
        b.release(null, (c, r) -> {
            HRegs regs = (HRegs) r;
            String lock = regs.held().get(0);
            return new Lock(sleeping(lock) ? Lock.Kind.MUTEX : Lock.Kind.SPIN, regs.inst(), lock);
        });
        b.local((c, r) -> {
            HRegs regs = (HRegs) r;
            String lock = regs.held().get(0);
            c.machine().emit(new Event.ReturnedHolding(regs.inst(), regs.callback(), lock));
            return regs.dropping(lock);
        });
        b.jump(EPILOGUE);
        b.label("out");
        b.ret((c, r) -> ((HRegs) r).result() == null ? Drivers.Result.OK : ((HRegs) r).result());
    }

    private boolean sleeping(String lock) {
        for (LockDecl d : def.locks()) {
            if (d.name().text().equals(lock)) {
                return d.sleeping();
            }
        }
        return false;
    }
}
