package dev.mmuscript.report;

import dev.mmuscript.engine.Verdict;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.Event.*;
import dev.mmuscript.model.Range;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Renders events as the text trace: each statement with its line number, the events it caused indented under
 * it, then a summary line. The golden files are this text, so it never depends on time, paths or hashing.
 */
public final class TextReport implements Consumer<Event> {
    /** How much of the trace to print. */
    public enum Level { QUIET, EVENTS, STEPS }

    private final PrintWriter out;
    private final Level level;
    private Statement pending;
    private final List<String> quietBuffer = new ArrayList<>();

    public TextReport(PrintWriter out, Level level) {
        this.out = out;
        this.level = level;
    }

    public void header(String script, String semantics) {
        if (level != Level.QUIET) {
            out.println("# " + script + " under " + semantics);
        }
    }

    @Override
    public void accept(Event e) {
        if (e.level() == Event.Level.HIDDEN) {
            return;
        }
        if (e instanceof Statement s) {
            pending = s;
            if (level != Level.QUIET) {
                out.println(statementLine(s));
            }
            return;
        }
        if (level == Level.QUIET) {
            if (isFailure(e)) {
                if (pending != null) {
                    quietBuffer.add(statementLine(pending));
                    pending = null;
                }
                quietBuffer.add("      " + render(e));
                quietBuffer.forEach(out::println);
                quietBuffer.clear();
            }
            return;
        }
        if (e.level() == Event.Level.STEPS && level != Level.STEPS) {
            return;
        }
        out.println("      " + render(e));
    }

    private static boolean isFailure(Event e) {
        return e instanceof ViolationFound v && !v.expected() || e instanceof AssertResult a && !a.passed();
    }

