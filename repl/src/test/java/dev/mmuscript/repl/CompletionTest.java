package dev.mmuscript.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import dev.mmuscript.front.Stdlib;
import dev.mmuscript.semantics.Knob;
import java.nio.file.Path;
import java.util.List;
import org.jline.reader.Candidate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Completion from the grammar and a live session, as JLine would ask for it, without a terminal. */
class CompletionTest {
    private Session session;
    private Completion completion;

    @BeforeEach
    void session() {
        session = new Session(Path.of("."));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        for (String line : List.of("process vm", "process db", "file disk pages 4", "mmap vm 0x10000 pages 4 rw anon",
                "attach kvm to vm as guest", "gup vm 0x10000 as dma", "notifier A on vm {\n  var active\n}")) {
            assertTrue(session.eval(line, new PrintWriter(out), new PrintWriter(err)), err.toString());
        }
        completion = new Completion(session, Help.fromClasspath());
    }

    /** The values JLine would offer with the cursor at the end of {@code line}: those that start with the word. */
    private List<String> complete(String line) {
        InputParser.Words w = InputParser.Words.of(line, line.length());
        return completion.candidates(w).stream().map(Candidate::value).filter(v -> v.startsWith(w.word()))
                .distinct().toList();
    }

    @Test
    void aStatementStartsWithAStatementKeywordOrADevice() {
        List<String> c = complete("");
        assertTrue(c.containsAll(List.of("process", "mmap", "zap", "oom_reap", "notifier", "assert", "semantics",
                "show", "guest", "A")), c.toString());
        assertFalse(c.contains("pages") || c.contains("coherent") || c.contains("vm"), c.toString());
        List<String> m = complete("m");
        assertTrue(m.containsAll(List.of("madvise", "mmap", "mprotect", "munmap")), m.toString());
        assertTrue(m.stream().allMatch(k -> k.startsWith("m")), m.toString());
    }

    @Test
    void theNextStatementOnALineOrAfterABlockStartsAfresh() {
        assertTrue(complete("process x; zap vm 0x10000; o").contains("oom_reap"));
        assertTrue(complete("notifier B on vm { }\n").contains("attach"));
    }

    @Test
    void aScheduleCompletesThreadsAndTheStepsTheyCanTake() {
        StringWriter err = new StringWriter();
        assertTrue(session.eval("thread vcpu { guest fault 0x10000 }", new PrintWriter(new StringWriter()),
                new PrintWriter(err)), err.toString());
        assertEquals(List.of("vcpu"), complete("run v"));
        assertEquals(List.of("guest.fault.gup"), complete("run vcpu until guest.fault.g"));
        // In the order a solo run of the thread takes them, then the branch it did not take (the retry's unlock).
        assertEquals(List.of("guest.fault.unlock.2", "guest.fault.unlock"), complete("run vcpu until guest.fault.unl"));
    }

    @Test
    void aProcessIsOfferedWhereTheGrammarWantsOne() {
        assertEquals(List.of("db", "vm"), complete("zap "));
        assertEquals(List.of("db", "vm"), complete("mmap "));
        assertEquals(List.of("vm"), complete("oom_reap v"));
        assertEquals(List.of("db", "vm"), complete("attach kvm to "));
        assertEquals(List.of("db", "vm"), complete("notifier B on "));
    }

    @Test
    void aFileIsOfferedWhereTheGrammarWantsOne() {
        assertEquals(List.of("disk"), complete("writeback "));
        assertEquals(List.of("disk"), complete("mmap vm 0x40000 pages 1 rw file "));
        assertTrue(complete("mmap vm 0x40000 pages 1 rw ").containsAll(List.of("anon", "file")));
    }

    @Test
    void aNewNameIsNotCompleted() {
        assertEquals(List.of(), complete("process "));
        assertEquals(List.of(), complete("attach kvm to vm as "));
        assertEquals(List.of(), complete("gup vm 0x10000 as "));
        assertEquals(List.of(), complete("fork vm as "));
        assertEquals(List.of(), complete("file "));
    }

