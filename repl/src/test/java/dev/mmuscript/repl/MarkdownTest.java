package dev.mmuscript.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The docs' markdown as :help prints it on a terminal. */
class MarkdownTest {
    @Test
    void headingsAreUnderlinedAndParagraphsWrappedToTheWidth() {
        assertEquals("""
                Keys
                ----

                one two three
                four five
                """, Markdown.render("#### Keys\n\none two\nthree four five\n", 14));
    }

    @Test
    void inlineMarkupIsReducedToItsText() {
        assertEquals("run zap vm, see semantics.md, bold and emphasis, a | b\n",
                Markdown.render("run `zap vm`, see [semantics.md](semantics.md#x), **bold** and *emphasis*, a \\| b\n",
                        100));
        assertEquals("*_clear_flush_notify and 2 * 3\n", Markdown.render("`*_clear_flush_notify` and 2 * 3\n", 100));
    }

    @Test
    void listItemsHangAndCodeBlocksAreIndentedAsWritten() {
        assertEquals("""
                - a long item
                  that wraps
                2. next

                    if x {  # as written
                    }
                """, Markdown.render("- a long item that\nwraps\n2. next\n\n```\nif x {  # as written\n}\n```\n", 15));
    }

    @Test
    void aTableThatFitsIsAlignedAndOneThatDoesNotIsABlockPerRow() {
        String table = "| Kind | Where |\n|---|---|\n| `stale-shadow` | checks |\n| `a || b` | `x` \\| y |\n";
        assertEquals("""
                Kind          Where
                ------------  ------
                stale-shadow  checks
                a || b        x | y
                """, Markdown.render(table, 40));
        assertEquals("""
                stale-shadow
                    Where: checks
                a || b
                    Where: x | y
                """, Markdown.render(table, 18));
    }
}
