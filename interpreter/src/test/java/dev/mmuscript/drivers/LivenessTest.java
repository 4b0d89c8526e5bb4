package dev.mmuscript.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmuscript.engine.Program;
import dev.mmuscript.front.Frontend;
import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Ast.HStmt;
import dev.mmuscript.syntax.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The locals a handler's step drops: those no statement after it reads. Each statement is listed as KEYWORD, or
 * KEYWORD-NAME,... for the locals dead after its step (a local not yet bound may be listed: dropping it does
 * nothing).
 */
class LivenessTest {
    private static List<String> deadAfter(String body) {
        String script = "process vm\nmmap vm 0x10000 pages 1 rw anon\nnotifier d on vm {\n  var v\n  spinlock s\n"
                + "  on fault {\n" + body + "\n  }\n}\n";
        Frontend front = new Frontend(Path.of("."));
        Program p = front.load(new Source("t.mmu", script), null);
        if (p == null) {
            throw new AssertionError(front.diagnostics().render());
        }
        Ast.NotifierStmt n = (Ast.NotifierStmt) p.script().statements().stream()
                .filter(st -> st instanceof Ast.NotifierStmt).findFirst().orElseThrow();
        List<HStmt> handler = n.def().handlers().get(0).body();
        Map<HStmt, String[]> dead = Liveness.of(handler);
        List<String> out = new ArrayList<>();
        list(handler, dead, out);
        return out;
    }

    private static void list(List<HStmt> stmts, Map<HStmt, String[]> dead, List<String> out) {
        for (HStmt s : stmts) {
            String[] d = dead.get(s);
            out.add(s.keyword() + (d == null ? "" : "-" + String.join(",", d)));
            if (s instanceof Ast.If i) {
                list(i.then(), dead, out);
                list(i.otherwise(), dead, out);
            }
        }
    }

    @Test
    void kvmsSampledSequenceDiesOnceTheRetryTestHasReadIt() {
        assertEquals(List.of("let", "gup", "lock", "if-s", "unlock-s", "put-s", "retry-s", "map-s", "unlock-s",
                "put-s"),
                deadAfter("let s = v\n gup addr as page\n lock s\n if v != s { unlock s\n put page\n retry }\n"
                        + " map addr to page\n unlock s\n put page"));
    }

    @Test
    void aLocalNothingReadsDiesAtItsLet() {
        assertEquals(List.of("let-x", "assign-x"), deadAfter("let x = 1\n v = 2"));
    }

    @Test
    void aLocalOneBranchReadsLivesThroughTheIfAndDiesInTheOther() {
        assertEquals(List.of("let", "if", "assign-x", "assign-x"),
                deadAfter("let x = 1\n if addr == 0 { v = x } else { v = 2 }"));
    }

    @Test
    void aLocalReadAfterTheIfLivesThroughBothBranches() {
        assertEquals(List.of("let", "if", "assign", "assign", "assign-x"),
                deadAfter("let x = 1\n if addr == 0 { v = 1 } else { v = 2 }\n v = x"));
    }

    @Test
    void returnEndsTheHandlerSoALocalOnlyTheIfReadsDiesThere() {
        assertEquals(List.of("let", "if-x", "return-x", "assign-x"),
                deadAfter("let x = 1\n if x == 0 { return }\n v = 1"));
    }

    @Test
    void aLocalTheGupAddressReadsLivesUntilTheGup() {
        assertEquals(List.of("let", "gup-a", "put-a"), deadAfter("let a = addr\n gup a as page\n put page"));
    }

    @Test
    void theLocalsAnUnmapRangeReadsLiveUntilTheUnmap() {
        assertEquals(List.of("let-b", "let", "unmap-a,b"),
                deadAfter("let a = addr\n let b = 1\n unmap a pages b"));
    }
}