    @Test
    void devicesPinsDriversProfilesKnobsAndKindsWhereEachBelongs() {
        assertEquals(List.of("A", "guest"), complete("detach "));
        assertEquals(List.of("if", "A", "guest"), complete("assert coherent "));
        assertEquals(List.of("dma"), complete("unpin "));
        assertTrue(complete("attach ").contains("kvm"));
        assertTrue(Stdlib.profiles().containsAll(List.of("linux-4.19", "latest")));
        assertEquals(Stdlib.profiles(), complete("semantics "));
        assertEquals(Stdlib.profiles(), complete("expect violation stale-shadow if semantics "));
        assertTrue(complete("set ").containsAll(List.of("oom_reaper", "failed_start_ends")));
        assertFalse(complete("set ").contains("year"), "year describes a profile; a script cannot set it");
        assertTrue(Knob.OOM_REAPER.choices().containsAll(List.of("none", "skip_if_notifiers")));
        assertEquals(Knob.OOM_REAPER.choices(), complete("set oom_reaper = "), "not 'all', which the grammar allows");
        assertTrue(complete("expect violation ").containsAll(List.of("stale-shadow", "unpaired-invalidate")));
        assertEquals(List.of("frames", "tlb", "pins", "db", "vm", "A", "guest"), complete("show "));
    }

    @Test
    void inAnExpressionDevicesFieldsAndProcesses() {
        List<String> c = complete("assert ");
        assertTrue(c.containsAll(List.of("coherent", "A.active", "guest.count", "guest.seq", "vm", "guest")),
                c.toString());
        assertEquals(List.of("guest.count", "guest.range_end", "guest.range_start", "guest.seq"), complete("assert guest."));
        assertEquals(List.of("guest.seq"), complete("assert A.active == guest.s"));
    }

    @Test
    void keywordsThatMayComeNext() {
        assertEquals(List.of("fault"), complete("guest f"));
        assertTrue(complete("guest ").containsAll(List.of("fault", "read", "write")));
        assertTrue(complete("touch vm 0x10000 ").containsAll(List.of("pages", "read", "write")));
        assertEquals(List.of("to"), complete("attach kvm t"));
        assertEquals(List.of("coherent"), complete("assert co"));
    }

    @Test
    void insideABlockMembersCallbacksAndHandlerStatements() {
        List<String> members = complete("notifier B on vm {\n  ");
        assertTrue(members.containsAll(List.of("on", "var", "spinlock", "mutex")), members.toString());
        assertFalse(members.contains("zap"), members.toString());
        assertTrue(complete("notifier B on vm {\n  on ").containsAll(List.of("invalidate_range_start",
                "invalidate_range_end", "release", "fault")));
        List<String> handler = complete("notifier B on vm {\n  on release {\n    ");
        assertTrue(handler.containsAll(List.of("let", "if", "return", "retry", "lock", "unmap")), handler.toString());
    }

    @Test
    void commandsAndTheirArguments() {
        assertTrue(complete(":").containsAll(List.of(":help", ":show", ":trace", ":undo", ":reset", ":semantics",
                ":load", ":save", ":quit")));
        assertEquals(List.of(":save", ":semantics", ":show"), complete(":s").stream().sorted().toList());
        assertEquals(List.of("off", "events", "steps"), complete(":trace "));
        assertEquals(Stdlib.profiles(), complete(":semantics "));
        assertEquals(Stdlib.profiles(), complete(":sem "), "a unique prefix names the command");
        assertTrue(complete(":show ").containsAll(List.of("frames", "vm", "guest")));
        assertTrue(complete(":help ").containsAll(List.of("zap", "madvise", "fault", "expressions", "stale-shadow")));
        assertEquals(List.of("--golden", "--force"), complete(":save x.mmu --"));
    }
}
