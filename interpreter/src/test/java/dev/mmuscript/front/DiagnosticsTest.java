package dev.mmuscript.front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.engine.Program;
import dev.mmuscript.syntax.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Every error the front end can report, each from a script that provokes exactly that error. */
class DiagnosticsTest {
    record Case(String name, String script, String firstLine, String hint) {
    }

    static final String VM = "process vm\nmmap vm 0x10000 pages 4 rw anon\n";
    static final String NOTE = "process vm\nnotifier A on vm {\n";

    static final List<Case> CASES = List.of(
            new Case("unknown process", "touch vn 0x1000", "t.mmu:1:7: error: unknown process 'vn'",
                    "expected a process declared with 'process NAME'"),
            new Case("exited process", VM + "exit vm\ntouch vm 0x10000",
                    "t.mmu:4:7: error: process 'vm' has exited (line 3)", "expected a live process"),
            new Case("unknown device", VM + "gpu fault 0x10000", "t.mmu:3:1: error: unknown device 'gpu'",
                    "expected an instance made with"),
            new Case("detached device", VM + "attach kvm to vm as g\ndetach g\ng fault 0x10000",
                    "t.mmu:5:1: error: 'g' was detached", "expected an attached instance"),
            new Case("name taken", VM + "process vm", "t.mmu:3:9: error: 'vm' is already a process",
                    "expected a new name for the process"),
            new Case("unaligned", VM + "touch vm 0x10008", "t.mmu:3:10: error: unaligned address 0x10008",
                    "expected a multiple of the page size, 0x1000"),
            new Case("empty range", VM + "zap vm 0x12000..0x11000",
                    "t.mmu:3:8: error: empty range 0x12000..0x11000", "expected the end above the start"),
            new Case("page count", VM + "zap vm 0x10000 pages 0", "t.mmu:3:22: error: bad page count 0",
                    "expected from 1 to 1048576 pages"),
            new Case("outside mappings", VM + "touch vm 0x13000 pages 2",
                    "t.mmu:3:10: error: range 0x13000..0x15000 is outside any mapping of vm (0x14000 is not mapped)",
                    "expected a range inside 0x10000..0x14000"),
            new Case("no mappings yet", "process vm\nzap vm 0x1000",
                    "t.mmu:2:8: error: range 0x1000 is outside any mapping of vm", "expected an mmap of vm first"),
            new Case("bad cpu", VM + "read vm 0x10000 on cpu 64", "t.mmu:3:24: error: no cpu 64",
                    "expected a cpu from 0 to 63"),
            new Case("memory address not a number", VM + "assert vm[0x10000 + x] == 0",
                    "t.mmu:3:21: error: unknown name 'x'", "expected a number; a name stands for one only as a parameter"),
            new Case("unknown profile in condition", VM + "expect violation livelock if semantics linux-0.1",
                    "t.mmu:3:40: error: unknown semantics profile 'linux-0.1'", "expected one of: andrea-2008, lameter-2008-v3, linux-2.6.27"),
            new Case("bad protection", VM + "mprotect vm 0x10000 rwz", "t.mmu:3:21: error: bad protection 'rwz'",
                    "expected none, or r, w and x in that order"),
            new Case("unknown knob", "set reaper = none", "t.mmu:1:5: error: unknown knob 'reaper'",
                    "expected one of: year, summary, rmap_notify"),
            new Case("bad knob value", "set oom_reaper = sometimes",
                    "t.mmu:1:18: error: bad value 'sometimes' for oom_reaper",
                    "expected one of: none, no_notifiers, skip_if_notifiers, skip_if_blockable, nonblocking_start"),
            new Case("metadata knob", "set year = 2020",
                    "t.mmu:1:5: error: 'year' describes a profile and cannot be set in a script",
                    "expected a knob that changes behaviour"),
            new Case("overlapping mmap", VM + "mmap vm 0x13000 pages 2 rw anon",
                    "t.mmu:3:9: error: range 0x13000..0x15000 overlaps the mapping 0x10000..0x14000 of vm",
                    "expected a free range, or munmap first"),
            new Case("unknown backing", "process vm\nmmap vm 0x1000 pages 1 rw disk",
                    "t.mmu:2:27: error: unknown backing 'disk'", "expected anon, or file NAME offset N"),
            new Case("unknown file", "process vm\nmmap vm 0x1000 pages 1 rw file disk offset 0 shared",
                    "t.mmu:2:32: error: unknown file 'disk'", "expected a file declared with 'file NAME pages N'"),
            new Case("file offset past the end", "file disk pages 2\nprocess vm\n"
                    + "mmap vm 0x1000 pages 2 rw file disk offset 1 shared",
                    "t.mmu:3:44: error: pages 1 and on (2 of them) are not all in disk (2 pages)", "expected an offset from 0 to 0"),
            new Case("nonlinear anon", "process vm\nmmap vm 0x1000 pages 1 rw anon nonlinear",
                    "t.mmu:2:1: error: only a shared file mapping can be nonlinear", "expected mmap P RANGE PROT"),
            new Case("remap outside nonlinear", "file disk pages 2\nprocess vm\n"
                    + "mmap vm 0x1000 pages 2 rw file disk offset 0 shared\nremap_file_pages vm 0x1000 pgoff 1",
                    "t.mmu:4:21: error: range 0x1000 is not inside a nonlinear mapping of vm", "expected a range of"),
            new Case("unknown file in writeback", "writeback disk",
                    "t.mmu:1:11: error: unknown file 'disk'", "expected a file declared"),
            new Case("mremap onto a mapping", "process vm\nmmap vm 0x1000 pages 2 rw anon\n"
                    + "mmap vm 0x8000 pages 1 rw anon\nmremap vm 0x1000 pages 1 to 0x8000",
                    "t.mmu:4:29: error: the destination 0x8000 overlaps the mapping 0x8000", "expected a free range"),
            new Case("mremap onto itself", "process vm\nmmap vm 0x1000 pages 4 rw anon\n"
                    + "mremap vm 0x1000 pages 2 to 0x2000",
                    "t.mmu:3:29: error: the destination 0x2000..0x4000 overlaps the source 0x1000..0x3000",
                    "expected a destination apart"),
            new Case("mremap over two mappings", "process vm\nmmap vm 0x1000 pages 1 rw anon\n"
                    + "mmap vm 0x2000 pages 1 r anon\nmremap vm 0x1000 pages 2 to 0x8000",
                    "t.mmu:4:11: error: range 0x1000..0x3000 spans 2 mappings", "expected a range inside one mapping"),
            new Case("fork into a used name", "process vm\nprocess c\nfork vm as c",
                    "t.mmu:3:12: error: 'c' is already a process", "expected a new name for the process"),
            new Case("unknown builtin", "process vm\nnotifier d on vm {\n  on fault { let x = peek(addr) }\n}",
                    "t.mmu:3:22: error: unknown function 'peek'", "expected one of: interval_insert, interval_remove, mapped, read_begin, read_retry"),
            new Case("builtin arity", "process vm\nnotifier d on vm {\n  on fault { let x = read_retry() }\n}",
                    "t.mmu:3:22: error: read_retry takes 1 argument, not 0", "expected read_retry(x)"),
            new Case("unknown era knob", "process vm\nnotifier d on vm {\n  on fault { let x = era.sleepy }\n}",
                    "t.mmu:3:26: error: unknown knob 'sleepy'", "expected era.KNOB"),
            new Case("unknown advice", VM + "madvise vm 0x10000 free",
                    "t.mmu:3:20: error: unknown advice 'free'", "expected dontneed"),
            new Case("unknown pin", VM + "unpin p", "t.mmu:3:7: error: no pin named 'p' is held",
                    "expected a pin taken with"),
            new Case("pin released twice", VM + "gup vm 0x10000 as p\nunpin p\nunpin p",
                    "t.mmu:5:7: error: no pin named 'p' is held", "expected a pin taken with"),
            new Case("unknown driver", VM + "attach kvmm to vm as g", "t.mmu:3:8: error: unknown driver 'kvmm'; did you mean 'kvm'?",
                    "expected one of: kvm"),
            new Case("unknown violation", "expect violation stale", "t.mmu:1:18: error: unknown violation kind 'stale'",
                    "expected one of: stale-shadow"),
            new Case("nothing to show", "show everything", "t.mmu:1:6: error: nothing named 'everything' to show",
                    "expected frames, tlb, pins, a process or a device"),
            new Case("field of unknown device", VM + "assert g.count == 0", "t.mmu:3:8: error: unknown device 'g'",
                    "expected a notifier or attached instance"),
            new Case("unknown variable", VM + "attach kvm to vm as g\nassert g.cnt == 0",
                    "t.mmu:4:10: error: g has no variable 'cnt'", "expected one of: seq, count"),
            new Case("memory of unknown object", VM + "assert gpu[0x10000] == 0",
                    "t.mmu:3:8: error: unknown process or device 'gpu'", "expected a process or a device"),
            new Case("bare name at top level", VM + "assert x == 0", "t.mmu:3:8: error: unknown name 'x'",
                    "expected a number, DEVICE.VAR, or P[ADDR]"),
            new Case("variable declared twice", NOTE + "  var a\n  var a\n}",
                    "t.mmu:4:7: error: variable 'a' declared twice", "expected one 'var' per variable"),
            new Case("lock declared twice", NOTE + "  spinlock l\n  mutex l\n}",
                    "t.mmu:4:9: error: lock 'l' declared twice", "expected one declaration per lock"),
            new Case("unknown callback", NOTE + "  on invalidate_start { }\n}",
                    "t.mmu:3:6: error: unknown callback 'invalidate_start'", "expected one of: release"),
            new Case("assigning another's variable", NOTE + "  on release { B.x = 1 }\n}",
                    "t.mmu:3:16: error: a handler of A cannot assign B's variables", "expected A.x or just x"),
            new Case("retry outside fault", NOTE + "  on release { retry }\n}",
                    "t.mmu:3:16: error: 'retry' outside a fault handler", "expected 'retry' only in 'on fault'"),
            new Case("unknown lock", NOTE + "  on release { lock l }\n}", "t.mmu:3:21: error: unknown lock 'l'",
                    "expected a lock declared with 'spinlock NAME' or 'mutex NAME'"),
            new Case("unknown unlock", NOTE + "  on release { unlock l }\n}", "t.mmu:3:23: error: unknown lock 'l'",
                    "expected a lock declared with"),
            new Case("unknown page", NOTE + "  on fault { map addr to p }\n}", "t.mmu:3:26: error: no page named 'p'",
                    "expected a page taken with 'gup ADDR as p' in this handler"),
            new Case("unknown name in handler", NOTE + "  on release { x = y }\n}",
                    "t.mmu:3:20: error: unknown name 'y'", "expected a variable of A, a 'let', or a parameter"),
            new Case("reading another's variable", NOTE + "  on release { x = B.y }\n}",
                    "t.mmu:3:20: error: a handler of A cannot read B's variables", "expected A.y"),
            new Case("unknown own variable", NOTE + "  on release { x = A.y }\n}",
                    "t.mmu:3:22: error: A has no variable 'y'", "expected a variable it declares or assigns"),
            new Case("memory in handler", NOTE + "  on release { x = vm[0x1000] }\n}",
                    "t.mmu:3:20: error: handlers cannot read memory", "expected variables, parameters and numbers"),
            new Case("else without block", NOTE + "  spinlock l\n  on release { if 1 { } else lock l }\n}",
                    "t.mmu:4:30: error: expected '{' or 'if' after 'else'", null),
            new Case("number too large", "process vm\nmmap vm 0x1_0000_0000_0000_0000 pages 1 rw anon",
                    "t.mmu:2:9: error: number too large: 0x1_0000_0000_0000_0000", "expected at most 64 bits"),
            new Case("unknown profile", "semantics linux-2.4", "t.mmu:1:11: error: unknown semantics profile 'linux-2.4'",
                    "expected one of: andrea-2008, lameter-2008-v3, linux-2.6.27"),
            new Case("second semantics line", "semantics latest\nsemantics linux-4.19",
                    "t.mmu:2:1: error: a second 'semantics' line", "expected one per script (the first is at line 1)"),
            new Case("profile extends itself", "profile p extends q {\n}\nprofile q extends p {\n}\nsemantics p",
                    "t.mmu:1:9: error: profile 'p' extends itself", "expected a chain of profiles"),
            new Case("root profile leaves knobs unset", "profile mine {\n  year = 2030\n}\nsemantics mine",
                    "t.mmu:1:9: error: profile 'mine' extends nothing and leaves knobs unset: rmap_notify,"
                            + " cow_notify, change_pte, secondary_tlb, range_end_invalidates_range,"
                            + " callbacks_may_sleep, range_start_can_fail, failed_start_ends, oom_reaper,"
                            + " interval_notifiers, deferred_flush, nested_flush, tlb_batch, dirty_file_flush, arch,"
                            + " tlb_end_vma, mprotect_flush, file_remap",
                    "expected every knob set in a root profile"),
            new Case("unknown knob in profile", "profile mine extends latest {\n  reaper = none\n}\nsemantics mine",
                    "t.mmu:2:3: error: unknown knob 'reaper'", "expected one of:"),
            new Case("unknown parent profile", "profile mine extends linux-9 {\n}\nsemantics mine",
                    "t.mmu:1:22: error: unknown semantics profile 'linux-9'", "expected one of:"),
            new Case("syntax: missing number", "process vm\nmmap vm 0x1000.. rw anon",
                    "t.mmu:2:18: error: unexpected 'rw'", "expected a number"),
            new Case("syntax: bad character", "process vm $", "t.mmu:1:12: error: unexpected character '$'",
                    "expected end of file, ';' or end of line"),
            new Case("syntax: unknown statement", "frobnicate vm", "t.mmu:1:1: error: unknown statement 'frobnicate'",
                    "expected a statement (process, mmap"),
            new Case("syntax: keyword as a name", "set oom_reap = none", "t.mmu:1:5: error: unexpected 'oom_reap'",
                    "expected a name"),
            new Case("syntax: unclosed block", NOTE + "  on release {\n",
                    "t.mmu:3:14: error: unclosed '{'", "expected a '}' to close the block that opens here"),
            new Case("syntax: unclosed inner block", NOTE + "  on release { x = 1\n  on fault { }\n}\nprocess p",
                    "t.mmu:3:14: error: unclosed '{'", "expected a '}'"),
            new Case("syntax: misspelt statement", "proces vm", "t.mmu:1:1: error: unknown statement 'proces';"
                    + " did you mean 'process'?", "expected a statement"),
            new Case("syntax: misspelt keyword", VM + "touch vm 0x10000 wirte",
                    "t.mmu:3:18: error: unexpected 'wirte'; did you mean 'write'?", "expected end of file"),
            new Case("syntax: misspelt handler statement", NOTE + "  on release { retyr }\n}",
                    "t.mmu:3:16: error: unknown handler statement 'retyr'; did you mean 'retry'?",
                    "expected a handler statement"),
            new Case("syntax: return -EAGAIN", NOTE + "  on release { return -EAGAIN }\n}",
                    "t.mmu:3:23: error: write 'return EAGAIN', not 'return -EAGAIN'", "a handler returns nothing"),
            new Case("syntax: return -EBUSY", NOTE + "  on release { return -EBUSY }\n}",
                    "t.mmu:3:23: error: a handler returns only EAGAIN", "expected 'return' (success)"),
            new Case("syntax: return 0", NOTE + "  on release { return 0 }\n}",
                    "t.mmu:3:23: error: write 'return' to succeed, not 'return 0'", "a handler returns nothing"),
            new Case("syntax: = in an assertion", VM + "assert vm[0x10000] = 0",
                    "t.mmu:3:20: error: '=' assigns; a condition compares with '=='", "expected '=='"),
            new Case("syntax: = in an if", NOTE + "  on release { if start = 0 { retry } }\n}",
                    "t.mmu:3:25: error: '=' assigns; a condition compares with '=='", "expected '=='"),
            new Case("syntax: callback with parameters", NOTE + "  on release(struct mm *mm) { }\n}",
                    "t.mmu:3:13: error: callbacks take no parameters; use start, end, addr",
                    "write 'on release {'"),
            new Case("misspelt callback", NOTE + "  on relase { }\n}",
                    "t.mmu:3:6: error: unknown callback 'relase'; did you mean 'release'?", "expected one of:"),
            new Case("misspelt violation kind", "expect violation lost-wirte",
                    "t.mmu:1:18: error: unknown violation kind 'lost-wirte'; did you mean 'lost-write'?",
                    "expected one of:"),
            new Case("misspelt knob", "set oom_reapr = skip",
                    "t.mmu:1:5: error: unknown knob 'oom_reapr'; did you mean 'oom_reaper'?", "expected one of:"),
            new Case("unknown def", VM + "def fill(p) { touch p 0x10000 }\nfil(vm)",
                    "t.mmu:4:1: error: unknown def 'fil'; did you mean 'fill'?", "expected one of the script's defs"),
            new Case("def arity", VM + "def fill(p) { touch p 0x10000 }\nfill(vm, 1)",
                    "t.mmu:4:1: error: fill takes 1 argument, not 2", "expected fill(p)"),
            new Case("def defined twice", "def f() { }\ndef f() { }",
                    "t.mmu:2:5: error: def 'f' is defined twice", "expected one def per name (the first is at t.mmu:1)"),
            new Case("parameter twice", "def f(a, a) { }", "t.mmu:1:10: error: parameter 'a' appears twice",
                    "expected distinct names"),
            new Case("def calls itself", "def f() { f() }\nf()", "t.mmu:1:11: error: def 'f' calls itself (f -> f)",
                    "expected no recursion"),
            new Case("number for a name", VM + "def f(p) { touch p 0x10000 }\nf(4)",
                    "t.mmu:3:18: error: 'p' stands for the number 4 here", "expected a name"),
            new Case("name for a number", VM + "def f(n) { repeat n { } }\nf(vm)",
                    "t.mmu:3:19: error: 'n' stands for the name vm here", "expected a number"),
            new Case("name for an address", VM + "def f(va) { touch vm va }\nf(vm)",
                    "t.mmu:3:22: error: 'va' stands for the name vm here", "expected a number in this place"),
            new Case("notifier in a loop", "process vm\nrepeat 2 {\n  notifier A on vm { }\n}",
                    "t.mmu:3:3: error: 'notifier' cannot be inside a def or a loop",
                    "expected it at the top level of the file"),
            new Case("loop bound not a number", "for a in 0x10000 pages b { }",
                    "t.mmu:1:24: error: unknown name 'b'", "expected a number, or a parameter or loop variable"),
            new Case("step 0", "for a in 0x10000 pages 2 step 0 { }", "t.mmu:1:31: error: step 0 does not advance",
                    "expected a step above 0"),
            new Case("empty for range", "for a in 0x20000..0x10000 { }",
                    "t.mmu:1:10: error: empty range 0x20000..0x10000", "expected the end above the start"),
            new Case("negative repeat", "repeat (0 - 1) { }", "t.mmu:1:9: error: cannot repeat -1 times",
                    "expected a count of 0 or more"),
            new Case("loose loop variable", VM + "touch vm a", "t.mmu:3:10: error: unknown name 'a'",
                    "expected a number; a name stands for one only as a parameter"),
            new Case("nesting too deep", "def f0() { repeat 1 { } }\n" + nested(40),
                    "t.mmu:10:12: error: calls and loops nest deeper than 32", "expected at most 32 calls and loops"),
            new Case("misspelt profile", "semantics linux-4.91",
                    "t.mmu:1:11: error: unknown semantics profile 'linux-4.91'; did you mean 'linux-4.19'?",
                    "expected one of:"));

