package dev.mmuscript.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.model.Event;
import dev.mmuscript.model.Violation;
import dev.mmuscript.report.Timeline.Bar;
import dev.mmuscript.report.Timeline.MarkKind;
import dev.mmuscript.report.Timeline.Row;
import dev.mmuscript.report.Timeline.RowKind;
import dev.mmuscript.run.Options;
import dev.mmuscript.run.Runner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timeline's layout: which rows, columns, lock bars and marks a run's events make. */
class TimelineTest {
    static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    private static Event.LockTaken take(String thread, String lock) {
        return new Event.LockTaken(thread, "vm", lock, "");
    }

    private static Event.LockReleased release(String thread, String lock, boolean withNextStep) {
        return new Event.LockReleased(thread, "vm", lock, "", withNextStep);
    }

    @Test
    void mainComesFirstThenTheThreadsInDeclarationOrderAndAColumnWithNoRowIsLeftOut() {
        Timeline t = Timeline.of("title", "", List.of("b", "idle", "a"), List.of(
                new Event.Statement("3", "run a, b"),
                new Event.ThreadRuns("a", "1", "zap vm 0x1000"),
                new Event.Step("zap.clear_ptes"),
                new Event.ThreadRuns("b", "2", "touch vm 0x1000")));
        assertEquals(List.of("main", "b", "a"), t.columns());
        assertEquals(List.of(
                new Row(0, "3", "run a, b", RowKind.STATEMENT, List.of()),
                new Row(2, "1", "zap vm 0x1000", RowKind.STATEMENT, List.of()),
                new Row(2, "", "zap.clear_ptes", RowKind.STEP, List.of()),
                new Row(1, "2", "touch vm 0x1000", RowKind.STATEMENT, List.of())), t.rows());
    }

    @Test
    void aLockIsABarFromTheRowOfItsStepToTheRowOfItsRelease() {
        Timeline t = Timeline.of("title", "", List.of("a"), List.of(
                new Event.ThreadRuns("a", "1", "zap vm 0x1000"),
                new Event.Step("zap.lock_ptl"), take("a", "ptl"),
                new Event.Step("zap.clear_ptes"),
                new Event.Step("zap.unlock_ptl"), release("a", "ptl", false),
                new Event.Step("zap.flush_tlb")));
        assertEquals(List.of(new Bar(0, "vm.ptl", 0, 1, 3, false)), t.bars());
        assertEquals(List.of("vm.ptl"), t.held(0, 2));
        assertEquals(List.of(), t.held(0, 4));
    }

    @Test
    void aReleaseWithoutAStepOfItsOwnEndsOnTheThreadsNextStep() {
        Timeline t = Timeline.of("title", "", List.of("a"), List.of(
                new Event.ThreadRuns("a", "1", "A fault 0x1000 write"),
                new Event.Step("A.fault.lock: lock l"), take("a", "l"),
                new Event.Step("A.fault.map: map addr to page"),
                release("a", "l", true),
                new Event.Step("A.fault.unlock: unlock l"),
                new Event.Step("A.fault.put: put page")));
        assertEquals(List.of(new Bar(0, "vm.l", 0, 1, 3, false)), t.bars());
    }

    @Test
    void aLockTakenAfterAWaitStartsOnTheThreadsNextStepNotWhereItWaited() {
        Timeline t = Timeline.of("title", "", List.of("a", "b"), List.of(
                new Event.ThreadRuns("b", "2", "B fault 0x1000 write"),
                new Event.Step("B.fault.lock: lock l"), take("b", "l"),
                new Event.ThreadRuns("a", "1", "zap vm 0x1000"),
                new Event.Step("A.invalidate_range_start.lock: lock l"),
                new Event.ThreadBlocked("a", "vm.l", "b"),
                new Event.ThreadResumed("b", "B.fault.lock"),
                new Event.Step("B.fault.unlock: unlock l"), release("b", "l", false),
                new Event.ThreadResumed("a", "A.invalidate_range_start.lock"),
                take("a", "l"),
                new Event.Step("A.invalidate_range_start.assign: count += 1")));
        assertEquals(List.of(new Bar(1, "vm.l", 0, 1, 5, false), new Bar(0, "vm.l", 0, 6, 6, true)), t.bars());
    }

    @Test
    void barsThatOverlapTakeLanesAndALockStillHeldAtTheEndIsOpen() {
        Timeline t = Timeline.of("title", "", List.of(), List.of(
                new Event.Step("s1"), take("main", "mmap_lock"),
                new Event.Step("s2"), take("main", "ptl"),
                new Event.Step("s3"), release("main", "ptl", false),
                new Event.Step("s4"), take("main", "ptl")));
        assertEquals(List.of(new Bar(0, "vm.mmap_lock", 0, 0, 3, true), new Bar(0, "vm.ptl", 1, 1, 2, false),
                new Bar(0, "vm.ptl", 1, 3, 3, true)), t.bars());
        assertEquals(2, t.lanes(0));
        assertEquals(List.of("vm.mmap_lock", "vm.ptl"), t.locks());
    }

