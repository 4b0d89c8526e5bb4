package dev.mmuscript.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmuscript.run.Options;
import dev.mmuscript.run.Runner;
import dev.mmuscript.syntax.Source;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code mmu run --format json} prints, byte for byte, for each kind of run. */
class JsonReportTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String text, TextReport.Level level) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Runner.run(new Source("t.mmu", text), Path.of("."), new Options(level, null, Format.JSON),
                new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    static final String SMALL = "process vm\nmmap vm 0x10000 pages 1 rw anon\ntouch vm 0x10000 write\n"
            + "assert vm[0x10000] == 0\n";

    @Test
    void aRunIsItsHeaderItsEventsEachWithItsStatementAndItsVerdictOneObjectPerLine() {
        Run r = run(SMALL, TextReport.Level.EVENTS);
        assertEquals(0, r.code(), r.out());
        assertEquals("""
                {"type":"run","script":"t.mmu","semantics":"latest"}
                {"type":"statement","stmt":"1","text":"process vm"}
                {"type":"statement","stmt":"2","text":"mmap vm 0x10000 pages 1 rw anon"}
                {"type":"vma-added","stmt":"2","proc":"vm","range":{"start":"0x10000","end":"0x11000"},\
                "prot":"rw","backing":"anon private"}
                {"type":"statement","stmt":"3","text":"touch vm 0x10000 write"}
                {"type":"alloc","stmt":"3","pfn":0,"owner":"anon vm 0x10000"}
                {"type":"pte-set","stmt":"3","proc":"vm","va":"0x10000","pfn":0,"mode":"rw"}
                {"type":"statement","stmt":"4","text":"assert vm[0x10000] == 0"}
                {"type":"assertion","stmt":"4","passed":true,"text":"vm[0x10000] == 0","detail":""}
                {"type":"verdict","script":"t.mmu","passed":true,"exit_code":0,"semantics":"latest",\
                "statements":4,"assertions":1,"failed_assertions":0,"expected_seen":[],"unexpected":[],\
                "missing":[],"aborted":false,"unknown":[],\
                "warnings":{"expected_seen":[],"unexpected":[],"missing":[],"werror":false}}
                """, r.out());
        assertEquals("", r.err());
    }

    @Test
    void stepEventsAppearOnlyUnderTraceSteps() {
        String events = run(SMALL, TextReport.Level.EVENTS).out();
        String steps = run(SMALL, TextReport.Level.STEPS).out();
        assertEquals(0, events.split("\"type\":\"step\"", -1).length - 1, events);
        assertEquals("""
                {"type":"statement","stmt":"2","text":"mmap vm 0x10000 pages 1 rw anon"}
                {"type":"step","stmt":"2","name":"mmap.mmap_write_lock"}
                """, steps.lines().skip(2).limit(2).map(l -> l + "\n").reduce("", String::concat));
    }

    @Test
    void quietShowsOnlyEachFailureAfterItsStatementAndTheVerdictOfAFailingScript() {
        Run r = run("process vm\nmmap vm 0x10000 pages 1 rw anon\nassert vm[0x10000] == 1\n"
                + "assert vm[0x10000] == 2\nassert vm[0x10000] == 0\n", TextReport.Level.QUIET);
        assertEquals(1, r.code());
        assertEquals("""
                {"type":"statement","stmt":"3","text":"assert vm[0x10000] == 1"}
                {"type":"assertion","stmt":"3","passed":false,"text":"vm[0x10000] == 1","detail":"vm[0x10000] is 0, 1"}
                {"type":"statement","stmt":"4","text":"assert vm[0x10000] == 2"}
                {"type":"assertion","stmt":"4","passed":false,"text":"vm[0x10000] == 2","detail":"vm[0x10000] is 0, 2"}
                {"type":"verdict","script":"t.mmu","passed":false,"exit_code":1,"semantics":"latest",\
                "statements":5,"assertions":3,"failed_assertions":2,"expected_seen":[],"unexpected":[],\
                "missing":[],"aborted":false,"unknown":[],\
                "warnings":{"expected_seen":[],"unexpected":[],"missing":[],"werror":false}}
                """, r.out());
    }

    @Test
    void quietPrintsNothingForAPassingScript() {
        Run r = run(SMALL, TextReport.Level.QUIET);
        assertEquals(0, r.code());
        assertEquals("", r.out());
    }

    @Test
    void aViolationIsAnObjectInsideItsEventAndAnAddressOrFrameItLacksIsNull() throws IOException {
        Path script = Path.of("..", "examples", "oom-reap-unpaired.mmu");
        Run r = run(Files.readString(script), TextReport.Level.EVENTS);
        assertEquals(0, r.code(), r.out());
        assertEquals(List.of("""
                {"type":"violation","stmt":"35","violation":{"kind":"livelock","mmu":"guest","va":"0x11000",\
                "pfn":null,"detail":"guest fault at 0x11000 retries with nothing else left to run: the state it \
                waits on can never change (count = 1, range_end = 0, range_start = 0, seq = 0)"},"expected":true}""", """
                {"type":"violation","stmt":"36","violation":{"kind":"unpaired-invalidate","mmu":"A",\
                "va":"0x10000","pfn":null,"detail":"A got invalidate_range_start 0x10000..0x14000 but never its \
                invalidate_range_end"},"expected":true}""", """
                {"type":"violation","stmt":"36","violation":{"kind":"unpaired-invalidate","mmu":"guest",\
                "va":"0x10000","pfn":null,"detail":"guest got invalidate_range_start 0x10000..0x14000 but never \
                its invalidate_range_end"},"expected":true}"""),
                r.out().lines().filter(l -> l.startsWith("{\"type\":\"violation\"")).toList());
    }

    @Test
    void diagnosticsOfAScriptThatCannotRunAreObjectsOnStdoutAndNothingElse() {
        Run r = run("process vm\nmmap vm 0x1000 pages rw anon\nmmap vm 0x2000 pages r anon\n",
                TextReport.Level.EVENTS);
        assertEquals(2, r.code());
        assertEquals("""
                {"type":"diagnostic","severity":"error","file":"t.mmu","line":2,"col":22,\
                "message":"unexpected 'rw'","hint":"expected a number"}
                {"type":"diagnostic","severity":"error","file":"t.mmu","line":3,"col":22,\
                "message":"unexpected 'r'","hint":"expected a number"}
                """, r.out());
        assertEquals("", r.err());
    }

    @Test
    void aRuntimeErrorEndsWithItsDiagnosticAndAnAbortedVerdict() {
        Run r = run("process vm\nmmap vm 0x1000 pages 1 rw anon\nnotifier d on vm {\n  spinlock l\n"
                + "  on invalidate_range_start { unlock l }\n}\ntouch vm 0x1000\nzap vm 0x1000\n",
                TextReport.Level.QUIET);
        assertEquals(2, r.code());
        assertEquals("""
                {"type":"diagnostic","severity":"error","file":"t.mmu","line":5,"col":31,\
                "message":"d unlocks l, which it does not hold"}
                {"type":"verdict","script":"t.mmu","passed":false,"exit_code":2,"semantics":"latest",\
                "statements":5,"assertions":0,"failed_assertions":0,"expected_seen":[],"unexpected":[],\
                "missing":[],"aborted":true,"unknown":[],\
                "warnings":{"expected_seen":[],"unexpected":[],"missing":[],"werror":false}}
                """, r.out());
        assertEquals("", r.err());
    }

    @Test
    void aFileThatCannotBeReadIsADiagnosticWithoutAPosition() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Runner.run(Path.of("no-such-script.mmu"), "no-such-script.mmu",
                new Options(TextReport.Level.EVENTS, null, Format.JSON), new PrintWriter(out), new PrintWriter(err));
        assertEquals(2, code);
        assertEquals("{\"type\":\"diagnostic\",\"severity\":\"error\",\"file\":\"no-such-script.mmu\","
                + "\"message\":\"cannot read no-such-script.mmu: no such file\"}\n", out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void theOutputIsAsciiWhateverTheTextSoItsBytesDoNotDependOnTheLocale() {
        Run r = run("process vm \u00e9\n", TextReport.Level.EVENTS);
        assertEquals(2, r.code());
        assertEquals("{\"type\":\"diagnostic\",\"severity\":\"error\",\"file\":\"t.mmu\",\"line\":1,\"col\":12,"
                + "\"message\":\"unexpected character '\\u00E9'\",\"hint\":\"expected end of file, ';' or end of"
                + " line\"}\n", r.out());
    }
}
