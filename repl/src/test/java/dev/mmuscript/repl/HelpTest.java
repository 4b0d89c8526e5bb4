package dev.mmuscript.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How :help cuts a reference into topics: headings, the code in them, and the first cells of table rows. */
class HelpTest {
    static final String DOC = """
            # The language

            Intro, not a section.

            ## Script setup

            ### `zap P RANGE` and `madvise P RANGE dontneed`

            Zaps.

            ```
            # not a heading: a comment in a code block
            zap vm 0x10000
            ```

            ### Device accesses: `DEV fault`, `DEV read`

            Faults.

            ### `assert coherent [DEV]`

            | Knob | Values |
            |---|---|
            | `oom_reaper` | ... |
            | `stale-shadow` | ... |

            ## Handler statements

            | `let NAME = EXPR` | a local |
            """;

    private final Help help = new Help(DOC);

    @Test
    void aSectionAnswersToTheStatementsInItsHeadingAndAHeadingWithoutCodeToItsWords() {
        assertEquals(List.of("Script setup", "`zap P RANGE` and `madvise P RANGE dontneed`",
                "Device accesses: `DEV fault`, `DEV read`", "`assert coherent [DEV]`", "Handler statements"),
                help.sections().stream().map(Help.Section::heading).toList());
        assertEquals(List.of("script-setup", "zap", "madvise", "fault", "read", "assert coherent",
                "handler-statements"), help.topics());
    }

    @Test
    void findLooksAtTopicsThenTheirWordsThenTableRowsThenHeadingPrefixes() {
        assertEquals("`zap P RANGE` and `madvise P RANGE dontneed`", help.find("madvise").heading());
        assertEquals("`assert coherent [DEV]`", help.find("coherent").heading());
        assertEquals("`assert coherent [DEV]`", help.find("assert coherent").heading());
        assertEquals("`assert coherent [DEV]`", help.find("stale-shadow").heading());
        assertEquals("Handler statements", help.find("let").heading());
        assertEquals("Handler statements", help.find("handler").heading());
        assertEquals("Device accesses: `DEV fault`, `DEV read`", help.find("FAULT").heading());
        assertNull(help.find("frobnicate"));
        assertNull(help.find(" "));
    }

    @Test
    void aCommentInACodeBlockIsNotAHeadingAndTheSectionKeepsItsMarkdown() {
        assertEquals("Zaps.\n\n```\n# not a heading: a comment in a code block\nzap vm 0x10000\n```\n",
                help.find("zap").text());
        assertEquals(List.of("oom_reaper", "stale-shadow", "let"), help.mentions());
    }

    @Test
    void rowsPicksATableRowUnderItsHeader() {
        assertEquals("| Knob | Values |\n|---|\n| `stale-shadow` | ... |\n",
                Help.rows(help.find("stale-shadow"), "stale-shadow"));
        assertEquals("", Help.rows(help.find("zap"), "zap"));
    }

    @Test
    void aTopicOfALaterDocBeatsAMentionInAnEarlierOne() {
        Help two = new Help(DOC, "## `oom_reaper`\n\nReaps.\n");
        assertEquals(1, two.find("oom_reaper").doc());
        assertEquals(0, two.find("stale-shadow").doc());
    }

    @Test
    void theJarCarriesTheLanguageReferenceTheProfilesAndTheDrivers() {
        Help real = Help.fromClasspath();
        assertEquals("`process P`", real.find("process").heading());
        assertEquals(1, real.find("rmap_notify").doc(), "semantics.md");
        assertEquals(2, real.find("kvm").doc(), "drivers.md");
    }
}