    @Test
    void callsPteAndShadowChangesAndViolationsAreMarksOnTheRowOfTheirStep() {
        Violation v = new Violation("stale-shadow", "guest", 0x1000, 0, "a detail");
        Timeline t = Timeline.of("title", "", List.of(), List.of(
                new Event.Step("zap.range_start"),
                new Event.Call("guest", "invalidate_range_start", "0x1000", "blockable", ""),
                new Event.Step("zap.clear_ptes"),
                new Event.PteClear("vm", 0x1000, 0),
                new Event.ShadowClear("guest", 0x1000, 0),
                new Event.Free(0),
                new Event.ViolationFound(v, false)));
        assertEquals(List.of(MarkKind.CALL), t.rows().get(0).marks().stream().map(Timeline.Mark::kind).toList());
        assertEquals(List.of(MarkKind.PTE, MarkKind.SHADOW, MarkKind.VIOLATION),
                t.rows().get(1).marks().stream().map(Timeline.Mark::kind).toList());
        assertEquals("pte vm 0x1000 cleared (was pfn 0)", t.rows().get(1).marks().get(0).text());
        assertFalse(t.rows().get(0).violation());
        assertTrue(t.rows().get(1).violation());
    }

    @Test
    void aThreadThatMustWaitGetsARowSayingForWhat() {
        Timeline t = Timeline.of("title", "", List.of("a"), List.of(
                new Event.ThreadBlocked("a", "vm.ptl", "b")));
        assertEquals(new Row(0, "", "waits for vm.ptl, held by b", RowKind.BLOCKED, List.of()), t.rows().get(0));
    }

    private static TimelineRecorder record(Path script) {
        TimelineRecorder recorder = new TimelineRecorder();
        PrintWriter sink = new PrintWriter(new StringWriter());
        Runner.run(script, script.getFileName().toString(), Options.DEFAULT, recorder, sink, sink);
        return recorder;
    }

    @Test
    void anExploreIsDrawnAsTheScheduleItFoundWithTheLocksOfItsSteps() {
        Timeline t = record(EXAMPLES.resolve("explore/kvm-retry.mmu")).timeline();
        assertEquals("kvm-retry.mmu under latest: explore vcpu1, zapper (line 28) found shadow-use-after-free",
                t.title());
        assertTrue(t.subtitle().startsWith("shortest schedule: run vcpu1 until bad.fault.gup, zapper"), t.subtitle());
        assertEquals(List.of("vcpu1", "zapper"), t.columns());
        Row last = t.rows().get(t.rows().size() - 1);
        assertEquals("madvise.free_pages", last.label());
        assertTrue(last.violation());
        int lock = t.rows().indexOf(t.rows().stream().filter(r -> r.label().startsWith("bad.fault.lock")).findFirst()
                .orElseThrow());
        int unlock = t.rows().indexOf(t.rows().stream().filter(r -> r.label().startsWith("bad.fault.unlock.2"))
                .findFirst().orElseThrow());
        assertTrue(t.bars().contains(new Bar(0, "bad.mmu_lock", 0, lock, unlock, false)), t.bars().toString());
    }

    @Test
    void aScriptWithoutExploreIsDrawnWhole() {
        Timeline t = record(EXAMPLES.resolve("arcangeli-lameter-2008.mmu")).timeline();
        assertEquals("arcangeli-lameter-2008.mmu under lameter-2008-v3", t.title());
        assertEquals(List.of("main", "reclaimer", "vcpu"), t.columns());
        assertEquals(new Row(0, "14", "semantics lameter-2008-v3", RowKind.STATEMENT, List.of()), t.rows().get(0));
    }

    @Test
    void anExploreThatFindsNothingHasNoScheduleToDraw(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("clean.mmu");
        Files.writeString(script, "semantics latest\nprocess vm\nmmap vm 0x10000 pages 1 rw anon\n"
                + "attach kvm to vm as guest\nthread a { guest fault 0x10000 write }\n"
                + "thread b { madvise vm 0x10000 pages 1 dontneed }\nexplore a, b\n");
        TimelineRecorder recorder = record(script);
        assertNull(recorder.timeline());
        assertEquals("no explore found a violation, so there is no schedule to draw", recorder.nothing());
    }

    @Test
    void aScriptThatDoesNotRunHasNothingToDraw(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("bad.mmu");
        Files.writeString(script, "frobnicate\n");
        TimelineRecorder recorder = record(script);
        assertNull(recorder.timeline());
        assertEquals("the script did not run", recorder.nothing());
    }

    @Test
    void theSvgIsTheSameBytesOnEveryRunAndAsciiWithItsTextEscaped() {
        Path script = EXAMPLES.resolve("explore/kvm-retry.mmu");
        String svg = TimelineSvg.render(record(script).timeline());
        assertEquals(svg, TimelineSvg.render(record(script).timeline()));
        assertTrue(svg.chars().allMatch(c -> c == '\n' || c >= 0x20 && c < 0x7f));
        Timeline t = Timeline.of("a <b> & \"c\" \u2192", "", List.of(), List.of(new Event.Step("s")));
        assertTrue(TimelineSvg.render(t).contains("<title>a &lt;b&gt; &amp; &quot;c&quot; &#x2192;</title>"));
    }

    @Test
    void theDotFileHasAClusterPerThreadAndAnEdgeFromEachRowToTheNext() {
        String dot = TimelineDot.render(record(EXAMPLES.resolve("explore/kvm-retry.mmu")).timeline());
        assertTrue(dot.startsWith("digraph timeline {\n"), dot);
        assertTrue(dot.contains("subgraph cluster_0 {\n    label=\"vcpu1\\l\";"), dot);
        assertTrue(dot.contains("subgraph cluster_1 {\n    label=\"zapper\\l\";"), dot);
        assertTrue(dot.contains("  r2 -> r3 [style=dashed, constraint=true];\n"), dot);
        assertTrue(dot.contains("holds bad.mmu_lock\\l"), dot);
        assertEquals("\"say \\\"hi\\\" \\\\ &amp;\\lnext\\l\"", TimelineDot.quote("say \"hi\" \\ &\nnext"));
    }
}
