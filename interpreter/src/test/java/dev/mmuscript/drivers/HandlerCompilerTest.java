package dev.mmuscript.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmuscript.engine.Program;
import dev.mmuscript.front.Frontend;
import dev.mmuscript.model.Machine;
import dev.mmuscript.ops.Exec;
import dev.mmuscript.syntax.Source;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each handler statement kind compiles to one step named by its keyword; a second of a kind is KEYWORD.2. */
class HandlerCompilerTest {
    private static List<String> steps(String body) {
        String script = "process vm\nmmap vm 0x10000 pages 1 rw anon\nnotifier d on vm {\n  var v\n  spinlock s\n"
                + "  mutex mx\n  on fault {\n" + body + "\n  }\n}\n";
        Frontend front = new Frontend(Path.of("."));
        Program p = front.load(new Source("t.mmu", script), null);
        if (p == null) {
            throw new AssertionError(front.diagnostics().render());
        }
        Machine m = new Machine();
        Drivers d = dev.mmuscript.engine.Runtime.of(p, m, new Exec(m)).drivers();
        d.create("d", "vm", "d");
        return d.handlerSteps("d", "fault");
    }

    @Test
    void everyStatementKindIsAStepNamedByItsKeyword() {
        assertEquals(List.of("assign", "let", "if", "return", "retry", "lock", "unlock", "unmap", "gup", "map",
                "put", "sleep", "walk"), strip(steps("v = 1\n let x = 2\n if x == 2 { return } else { retry }\n"
                        + " lock s\n unlock s\n unmap addr\n gup addr as pg\n map addr to pg\n put pg\n sleep\n"
                        + " walk addr as w")));
    }

    @Test
    void aSecondStatementOfAKindIsNumberedInSourceOrder() {
        assertEquals(List.of("lock", "unlock", "lock.2", "assign", "unlock.2", "assign.2"),
                strip(steps("lock s\n unlock s\n lock mx\n v += 1\n unlock mx\n v -= 1")));
    }

    @Test
    void theStatementsOfBothBranchesOfAnIfAreSteps() {
        assertEquals(List.of("if", "assign", "return", "assign.2", "retry"),
                strip(steps("if addr == 0 { v = 1; return } else { v = 2; retry }")));
    }

    private static List<String> strip(List<String> full) {
        return full.stream().map(s -> s.substring("d.fault.".length())).toList();
    }
}
