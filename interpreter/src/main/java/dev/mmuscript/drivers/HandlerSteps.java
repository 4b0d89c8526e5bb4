package dev.mmuscript.drivers;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Machine;
import dev.mmuscript.model.PMap;
import dev.mmuscript.model.Pte;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.ShadowEntry;
import dev.mmuscript.model.Violation;
import dev.mmuscript.ops.Ctx;
import dev.mmuscript.ops.Invocation;
import dev.mmuscript.ops.Lock;
import dev.mmuscript.syntax.Ast.*;
import dev.mmuscript.syntax.ScriptError;

/** What each handler statement does when its step runs: plain Java over the machine, no calls out but gup. */
final class HandlerSteps {
    private final Machine m;
    private final Eval eval;
    private final Host host;
    private final Drivers drivers;

    HandlerSteps(Machine m, Eval eval, Host host, Drivers drivers) {
        this.m = m;
        this.eval = eval;
        this.host = host;
        this.drivers = drivers;
    }

    /** An expression of the handler whose registers are {@code r}; a read_begin in it may sleep in {@code c}. */
    long eval(Expr e, HRegs r, Ctx c) {
        return eval.eval(e, r.env(), () -> mightSleep(c, r, "read_begin"));
    }

    HRegs assign(Assign a, HRegs r, Ctx c) {
        Long old = m.mmus().info(r.inst()) == null ? null : m.mmus().var(r.inst(), a.var().text());
        if (old == null) {
            throw new ScriptError(a.var().span(), r.inst() + " has no variable '" + a.var().text() + "'");
        }
        long v = eval(a.value(), r, c);
        long now = a.op().equals("+=") ? old + v : a.op().equals("-=") ? old - v : v;
        if (now != old) {   // an assignment that keeps the value (kvm's min and max) makes no new state
            m.mmus().var(r.inst(), a.var().text(), now);
        }
        m.emit(new Event.VarSet(r.inst(), a.var().text(), old, now));
        return r;
    }

    HRegs unlock(Unlock u, HRegs r) {
        String name = u.lock().text();
        if (!r.held().contains(name)) {
            throw new ScriptError(u.span(), r.inst() + " unlocks " + name + ", which it does not hold");
        }
        return r.dropping(name);
    }

    HRegs unmap(Unmap u, HRegs r, Ctx c) {
        Range range = null;
        if (u.range() != null) {
            long lo = eval(u.range().lo(), r, c) & ~(Range.PAGE - 1);
            long hi = u.range().hi() != null ? eval(u.range().hi(), r, c)
                    : u.range().pages() != null ? lo + eval(u.range().pages(), r, c) * Range.PAGE
                    : lo + Range.PAGE;
            range = new Range(lo, hi);
        }
        PMap<Long, ShadowEntry> shadow = m.mmus().shadowTable(r.inst());
        for (Long va : range == null ? shadow.keys() : shadow.keysIn(range.start(), range.end())) {
            long pfn = m.mmus().clearShadow(r.inst(), va).pfn();
            if (u.put() && m.mmus().refs(r.inst(), pfn) != null) {
                host.put(pfn, r.inst(), va);   // the driver's unpin of the page it mapped (put_page)
            }
        }
        return r;
    }

    HRegs map(MapPage mp, HRegs r, Ctx c) {
        Env.Page page = r.env().pages().get(mp.page().text());
        if (page == null) {
            throw new ScriptError(mp.page().span(), "no page named '" + mp.page().text() + "'",
                    "take one first with: gup ADDR as " + mp.page().text());
        }
        long va = eval(mp.addr(), r, c) & ~(Range.PAGE - 1);
        Pte now = m.mms().ptes(m.mmus().info(r.inst()).proc()).get(page.va());
        boolean writable = page.write() || (!page.ref() && now != null && now.pfn() == page.pfn() && now.writable());
        m.mmus().setShadow(r.inst(), va, new ShadowEntry(page.pfn(), page.generation(), writable, false));
        return r;
    }