    /** Defs f1..fN, each calling the one before: calls nested N deep. */
    static String nested(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            out.append("def f").append(i).append("() { f").append(i - 1).append("() }\n");
        }
        return out.append("f").append(n).append("()\n").toString();
    }

    static String diagnose(Path dir, String name, String text) {
        Frontend f = new Frontend(dir);
        Program p = f.load(new Source(name, text), null);
        assertNull(p, "the script should not pass the front end");
        return f.diagnostics().render();
    }

    @TestFactory
    Stream<DynamicTest> everyErrorHasItsMessageCaretAndHint() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            String out = diagnose(Path.of("."), "t.mmu", c.script());
            String[] lines = out.split("\n");
            assertEquals(c.firstLine(), lines[0], out);
            assertTrue(lines[2].trim().matches("\\^+"), "a caret line under the source line:\n" + out);
            int col = Integer.parseInt(c.firstLine().split(":")[2]);
            assertEquals(4 + col - 1, lines[2].indexOf('^'), "the caret sits under the column:\n" + out);
            if (c.hint() != null) {
                assertTrue(lines[3].trim().startsWith(c.hint()), "hint:\n" + out);
            }
        }));
    }

    @Test
    void allErrorsOfAFileAreReportedInOrder() {
        String out = diagnose(Path.of("."), "t.mmu", "touch vn 0x1000\nzap vx 0x1000\nunpin p\n");
        assertTrue(out.endsWith("3 errors\n"), out);
        assertTrue(out.indexOf("t.mmu:1:") < out.indexOf("t.mmu:2:") && out.indexOf("t.mmu:2:") < out.indexOf("t.mmu:3:"),
                out);
    }

    @Test
    void aGoodScriptPassesTheFrontEnd() {
        Frontend f = new Frontend(Path.of("."));
        assertNotNull(f.load(new Source("t.mmu", VM + "touch vm 0x10000 pages 4 write\n"), null),
                f.diagnostics().render());
    }

    @Test
    void includesAreLoadedRelativeToTheIncludingFile(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/setup.mmu"), "process vm\ninclude \"map.mmu\"\n");
        Files.writeString(dir.resolve("lib/map.mmu"), "mmap vm 0x10000 pages 1 rw anon\n");
        Frontend f = new Frontend(dir);
        Program p = f.load(new Source("main.mmu", "include \"lib/setup.mmu\"\ntouch vm 0x10000\n"), null);
        assertNotNull(p, f.diagnostics().render());
    }

    @Test
    void anErrorInAnIncludedFileNamesThatFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("setup.mmu"), "process vm\nmmap vm 0x10001 pages 1 rw anon\n");
        String out = diagnose(dir, "main.mmu", "include \"setup.mmu\"\n");
        assertTrue(out.startsWith("setup.mmu:2:9: error: unaligned address 0x10001"), out);
    }

    @Test
    void aMissingIncludeIsAnError(@TempDir Path dir) {
        String out = diagnose(dir, "main.mmu", "include \"nowhere.mmu\"\n");
        assertTrue(out.startsWith("main.mmu:1:1: error: cannot include 'nowhere.mmu': no such file"), out);
    }

    @Test
    void anIncludeCycleIsAnError(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.mmu"), "include \"b.mmu\"\n");
        Files.writeString(dir.resolve("b.mmu"), "include \"a.mmu\"\n");
        String out = diagnose(dir, "a.mmu", "include \"b.mmu\"\n");
        assertTrue(out.startsWith("b.mmu:1:1: error: 'a.mmu' includes itself"), out);
    }
}