    /** One event as one line, without indentation. */
    public static String render(Event e) {
        if (e instanceof Step s) {
            return ". " + s.name();
        } else if (e instanceof ThreadRuns t) {
            return "[" + t.thread() + "] " + t.where() + "  " + t.text();
        } else if (e instanceof ThreadStopped t) {
            return "[" + t.thread() + "] stops after " + t.step();
        } else if (e instanceof ThreadResumed t) {
            return "[" + t.thread() + "] continues after " + t.step();
        } else if (e instanceof ThreadFinished t) {
            return "[" + t.thread() + "] finished";
        } else if (e instanceof ThreadBlocked t) {
            return "[" + t.thread() + "] blocks: waits for " + t.lock()
                    + (t.holder().isEmpty() ? "" : ", held by " + t.holder());
        } else if (e instanceof ThreadLeft t) {
            return "[" + t.thread() + "] never ran to its end" + (t.at() == null ? " (never started)"
                    : " (stopped after " + t.at() + ")");
        } else if (e instanceof LockTaken l) {
            return "[" + l.thread() + "] takes " + l.describe();
        } else if (e instanceof LockReleased l) {
            return "[" + l.thread() + "] releases " + l.describe();
        } else if (e instanceof Explored x) {
            return x.found().equals("UNKNOWN") ? "UNKNOWN: stopped at the bound (" + (x.states() < x.bound()
                    ? "depth " + x.maxDepth() + "; " + x.states() + " states" : x.bound() + " states") + "; "
                    + x.transitions() + " transitions, depth " + x.depth() + ")" : "explored " + x.states() + " states ("
                    + x.transitions() + " transitions, depth " + x.depth() + "): " + x.found();
        } else if (e instanceof ScheduleFound f) {
            return "shortest schedule: " + f.run();
        } else if (e instanceof ExploreUndone) {
            return "explore leaves the state as it found it";
        } else if (e instanceof Alloc a) {
            return "alloc pfn " + a.pfn() + " (" + a.owner() + ")";
        } else if (e instanceof Free f) {
            return "free pfn " + f.pfn();
        } else if (e instanceof PteSet p) {
            return "pte " + p.proc() + " " + hex(p.va()) + " = pfn " + p.pfn() + " " + p.mode();
        } else if (e instanceof PteChange p) {
            return "pte " + p.proc() + " " + hex(p.va()) + " pfn " + p.pfn() + ": " + p.from() + " -> " + p.to();
        } else if (e instanceof PteClear p) {
            return "pte " + p.proc() + " " + hex(p.va()) + " cleared (was pfn " + p.pfn() + ")";
        } else if (e instanceof TlbFlush t) {
            return "flush tlb " + t.proc() + " " + t.range() + " (" + t.why() + "): " + t.entries()
                    + (t.entries() == 1 ? " entry" : " entries");
        } else if (e instanceof Call c) {
            return "call " + c.inst() + "." + c.callback() + (c.args().isEmpty() ? "" : " " + c.args())
                    + (c.mode().isEmpty() ? "" : " " + c.mode());
        } else if (e instanceof Skipped s) {
            return "skip " + s.inst() + "." + s.callback() + " " + s.args() + ": " + s.reason();
        } else if (e instanceof ShadowSet s) {
            return "shadow " + s.inst() + " " + hex(s.va()) + " = pfn " + s.pfn() + " " + (s.writable() ? "rw" : "r");
        } else if (e instanceof ShadowClear s) {
            return "shadow " + s.inst() + " " + hex(s.va()) + " cleared (was pfn " + s.pfn() + ")";
        } else if (e instanceof GupTaken g) {
            return "gup " + hex(g.va()) + " -> pfn " + g.pfn() + (g.pin() ? " (pinned by " + g.holder() + ")"
                    : " (reference for " + g.holder() + ")");
        } else if (e instanceof GupReleased g) {
            return "put pfn " + g.pfn() + (g.pin() ? " (" + g.holder() + " unpins " + hex(g.va()) + ")"
                    : " (" + g.holder() + " drops its reference)");
        } else if (e instanceof FrameKept k) {
            return "pfn " + k.pfn() + " stays allocated: " + k.refs() + (k.refs() == 1 ? " reference" : " references")
                    + " left";
        } else if (e instanceof PinIncomplete p) {
            return "gup " + p.pin() + ": stopped at a page it could not pin (EFAULT)";
        } else if (e instanceof Segv s) {
            return "SIGSEGV " + s.proc() + " " + s.access() + " " + hex(s.va()) + ": " + s.why();
        } else if (e instanceof Access a) {
            return a.who() + (a.write() ? " writes " : " reads ") + hex(a.va()) + " = " + a.value() + " (pfn "
                    + a.pfn() + ")";
        } else if (e instanceof VarSet v) {
            return v.inst() + "." + v.var() + ": " + v.from() + " -> " + v.to();
        } else if (e instanceof VmaAdded v) {
            return "vma " + v.proc() + " " + v.range() + " " + v.prot() + " " + v.backing();
        } else if (e instanceof FileCreated f) {
            return "file " + f.file() + ": " + f.pages() + " pages";
        } else if (e instanceof SwapOut s) {
            return "pte " + s.proc() + " " + hex(s.va()) + " = swap entry (content of pfn " + s.pfn() + ")";
        } else if (e instanceof SwapIn s) {
            return "swap in " + s.proc() + " " + hex(s.va()) + " -> pfn " + s.pfn();
        } else if (e instanceof SwapFreed s) {
            return "pte " + s.proc() + " " + hex(s.va()) + " swap entry freed";
        } else if (e instanceof MigrationEntry m) {
            return "pte " + m.proc() + " " + hex(m.va()) + " = migration entry (pfn " + m.pfn() + ")";
        } else if (e instanceof Copied c) {
            return c.why() + ": copy pfn " + c.from() + " -> pfn " + c.to();
        } else if (e instanceof WrittenBack w) {
            return "write back " + w.file() + " page " + w.index() + " (pfn " + w.pfn() + ") = " + w.value();
        } else if (e instanceof PageCacheDrop d) {
            return "page cache " + d.file() + " page " + d.index() + ": pfn " + d.pfn() + " dropped";
        } else if (e instanceof Forked f) {
            return "fork " + f.parent() + " -> " + f.child();
        } else if (e instanceof PteMoved m) {
            return "pte " + m.proc() + " " + hex(m.from()) + " moved to " + hex(m.to()) + " (pfn " + m.pfn() + ")";
        } else if (e instanceof Remapped r) {
            return "nonlinear " + r.proc() + " " + hex(r.va()) + " -> " + r.file() + " page " + r.index();
        } else if (e instanceof NotInEra n) {
            return n.what() + ": not in this era (" + n.why() + ")";
        } else if (e instanceof NotMerged n) {
            return "ksm: " + n.proc() + " " + hex(n.va()) + " not merged: " + n.why();
        } else if (e instanceof FlushDeferred d) {
            return "tlb flush of " + d.proc() + " " + hex(d.va()) + " deferred (batched until try_to_unmap_flush)";
        } else if (e instanceof Walked w) {
            return w.inst() + " walks the page table: " + hex(w.va()) + " -> pfn " + w.pfn() + " "
                    + (w.writable() ? "rw" : "r");
        } else if (e instanceof ItreeSeq i) {
            return "mm " + i.proc() + " invalidate_seq " + i.from() + " -> " + i.to();
        } else if (e instanceof Registered r) {
            return "mmu_notifier_register " + r.inst() + (r.driver().equals(r.inst()) ? "" : " (" + r.driver() + ")")
                    + " on " + r.proc();
        } else if (e instanceof Unregistered u) {
            return "mmu_notifier_unregister " + u.inst();
        } else if (e instanceof Returned r) {
            return r.inst() + "." + r.callback() + " returned " + r.result();
        } else if (e instanceof StartFailed f) {
            return "invalidate_range_start failed with EAGAIN (" + String.join(", ", f.insts()) + ")";
        } else if (e instanceof NoReaper) {
            return "no OOM reaper in this era: the victim's memory goes when it exits";
        } else if (e instanceof ReaperSkipsMm r) {
            return "oom_reaper: " + r.proc() + " has " + r.why() + " (" + String.join(", ", r.notifiers())
                    + "): not reaped";
        } else if (e instanceof ReaperSkipsVma r) {
            return "oom_reap " + r.proc() + " " + r.range() + ": range_start failed with EAGAIN; the reaper skips"
                    + " this VMA (no unmap, no range_end of its own) and retries later";
        } else if (e instanceof ReaperWithoutNotifiers r) {
            return "oom_reap " + r.proc() + " " + r.range() + ": unmapping without range_start/range_end";
        } else if (e instanceof PinOutlivesMm p) {
            return "pin " + p.pin() + " still holds " + p.pages() + " page(s) of " + p.proc();
        } else if (e instanceof GupFailed g) {
            return g.holder() + ": gup " + hex(g.va()) + " failed with " + g.errno();
        } else if (e instanceof ChangePteInsideStart c) {
            return c.inst() + ".change_pte " + hex(c.va()) + " comes after " + c.inst() + ".invalidate_range_start "
                    + hex(c.va()) + ", before its end: what range_start dropped, change_pte cannot change (B11)";
        } else if (e instanceof Retry r) {
            return r.inst() + " fault " + hex(r.va()) + ": retry";
        } else if (e instanceof NoTranslation n) {
            return n.inst() + " " + (n.write() ? "write" : "read") + " " + hex(n.va())
                    + ": no translation after the fault";
        } else if (e instanceof Overridden o) {
            return "overridden: running under " + o.profile();
        } else if (e instanceof NotThisEra n) {
            return (n.expectation() ? "not expected under " : "skipped under ") + n.profile();
        } else if (e instanceof EagainIgnored w) {
            return "warning: " + w.inst() + "." + w.callback() + " returned EAGAIN where it cannot fail; the"
                    + " kernel ignores it";
        } else if (e instanceof EndOnFailingNotifier w) {
            return "warning: WARN_ON: " + w.inst() + " can fail invalidate_range_start but implements"
                    + " invalidate_range_end";
        } else if (e instanceof ReturnedHolding w) {
            return "warning: " + w.inst() + "." + w.callback() + " returned holding " + w.lock();
        } else if (e instanceof ViolationFound v) {
            return "VIOLATION " + v.violation().kind() + (v.expected() ? " (expected)" : "") + ": "
                    + v.violation().detail();
        } else if (e instanceof AssertResult a) {
            return a.passed() ? "assert ok: " + a.text() + (a.detail().isEmpty() ? "" : " (" + a.detail() + ")")
                    : "ASSERTION FAILED: " + a.text() + (a.detail().isEmpty() ? "" : " (" + a.detail() + ")");
        } else if (e instanceof ShowLine s) {
            return s.text();
        } else if (e instanceof Statement s) {
            return s.where() + "  " + s.text();
        }
        throw new IllegalStateException(e.toString());
    }

