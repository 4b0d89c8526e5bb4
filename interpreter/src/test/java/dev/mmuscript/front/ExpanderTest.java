package dev.mmuscript.front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.engine.Program;
import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defs, calls, repeat and for become the statements they stand for, each on its own line, with its values. */
class ExpanderTest {
    static final String VM = "process vm\nmmap vm 0x10000 pages 4 rw anon\n";

    /** Each statement the checker and engine will see, as the trace heads it: line, then text. */
    private static List<String> expand(Path dir, String text) {
        Frontend f = new Frontend(dir);
        Program p = f.load(new Source("t.mmu", text), null);
        assertNotNull(p, () -> f.diagnostics().render());
        List<String> out = new ArrayList<>();
        for (Ast.Stmt s : Frontend.flatten(p.script().statements())) {
            out.add(s.span().where() + " " + s.span().headline());
        }
        return out;
    }

    private static List<String> expand(String text) {
        return expand(Path.of("."), text);
    }

    @Test
    void aScriptWithoutThemIsUnchanged() {
        assertEquals(List.of("t.mmu:1 process vm", "t.mmu:2 mmap vm 0x10000 pages 4 rw anon"), expand(VM));
    }

    @Test
    void repeatUnrollsItsBody() {
        assertEquals(List.of("t.mmu:4 zap vm 0x10000", "t.mmu:4 zap vm 0x10000", "t.mmu:4 zap vm 0x10000"),
                expand(VM + "repeat 3 {\n  zap vm 0x10000\n}\n").subList(2, 5));
    }

    @Test
    void forStepsThroughTheRangeAPageAtATimeUnlessToldOtherwise() {
        assertEquals(List.of("t.mmu:4 touch vm 0x10000", "t.mmu:4 touch vm 0x11000", "t.mmu:4 touch vm 0x12000",
                "t.mmu:4 touch vm 0x13000"), expand(VM + "for a in 0x10000..0x14000 {\n  touch vm a\n}\n")
                .subList(2, 6));
        assertEquals(List.of("t.mmu:3 touch vm 0x10000", "t.mmu:3 touch vm 0x13000"),
                expand(VM + "for a in 0x10000 pages 4 step 0x3000 { touch vm a }").subList(2, 4));
    }

    @Test
    void aCallIsTheDefsBodyWithItsArgumentsAndSaysWhereItWasCalled() {
        List<String> out = expand(VM + "attach kvm to vm as g\ndef both(p, dev, va) {\n  touch p (va + 0x1000)\n"
                + "  dev fault va\n}\nboth(vm, g, 0x10000)\n");
        assertEquals(List.of("t.mmu:5 touch vm (0x10000 + 0x1000)  # in both, called at line 8",
                "t.mmu:6 g fault 0x10000  # in both, called at line 8"), out.subList(3, 5));
    }

    @Test
    void callsNestAndLoopVariablesPassAsArguments() {
        List<String> out = expand(VM + "def one(p, va) { touch p va }\ndef two(p, va) {\n  one(p, va)\n"
                + "  one(p, (va + 0x1000))\n}\nfor b in 0x10000 pages 4 step 0x2000 { two(vm, b) }\n");
        assertEquals(List.of("t.mmu:3 touch vm 0x10000  # in one, called at line 5; in two, called at line 8",
                "t.mmu:3 touch vm 0x11000  # in one, called at line 6; in two, called at line 8",
                "t.mmu:3 touch vm 0x12000  # in one, called at line 5; in two, called at line 8",
                "t.mmu:3 touch vm 0x13000  # in one, called at line 6; in two, called at line 8"), out.subList(2, 6));
    }

    @Test
    void aDefMayBeCalledBeforeItIsDefinedAndComeFromAnIncludedFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("lib.mmu"), "def map1(p, va) {\n  mmap p va pages 1 rw anon\n}\n");
        List<String> out = expand(dir, "process vm\nmap1(vm, 0x10000)\ninclude \"lib.mmu\"\ntouch vm 0x10000\n");
        assertEquals(List.of("t.mmu:1 process vm", "lib.mmu:2 mmap vm 0x10000 pages 1 rw anon  # in map1, called at"
                + " t.mmu:2", "t.mmu:4 touch vm 0x10000"), out);
    }

    @Test
    void anEmptyLoopMakesNothing() {
        assertEquals(List.of("t.mmu:1 process vm", "t.mmu:2 mmap vm 0x10000 pages 4 rw anon"),
                expand(VM + "repeat 0 { zap vm 0x10000 }\nrepeat 5 { }\n"));
    }

    @Test
    void theLimitIsReachedExactlyPastAHundredThousand() {
        Frontend ok = new Frontend(Path.of("."));
        assertNotNull(ok.load(new Source("t.mmu", "repeat 50000 { }\n"), null), () -> ok.diagnostics().render());
        Frontend over = new Frontend(Path.of("."));
        assertNull(over.load(new Source("t.mmu", "repeat 100001 { }\n"), null));
        assertTrue(over.diagnostics().render().contains("this expands to more than 100,000 statements"));
    }
}
