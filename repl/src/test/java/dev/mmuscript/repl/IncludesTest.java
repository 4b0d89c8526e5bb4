package dev.mmuscript.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A :load-ed file's include paths, rebased from its folder to the session's. */
class IncludesTest {
    static final Path SESSION = Path.of("/work/s");

    @Test
    void aPathRelativeToTheFileBecomesRelativeToTheSession() {
        assertEquals("include \"lib/a.mmu\"\nprocess vm\n",
                Includes.rebase("include \"a.mmu\"\nprocess vm\n", SESSION.resolve("lib"), SESSION));
        assertEquals("include \"../x.mmu\" # up\n",
                Includes.rebase("include \"../../x.mmu\" # up\n", SESSION.resolve("lib/deep"), SESSION.resolve("t")));
    }

    @Test
    void theSameFolderAnAbsolutePathAndOtherStringsAreLeftAsWritten() {
        String text = "include \"a.mmu\"\nset summary = \"a.mmu\"\n";
        assertEquals(text, Includes.rebase(text, SESSION, SESSION));
        assertEquals("include \"/etc/x.mmu\"\nset summary = \"a.mmu\"\n",
                Includes.rebase("include \"/etc/x.mmu\"\nset summary = \"a.mmu\"\n", SESSION.resolve("lib"), SESSION));
    }

    @Test
    void quotesInAPathStayEscaped() {
        assertEquals("include \"lib/a\\\"b.mmu\"\n", Includes.rebase("include \"a\\\"b.mmu\"\n", SESSION.resolve("lib"),
                SESSION));
    }
}
