package dev.mmuscript.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code mmu completion}: a bash/zsh script that knows every subcommand and its options. */
class CompletionCommandTest {
    @Test
    void printsACompletionScriptForEverySubcommandAndExitsZero() {
        CliTest.Result r = CliTest.mmu("completion");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("#!/usr/bin/env bash\n"), r.out());
        assertTrue(r.out().contains("complete -F _complete_mmu -o default mmu"), "the function is bound to mmu");
        assertTrue(r.out().contains("bashcompinit"), "zsh loads it through bashcompinit");
        for (String sub : new String[] {"run", "test", "matrix", "profiles", "drivers", "repl", "completion"}) {
            assertTrue(r.out().contains("function _picocli_mmu_" + sub + "()"), sub);
        }
        assertTrue(r.out().contains("--semantics"), "options complete too");
    }
}