    /** A statement's line: its place right-aligned in four columns, two spaces, its text ("%4s  %s"). */
    private static String statementLine(Statement s) {
        StringBuilder b = new StringBuilder(s.where().length() + s.text().length() + 6);
        for (int pad = 4 - s.where().length(); pad > 0; pad--) {
            b.append(' ');
        }
        return b.append(s.where()).append("  ").append(s.text()).toString();
    }

    private static String hex(long v) {
        return Range.hex(v);
    }

    /** The closing line: PASS or FAIL, the profile, and what decided it. */
    public void summary(Verdict v) {
        List<String> parts = new ArrayList<>();
        parts.add(v.statements() + (v.statements() == 1 ? " statement" : " statements"));
        parts.add(v.failedAssertions() == 0 ? v.assertions() + (v.assertions() == 1 ? " assertion" : " assertions")
                + " held" : v.failedAssertions() + " of " + v.assertions() + " assertions failed");
        if (!v.expectedSeen().isEmpty()) {
            parts.add("expected violations: " + String.join(", ", v.expectedSeen()));
        }
        if (!v.unexpected().isEmpty()) {
            parts.add("unexpected violations: " + String.join(", ", v.unexpected()));
        }
        if (!v.missing().isEmpty()) {
            parts.add("expected but not seen: " + String.join(", ", v.missing()));
        }
        if (v.unexpected().isEmpty() && v.expectedSeen().isEmpty() && v.missing().isEmpty()) {
            parts.add("no violations");
        }
        Verdict.Warnings w = v.warnings();
        if (!w.expectedSeen().isEmpty()) {
            parts.add("expected warnings: " + String.join(", ", w.expectedSeen()));
        }
        if (w.werror() && !w.unexpected().isEmpty()) {
            parts.add("unexpected warnings (--werror): " + String.join(", ", w.unexpected()));
        }
        if (!w.missing().isEmpty()) {
            parts.add("warnings expected but not seen: " + String.join(", ", w.missing()));
        }
        if (!v.unknown().isEmpty()) {
            parts.add("explore stopped at its bound (line " + String.join(", ", v.unknown()) + ")");
        }
        String verdict = v.passed() ? "PASS" : v.exitCode() == Verdict.UNKNOWN ? "UNKNOWN" : "FAIL";
        String line = verdict + " under " + v.semantics() + ": " + String.join("; ", parts);
        if (level != Level.QUIET || !v.passed()) {
            out.println(line);
        }
        out.flush();
    }
}
