package dev.mmuscript.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jline.reader.EOFError;
import org.jline.reader.Parser.ParseContext;
import org.junit.jupiter.api.Test;

/** The REPL's JLine parser: an open block asks for more lines; the words of a line, for completion. */
class InputParserTest {
    private final InputParser parser = new InputParser();

    @Test
    void anOpenBlockIsIncompleteUntilItsBraceCloses() {
        assertTrue(InputParser.incomplete("notifier A on vm {"));
        assertTrue(InputParser.incomplete("notifier A on vm {\n  on invalidate_range_start {"));
        assertTrue(InputParser.incomplete("notifier A on vm {\n  on invalidate_range_start { A.n += 1 }"));
        assertFalse(InputParser.incomplete("notifier A on vm {\n  on invalidate_range_start { A.n += 1 }\n}"));
        assertFalse(InputParser.incomplete("process vm"));
        assertFalse(InputParser.incomplete(""));
    }

    @Test
    void bracesInCommentsAndStringsDoNotCount() {
        assertFalse(InputParser.incomplete("process vm   # the { is in a comment"));
        assertFalse(InputParser.incomplete("include \"odd{name.mmu\""));
    }

    @Test
    void tooManyClosingBracesAreCompleteSoTheSessionReportsThem() {
        assertFalse(InputParser.incomplete("}"));
    }

    @Test
    void aCommandIsAlwaysComplete() {
        assertFalse(InputParser.incomplete(":save {odd}.mmu"));
        assertFalse(InputParser.incomplete("  :help {"));
    }

    @Test
    void acceptingAnIncompleteLineRaisesEofErrorSoJLineAsksForTheNextLine() {
        EOFError e = assertThrows(EOFError.class, () -> parser.parse("driver d {", 10, ParseContext.ACCEPT_LINE));
        assertEquals("}", e.getMissing());
        parser.parse("driver d {", 10, ParseContext.COMPLETE);
        parser.parse("driver d { }", 12, ParseContext.ACCEPT_LINE);
    }

    @Test
    void wordsKeepFieldsAndDashedNamesWholeAndFindTheOneAtTheCursor() {
        InputParser.Words w = InputParser.Words.of("assert guest.seq == linux-4.19", 14);
        assertEquals(List.of("assert", "guest.seq", "linux-4.19"), w.words());
        assertEquals(1, w.wordIndex());
        assertEquals("guest.seq", w.word());
        assertEquals(7, w.wordStart());
        assertEquals(7, w.wordCursor());
    }

    @Test
    void theCursorBetweenWordsIsAnEmptyWord() {
        InputParser.Words end = InputParser.Words.of("mmap ", 5);
        assertEquals(List.of("mmap", ""), end.words());
        assertEquals(1, end.wordIndex());
        assertEquals(5, end.wordStart());
        InputParser.Words middle = InputParser.Words.of("zap  vm", 4);
        assertEquals(List.of("zap", "", "vm"), middle.words());
        assertEquals("", middle.word());
        InputParser.Words empty = InputParser.Words.of("", 0);
        assertEquals(List.of(""), empty.words());
    }

    @Test
    void punctuationSeparatesWordsInStatementsButNotInCommands() {
        assertEquals(List.of("vm", "0x10000"), InputParser.Words.of("vm[0x10000]", 5).words());
        assertEquals(List.of(":load", "dir/a-b.mmu"), InputParser.Words.of(":load dir/a-b.mmu", 17).words());
    }
}
