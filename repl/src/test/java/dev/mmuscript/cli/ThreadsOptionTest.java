package dev.mmuscript.cli;

import static dev.mmuscript.cli.CliTest.EXAMPLES;
import static dev.mmuscript.cli.CliTest.mmu;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmuscript.cli.CliTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --threads N} runs scripts, tests or a matrix's profiles side by side: what is printed, on each stream, and
 * the exit code are those of the same command without it, whatever finishes first.
 */
class ThreadsOptionTest {
    @TempDir
    Path dir;

    /** Scripts of every outcome: an unexpected race (1), no explore (2), a syntax error (2), passing explores (0). */
    private List<String> mixed() throws IOException {
        Path race = dir.resolve("race.mmu");
        Files.writeString(race, "semantics linux-4.11\nprocess vm\nmmap vm 0x10000 pages 1 rw anon\n"
                + "write vm 0x10000 = 1\nthread first { madvise vm 0x10000 pages 1 dontneed }\n"
                + "thread second { madvise vm 0x10000 pages 1 dontneed; write vm 0x10000 = 5 }\n"
                + "explore first, second\n");
        Path broken = dir.resolve("broken.mmu");
        Files.writeString(broken, "process\n");
        List<String> files = new ArrayList<>();
        files.add(race.toString());
        files.add(EXAMPLES.resolve("kvm-basics.mmu").toString());
        files.add(broken.toString());
        files.add(EXAMPLES.resolve("explore/kvm-retry.mmu").toString());
        files.add(EXAMPLES.resolve("explore/deadlock-abba.mmu").toString());
        return files;
    }

    private static Result with(String command, String threads, List<String> files) {
        List<String> args = new ArrayList<>(List.of(command));
        if (threads != null) {
            args.add("--threads");
            args.add(threads);
        }
        args.addAll(files);
        return mmu(args.toArray(new String[0]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"explore", "run"})
    void scriptsSideBySidePrintWhatTheyPrintOneAfterAnother(String command) throws IOException {
        List<String> files = mixed();
        Result alone = with(command, null, files);
        Result side = with(command, "3", files);
        assertEquals(2, alone.code(), alone.err());
        assertEquals(alone, side);
    }

    @Test
    void aMatrixSideBySideIsTheSameTable() {
        List<String> files = List.of(EXAMPLES.resolve("explore/tlb-batch-race.mmu").toString(),
                EXAMPLES.resolve("explore/oom-reap-livelock.mmu").toString());
        Result alone = with("matrix", null, files);
        Result side = with("matrix", "2", files);
        assertEquals(0, alone.code(), alone.err());
        assertEquals(alone, side);
    }

    @Test
    void testsSideBySideReportInTheirOrder() {
        List<String> roots = List.of(EXAMPLES.resolve("explore").toString());
        Result alone = with("test", null, roots);
        Result side = with("test", "2", roots);
        assertEquals(0, alone.code(), alone.err());
        assertEquals(alone, side);
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "explore", "matrix", "test"})
    void aThreadCountOutOfRangeIsRefused(String command) {
        String script = EXAMPLES.resolve("explore/deadlock-abba.mmu").toString();
        for (String n : List.of("0", "65")) {
            Result r = mmu(command, "--threads", n, script);
            assertEquals(new Result(2, "", "mmu: error: --threads must be from 1 to 64, not " + n + "\n"), r);
        }
    }
}