    /**
     * {@code gup} (a reference, {@code ref}) or {@code walk} (none): a page the PTE maps with the access is taken at
     * once (follow_page_mask); else the page is named with its address and access and no frame yet, for the
     * kernel's code to fault it in ({@link #takePage}).
     */
    HRegs aimPage(Expr addr, boolean writeWord, Name page, boolean ref, HRegs r, Ctx c) {
        long va = eval(addr, r, c) & ~(Range.PAGE - 1);
        boolean write = writeWord || r.env().lookup("write") != null && r.env().lookup("write") != 0;
        dev.mmuscript.model.Frame fr = host.takeIfMapped(m.mmus().info(r.inst()).proc(), va, write, r.inst(),
                ref);
        Env.Page p = fr == null ? new Env.Page(va, -1, 0, write, ref)
                : new Env.Page(va, fr.pfn(), fr.generation(), write, ref);
        return r.withEnv(r.env().withPage(page.text(), p));
    }

    /**
     * The kernel code that faults in and takes the page aimed at: get_user_pages, or the device's walk; none after
     * an abort or when the page was taken at once.
     */
    Invocation takePage(Name page, boolean ref, HRegs r) {
        if (r.result() != null) {
            return null;
        }
        Env.Page p = r.env().pages().get(page.text());
        if (p.pfn() >= 0) {
            return null;
        }
        String proc = m.mmus().info(r.inst()).proc();
        return ref ? host.gupCode(proc, p.va(), p.write(), r.inst())
                : host.walkCode(proc, p.va(), p.write(), r.inst());
    }

    /** The page the handler then maps or puts; a failure (EFAULT, or EPERM: {@link GupErrno}) ends the handler. */
    HRegs tookPage(Name page, HRegs r, dev.mmuscript.model.Frame fr) {
        Env.Page p = r.env().pages().get(page.text());
        if (fr == null) {
            m.emit(new Event.GupFailed(r.inst(), p.va(), GupErrno.of(m, drivers, r.inst(), p.va(), p.write(), p.ref())));
            return r.withEnv(r.env().withoutPage(page.text())).withResult(Drivers.Result.ABORT);
        }
        return r.withEnv(r.env().withPage(page.text(), new Env.Page(p.va(), fr.pfn(), fr.generation(), p.write(),
                p.ref())));
    }

    HRegs put(Put p, HRegs r) {
        Env.Page page = r.env().pages().get(p.page().text());
        if (page == null) {
            throw new ScriptError(p.page().span(), "no page named '" + p.page().text() + "'");
        }
        if (!page.ref()) {
            throw new ScriptError(p.span(), "'" + p.page().text() + "' came from walk, which takes no reference",
                    "expected put only for a page taken with gup");
        }
        host.put(page.pfn(), r.inst(), page.va());
        return r.withEnv(r.env().withoutPage(p.page().text()));
    }

    /**
     * A step that may sleep: a violation if the caller is atomic or non-blocking, or the thread holds a spinlock
     * (one of the driver's, or a kernel one such as the page-table lock).
     */
    void mightSleep(Ctx c, HRegs r, String what) {
        String why = null;
        if (r.ctx().atomic()) {
            why = r.ctx().why();
        } else if (r.ctx().nonblocking()) {
            why = "in a non-blocking invalidation";
        } else {
            for (String lock : r.held()) {
                if (!drivers.sleepingLock(r.inst(), lock)) {
                    why = "while holding the spinlock " + lock;
                    break;
                }
            }
            Lock kernelLock = c.task().spinlockHeld();
            if (why == null && kernelLock != null) {
                why = "while holding " + kernelLock.describe();
            }
        }
        if (why != null) {
            m.violation(new Violation("sleep-in-atomic", r.inst(), -1, -1,
                    r.inst() + "." + r.callback() + " may sleep (" + what + ") " + why));
        }
    }

    void livelock(HRegs r, Eval.Blocked b) {
        m.violation(new Violation("livelock", r.inst(), -1, -1, r.inst() + "." + r.callback() + " " + b.getMessage()));
    }
}
