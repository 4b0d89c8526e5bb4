package dev.mmuscript.front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Diagnostic;
import dev.mmuscript.syntax.Diagnostics;
import dev.mmuscript.syntax.Source;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParserTest {
    private final Diagnostics diags = new Diagnostics();

    private Ast.Script parse(String text) {
        return Parser.parse(new Source("t.mmu", text), diags);
    }

    private Ast.Script parseClean(String text) {
        Ast.Script s = parse(text);
        assertFalse(diags.hasErrors(), diags::render);
        assertNotNull(s);
        return s;
    }

    private static void assertDiag(Diagnostic d, int line, int column, String message, String hint) {
        assertEquals(Diagnostic.Severity.ERROR, d.severity());
        assertEquals(line, d.span().line());
        assertEquals(column, d.span().column());
        assertEquals(message, d.message());
        assertEquals(hint, d.hint());
    }

    private static long num(Ast.Expr e) {
        return assertInstanceOf(Ast.Num.class, e).value();
    }

    // ---------------------------------------------------------------- good input

    @Test
    void emptySourceHasNoStatements() {
        assertEquals(List.of(), parseClean("").statements());
    }

    @Test
    void blankLinesAndCommentsAreSkipped() {
        Ast.Script s = parseClean("# a comment\n\nprocess vm   # trailing\n\n");
        assertEquals(1, s.statements().size());
        assertEquals("vm", assertInstanceOf(Ast.ProcessStmt.class, s.statements().get(0)).name().text());
    }

    @Test
    void mmapWithPagesBuildsRangeExpr() {
        Ast.Script s = parseClean("process vm\nmmap vm 0x10000 pages 4 rw anon\n");
        assertEquals(2, s.statements().size());
        Ast.MmapStmt m = assertInstanceOf(Ast.MmapStmt.class, s.statements().get(1));
        assertEquals("vm", m.proc().text());
        assertEquals(0x10000, num(m.range().lo()));
        assertNull(m.range().hi());
        assertEquals(4, num(m.range().pages()));
        assertEquals("rw", m.prot().text());
        assertEquals("anon", m.backing().text());
        assertFalse(m.shared());
    }

    @Test
    void sharedMmapIsMarkedShared() {
        Ast.MmapStmt m = assertInstanceOf(Ast.MmapStmt.class,
                parseClean("mmap vm 0x10000 rw anon shared").statements().get(0));
        assertTrue(m.shared());
        assertNull(m.range().pages());
    }

    @Test
    void dottedRangeWithUnderscoresInNumbers() {
        Ast.ZapStmt z = assertInstanceOf(Ast.ZapStmt.class, parseClean("zap vm 0x1_0000..0x12000").statements().get(0));
        assertEquals(0x10000, num(z.range().lo()));
        assertEquals(0x12000, num(z.range().hi()));
        assertNull(z.range().pages());
        assertEquals("0x1_0000..0x12000", z.range().span().text());
    }

    @Test
    void decimalAndHexNumbersAreBothRead() {
        Ast.WriteStmt w = assertInstanceOf(Ast.WriteStmt.class, parseClean("write vm 0x10 = 1_000").statements().get(0));
        assertEquals(16, num(w.addr()));
        assertEquals(1000, num(w.value()));
        assertNull(w.cpu());
    }

    @Test
    void multiplicationBindsTighterThanAddition() {
        Ast.WriteStmt w = assertInstanceOf(Ast.WriteStmt.class,
                parseClean("write vm 0x10000 = 1 + 2 * 3").statements().get(0));
        Ast.Binary plus = assertInstanceOf(Ast.Binary.class, w.value());
        assertEquals("+", plus.op());
        assertEquals(1, num(plus.left()));
        Ast.Binary times = assertInstanceOf(Ast.Binary.class, plus.right());
        assertEquals("*", times.op());
        assertEquals(2, num(times.left()));
        assertEquals(3, num(times.right()));
    }

    @Test
    void semicolonSeparatesStatementsOnOneLine() {
        Ast.Script s = parseClean("touch vm 0x10000 write; touch vm 0x20000");
        assertEquals(2, s.statements().size());
        Ast.TouchStmt a = assertInstanceOf(Ast.TouchStmt.class, s.statements().get(0));
        Ast.TouchStmt b = assertInstanceOf(Ast.TouchStmt.class, s.statements().get(1));
        assertTrue(a.write());
        assertFalse(b.write());
        assertEquals(0x20000, num(b.range().lo()));
        assertEquals(1, b.span().line());
        assertEquals(25, b.span().column());
    }

    @Test
    void statementSpansGiveLineAndColumn() {
        Ast.Script s = parseClean("process vm\n  zap vm 0x10000\n");
        Ast.Stmt zap = s.statements().get(1);
        assertEquals(2, zap.span().line());
        assertEquals(3, zap.span().column());
        assertEquals("zap vm 0x10000", zap.span().text());
    }

    @Test
    void deviceWriteOfFieldExpression() {
        Ast.DeviceWriteStmt w = assertInstanceOf(Ast.DeviceWriteStmt.class,
                parseClean("guest write 0x10 = A.x").statements().get(0));
        assertEquals("guest", w.inst().text());
        Ast.Field f = assertInstanceOf(Ast.Field.class, w.value());
        assertEquals("A", f.obj().text());
        assertEquals("x", f.field().text());
    }

    @Test
    void dashedNamesAreOneName() {
        Ast.ExpectStmt e = assertInstanceOf(Ast.ExpectStmt.class,
                parseClean("expect violation stale-shadow").statements().get(0));
        assertEquals("stale-shadow", e.kind().text());
        Ast.SemanticsStmt p = assertInstanceOf(Ast.SemanticsStmt.class,
                parseClean("semantics linux-4.13-rc5").statements().get(0));
        assertEquals("linux-4.13-rc5", p.profile().text());
    }

    @Test
    void notifierHandlerBodyIsBuilt() {
        Ast.Script s = parseClean("notifier A on vm {\n  var active = 0\n"
                + "  on invalidate_range_start { A.active += 1 }\n}\n");
        Ast.NotifierStmt n = assertInstanceOf(Ast.NotifierStmt.class, s.statements().get(0));
        assertEquals("A", n.name().text());
        assertEquals("vm", n.proc().text());
        assertEquals(1, n.def().vars().size());
        assertEquals("active", n.def().vars().get(0).name().text());
        assertEquals(1, n.def().handlers().size());
        Ast.Handler h = n.def().handlers().get(0);
        assertEquals("invalidate_range_start", h.callback().text());
        Ast.Assign a = assertInstanceOf(Ast.Assign.class, h.body().get(0));
        assertEquals("A", a.obj().text());
        assertEquals("active", a.var().text());
        assertEquals("+=", a.op());
        assertEquals(1, num(a.value()));
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void rangeWithNoEndIsOneSyntaxError() {
        Ast.Script s = parse("process vm\nmmap vm 0x10000.. rw anon\ntouch vm 0x10000..0x14000 write\n");
        assertNull(s);
        List<Diagnostic> d = diags.sorted();
        assertEquals(1, d.size());
        assertDiag(d.get(0), 2, 19, "unexpected 'rw'", "expected a number");
        assertEquals("rw", d.get(0).span().text());
    }

    @Test
    void everySyntaxErrorIsReportedNotOnlyTheFirst() {
        Ast.Script s = parse("process vm\nmmap vm 0x10000 pages rw anon\ntouch vm 0x10000..0x14000 write\n"
                + "notifier A on vm {\n  on invalidate_range_start { A.active += }\n}\nzap vm @ 0x10000\n");
        assertNull(s);
        List<Diagnostic> d = diags.sorted();
        assertEquals(3, d.size(), diags::render);
        assertDiag(d.get(0), 2, 23, "unexpected 'rw'", "expected a number");
        assertDiag(d.get(1), 5, 43, "unexpected '}'", "expected an expression");
        assertDiag(d.get(2), 7, 8, "unexpected character '@'", "expected a number");
    }

    @Test
    void atMostOneSyntaxErrorPerLine() {
        assertNull(parse("zap vm @ @ @\n"));
        assertEquals(1, diags.sorted().size());
    }

    @Test
    void missingTokenAtEndOfFileIsReported() {
        assertNull(parse("process vm\nmmap vm 0x10000 pages"));
        List<Diagnostic> d = diags.sorted();
        assertEquals(1, d.size());
        assertEquals(2, d.get(0).span().line());
        assertEquals("unexpected end of file", d.get(0).message());
        assertEquals("expected a number", d.get(0).hint());
    }

    @Test
    void missingTokenAtEndOfLineIsReported() {
        assertNull(parse("mmap vm 0x10000..\nprocess vm\n"));
        List<Diagnostic> d = diags.sorted();
        assertEquals(1, d.size());
        assertDiag(d.get(0), 1, 18, "unexpected end of line", "expected a number");
    }

    @Test
    void numberTooLargeIsAnError() {
        parse("zap vm 0x10000000000000000");
        List<Diagnostic> d = diags.sorted();
        assertEquals(1, d.size());
        assertDiag(d.get(0), 1, 8, "number too large: 0x10000000000000000", "expected at most 64 bits");
    }

    @Test
    void elseFollowedByPlainStatementIsAnError() {
        parse("notifier A on vm {\n  on invalidate_range_start { if 1 { } else retry }\n}");
        List<Diagnostic> d = diags.sorted();
        assertEquals(1, d.size());
        assertDiag(d.get(0), 2, 45, "expected '{' or 'if' after 'else'", null);
    }

    @Test
    void semanticallyWrongScriptStillParses() {
        Ast.Script s = parseClean("semantics linux-9.99\nzap vm 0x20000 pages 2\nexpect violation stale-entry\n");
        assertEquals(3, s.statements().size());
    }
}
