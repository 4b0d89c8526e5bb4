package dev.mmuscript.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.mmuscript.front.Frontend;
import dev.mmuscript.report.TextReport;
import dev.mmuscript.syntax.Ast.Stmt;
import dev.mmuscript.syntax.Source;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Snapshot and resume, as the REPL uses them: a run continued on a new engine ends as one uninterrupted run. */
class EngineSnapshotTest {
    static final String SCRIPT = """
            expect violation lost-write
            process vm
            mmap vm 0x10000 pages 2 rw anon
            notifier dma on vm {
              on invalidate_range_start { }
              on fault {
                gup addr as page
                map addr to page
              }
            }
            set oom_reaper = skip_if_notifiers
            write vm 0x10000 = 1
            dma fault 0x10000 write
            assert vm[0x10000] == 2
            madvise vm 0x10000 pages 1 dontneed
            dma write 0x10000 = 42
            read vm 0x10000
            assert coherent
            """;

    static Program program() {
        Program p = new Frontend(Path.of(".")).load(new Source("t.mmu", SCRIPT), null);
        assertNotEquals(null, p);
        return p;
    }

    static String trace(StringWriter w) {
        return w.toString();
    }

    @Test
    void aRunResumedFromASnapshotOnANewEngineEndsAsAnUninterruptedOne() {
        Program p = program();
        List<Stmt> stmts = p.script().statements();
        StringWriter whole = new StringWriter();
        TextReport wholeReport = new TextReport(new PrintWriter(whole, true), TextReport.Level.EVENTS);
        Verdict expected = new Engine(p, wholeReport).run();

        StringWriter parts = new StringWriter();
        TextReport partsReport = new TextReport(new PrintWriter(parts, true), TextReport.Level.EVENTS);
        TextReport[] to = {partsReport};
        Engine first = new Engine(p, ev -> to[0].accept(ev));
        first.resume(null);
        first.runAll(stmts.subList(0, 9));
        Engine.Snapshot half = first.snapshot();
        to[0] = new TextReport(new PrintWriter(new StringWriter()), TextReport.Level.EVENTS);
        first.runAll(stmts.subList(9, 11)); // a branch the REPL throws away (an undone line)
        Engine second = new Engine(p, partsReport);
        second.resume(half);
        second.runAll(stmts.subList(9, stmts.size()));
        Verdict resumed = second.finish();

        assertEquals(expected, resumed);
        assertEquals(trace(whole), trace(parts));
    }

    @Test
    void aSnapshotKeepsTheKnobsThatSetChangedAndTheCounts() {
        Program p = program();
        Engine e = new Engine(p, ev -> { });
        e.resume(null);
        e.runAll(p.script().statements().subList(0, 9));
        Engine.Snapshot s = e.snapshot();
        assertEquals(dev.mmuscript.semantics.OomReaper.SKIP_IF_NOTIFIERS, s.semantics().oomReaper());
        assertEquals(1, s.assertions());
        assertEquals(1, s.failedAssertions());
        assertEquals(9, s.statements());
        Engine again = new Engine(p, ev -> { });
        again.resume(s);
        assertEquals(s, again.snapshot());
    }
}
