package dev.mmuscript.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

/** Highlighting from the generated lexer, checked style by style without a terminal. */
class HighlightTest {
    private static final SessionNames.Names NAMES = new SessionNames.Names(List.of("vm"), List.of("disk"), List.of("guest"),
            Map.of("guest", List.of("seq")), List.of(), List.of("kvm"), List.of("latest"));
    private final Highlight h = new Highlight(() -> NAMES);

    private static AttributedStyle at(AttributedString s, String text, String part) {
        return s.styleAt(text.indexOf(part));
    }

    @Test
    void keywordsNumbersNamesAndCommentsEachHaveTheirStyle() {
        String text = "zap vm 0x10000 pages 2   # drop them";
        AttributedString s = h.highlight(text);
        assertEquals(text, s.toString(), "highlighting never changes the text");
        assertEquals(Highlight.KEYWORD, at(s, text, "zap"));
        assertEquals(Highlight.KEYWORD, at(s, text, "pages"));
        assertEquals(Highlight.NUMBER, at(s, text, "0x10000"));
        assertEquals(Highlight.NUMBER, at(s, text, "2 "));
        assertEquals(Highlight.KNOWN_NAME, at(s, text, "vm"));
        assertEquals(Highlight.COMMENT, at(s, text, "# drop"));
        assertEquals(Highlight.COMMENT, s.styleAt(text.length() - 1));
        assertEquals(AttributedStyle.DEFAULT, at(s, text, "   #"));
    }

    @Test
    void namesTheSessionDoesNotKnowStayPlainAndStringsAreGreen() {
        String text = "include \"lib/x.mmu\"; process vm2";
        AttributedString s = h.highlight(text);
        assertEquals(Highlight.STRING, at(s, text, "\"lib"));
        assertEquals(AttributedStyle.DEFAULT, at(s, text, "vm2"));
    }

    @Test
    void everyKeywordOfTheGrammarIsHighlightedAsOne() {
        List<String> keywords = Lexing.keywords();
        assertTrue(keywords.containsAll(List.of("mmap", "oom_reap", "notifier", "EAGAIN", "coherent")), keywords
                .toString());
        for (String k : keywords) {
            // After a first error (the '$'), so that a keyword that cannot start a statement is not the error.
            assertEquals(Highlight.KEYWORD, h.highlight("$ " + k).styleAt(2), k);
        }
    }

    @Test
    void theFirstBadTokenIsMarkedAndNothingAfterIt() {
        String text = "mmap vm 0x10000 pages rw anon\nzap vm rw";
        AttributedString s = h.highlight(text);
        assertEquals(Highlight.ERROR, at(s, text, "rw anon"));
        assertEquals(AttributedStyle.DEFAULT, at(s, text, "anon"));
        assertEquals(AttributedStyle.DEFAULT, s.styleAt(text.lastIndexOf("rw")));
    }

    @Test
    void aCharacterTheLanguageDoesNotHaveIsMarked() {
        String text = "process vm $";
        assertEquals(Highlight.ERROR, h.highlight(text).styleAt(text.indexOf('$')));
    }

    @Test
    void unfinishedInputIsNotAnError() {
        String text = "notifier A on vm {\n  on invalidate_range_start {";
        AttributedString s = h.highlight(text);
        for (int i = 0; i < text.length(); i++) {
            assertTrue(!s.styleAt(i).equals(Highlight.ERROR), "at " + i);
        }
        assertEquals(Highlight.KEYWORD, at(s, text, "on invalidate"));
        assertEquals(AttributedStyle.DEFAULT, at(s, text, "invalidate_range_start"));
    }

    @Test
    void aCommandIsBoldAndItsArgumentsPlain() {
        String text = ":save x.mmu --golden";
        AttributedString s = h.highlight(text);
        assertEquals(Highlight.COMMAND, s.styleAt(0));
        assertEquals(AttributedStyle.DEFAULT, at(s, text, "x.mmu"));
    }
}
