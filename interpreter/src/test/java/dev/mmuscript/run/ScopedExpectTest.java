package dev.mmuscript.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmuscript.run.RunnerTest.Run;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code expect violation KIND on MMU at ADDR}: an expectation covers only the violations of its MMU and address, so
 * a known bug does not hide a new one of the same kind. The script: a device keeps stale entries at two pages.
 */
class ScopedExpectTest {
    static final String BODY = """
            process vm
            mmap vm 0x10000 pages 2 rw anon
            notifier dma on vm {
              on invalidate_range_start { }
              on fault {
                gup addr as page
                map addr to page
              }
            }
            dma fault 0x10000 write
            dma fault 0x11000 write
            madvise vm 0x10000 pages 2 dontneed
            """;

    /** The exit code and the summary line (without the count of statements, which the expect lines change). */
    static String verdict(String expects) {
        return verdict(expects, "");
    }

    static String verdict(String expects, String after) {
        Run r = RunnerTest.run(expects + BODY + after, "latest");
        List<String> lines = r.out().lines().toList();
        return r.code() + " " + lines.get(lines.size() - 1).replaceFirst(": \\d+ statements; ", ": ");
    }

    @Test
    void unscopedCoversBothPages() {
        assertEquals("0 PASS under latest: 0 assertions held; expected violations: stale-shadow",
                verdict("expect violation stale-shadow\n"));
    }

    @Test
    void scopedToOnePageTheOtherIsUnexpected() {
        assertEquals("1 FAIL under latest: 0 assertions held; expected violations: stale-shadow on dma"
                + " at 0x10000; unexpected violations: stale-shadow",
                verdict("expect violation stale-shadow on dma at 0x10000\n"));
        assertEquals("1 FAIL under latest: 0 assertions held; expected violations: stale-shadow at"
                + " 0x11000; unexpected violations: stale-shadow",
                verdict("expect violation stale-shadow at 0x11000\n"));
    }

    @Test
    void scopedToTheDeviceCoversItsPages() {
        assertEquals("0 PASS under latest: 0 assertions held; expected violations: stale-shadow on dma",
                verdict("expect violation stale-shadow on dma\n"));
    }

    @Test
    void anExpectationForAnotherMmuIsNotSeen() {
        assertEquals("1 FAIL under latest: 0 assertions held; expected violations: stale-shadow on dma"
                + " at 0x10000, stale-shadow on dma at 0x11000; expected but not seen: stale-shadow on guest",
                verdict("expect violation stale-shadow on dma at 0x10000\nexpect violation stale-shadow on dma at"
                        + " 0x11000\nexpect violation stale-shadow on guest\n"));
    }

    /**
     * After one expect line, BODY's madvise is line 13 and the first assert coherent, which finds the stale entries,
     * line 14; the second lists them again on line 15, which does not count as finding them.
     */
    @Test
    void scopedToTheLineThatFindsThemAndStillExpectedWhenListedAgain() {
        assertEquals("0 PASS under latest: 2 assertions held; expected violations: stale-shadow on dma at line 14",
                verdict("expect violation stale-shadow on dma at line 14\n", "assert coherent\nassert coherent\n"));
        assertEquals("1 FAIL under latest: 2 of 2 assertions failed; unexpected violations: stale-shadow; expected but"
                + " not seen: stale-shadow at 0x10000 at line 15",
                verdict("expect violation stale-shadow at 0x10000 at line 15\n", "assert coherent\nassert coherent\n"));
    }

    @Test
    void aScopeCombinesWithIfSemantics() {
        assertEquals("1 FAIL under latest: 0 assertions held; unexpected violations: stale-shadow",
                verdict("expect violation stale-shadow on dma if semantics linux-4.19\n"));
    }
}
