package dev.mmuscript.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mmuscript.cli.CliTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mmu test}: goldens that never stop checking. Each test here is one defect of issue 11's "Goldens that stop
 * checking", as a user meets it.
 */
class TestCommandTest {
    static final String RUNS = "process vm\nmmap vm 0x10000 pages 1 rw anon\n";
    static final String FAILS = "process vm\nassert 1 == 2\n";
    static final String DOES_NOT_RUN = "process vm\nmunmap nosuch 0x10000 pages 1\n";

    @TempDir
    Path dir;

    private Path script(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static Result mmu(String... args) {
        return CliTest.mmu(args);
    }

    /** Blesses a script's goldens with --update (which fails), then checks that they pass. */
    private void bless(Path script) {
        assertEquals(1, mmu("test", "--update", script.toString()).code());
        Result r = mmu("test", script.toString());
        assertEquals(0, r.code(), r.out());
    }

    @Test
    void anEmptyErrBesideAScriptThatRunsFailsAndUpdateWritesItsOut() throws IOException {
        Path s = script("x.mmu", RUNS);
        Files.writeString(dir.resolve("x.err"), "");
        Result r = mmu("test", s.toString());
        assertEquals(1, r.code());
        assertEquals("FAIL  " + s + "\n" + dir.resolve("x.err") + " is for a script that must not run, but this"
                + " script runs: its golden is " + dir.resolve("x.out") + "\n(run with --update to replace x.err with"
                + " x.out)\n0 passed, 1 failed\n", r.out());
        Result u = mmu("test", "--update", s.toString());
        assertEquals(1, u.code());
        assertTrue(u.out().contains("updated " + dir.resolve("x.out") + "\nremoved " + dir.resolve("x.err") + "\n"),
                u.out());
        assertFalse(Files.exists(dir.resolve("x.err")));
        assertEquals(0, mmu("test", s.toString()).code());
    }

    @Test
    void aRunThatHitsItsBoundFailsThatTestAndSaysWhich() throws IOException {
        Path s = script("x.mmu", RUNS);
        assertEquals(1, mmu("test", "--update", s.toString()).code(), "the blessing run fails");
        Result r = mmu("test", "--max-steps", "1", s.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().startsWith("FAIL  " + s + "\nstopped by its bounds (--max-steps, --timeout): mmu: stopped:"
                + " x.mmu at line "), r.out());
        assertTrue(r.out().endsWith("the run took more than 1 steps (--max-steps 1)\n0 passed, 1 failed\n"), r.out());
    }

    @Test
    void anOutBesideAScriptThatDoesNotRunFails() throws IOException {
        Path s = script("x.mmu", DOES_NOT_RUN);
        Files.writeString(dir.resolve("x.out"), "# x.mmu under latest\n");
        Result r = mmu("test", s.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().startsWith("FAIL  " + s + "\nthis script does not run, so its golden is "
                + dir.resolve("x.err") + " (its diagnostics), not " + dir.resolve("x.out") + "; it says:\n"
                + "x.mmu:2:8: error: unknown process 'nosuch'"), r.out());
    }

    @Test
    void anEmptyErrOfAScriptThatDoesNotRunSaysSo() throws IOException {
        Path s = script("x.mmu", DOES_NOT_RUN);
        Files.writeString(dir.resolve("x.err"), "");
        Result r = mmu("test", s.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().startsWith("FAIL  " + s + "\n" + dir.resolve("x.err") + " is empty: a .err golden holds"
                + " the diagnostics of a script that must not run\n--- "), r.out());
    }

    @Test
    void goldenFilesGivenAsScriptsAreRefused() throws IOException {
        Path s = script("x.mmu", RUNS);
        bless(s);
        String before = Files.readString(dir.resolve("x.out"));
        for (String name : List.of("x.out", "x.err")) {
            Path golden = dir.resolve(name);
            Files.writeString(dir.resolve("x.err"), "x", java.nio.file.StandardOpenOption.CREATE);
            Result r = mmu("test", "--update", golden.toString());
            assertEquals(2, r.code());
            assertEquals("", r.out());
            assertEquals("mmu: error: " + golden + " is a golden file, not a script: give its script (NAME.mmu) or"
                    + " its folder\n", r.err());
        }
        assertEquals(before, Files.readString(dir.resolve("x.out")));
        Result r = mmu("test", script("notes.txt", "hello").toString());
        assertEquals(2, r.code());
        assertEquals("mmu: error: " + dir.resolve("notes.txt") + " is not a script: give .mmu files or folders of"
                + " them\n", r.err());
    }

    @Test
    void aFolderWithoutScriptsIsAnError() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Result r = mmu("test", empty.toString());
        assertEquals(2, r.code());
        assertEquals("mmu: error: no scripts (.mmu files) under " + empty + "\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void updateRefusesAGoldenThatIsASymbolicLinkAndWritesNothingThroughIt() throws IOException {
        Path s = script("x.mmu", RUNS);
        Path outside = Files.createDirectory(dir.resolve("outside")).resolve("target.txt");
        Files.writeString(outside, "do not touch\n");
        Files.createSymbolicLink(dir.resolve("x.out"), outside);
        Result r = mmu("test", "--update", s.toString());
        assertEquals(1, r.code());
        assertEquals("FAIL  " + s + "\n" + dir.resolve("x.out") + " is a symbolic link; a golden must be a regular"
                + " file beside its script\nrefused to write: " + dir.resolve("x.out") + " is a symbolic link; a golden"
                + " must be a regular file beside its script\n0 passed, 1 failed\n", r.out());
        assertEquals("do not touch\n", Files.readString(outside));
        assertTrue(Files.isSymbolicLink(dir.resolve("x.out")));
    }

    @Test
    void updateCreatesNothingThroughADanglingLink() throws IOException {
        Path s = script("x.mmu", RUNS);
        Path nowhere = dir.resolve("outside").resolve("created.txt");
        Files.createSymbolicLink(dir.resolve("x.out"), nowhere);
        Result r = mmu("test", "--update", s.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains(dir.resolve("x.out") + " is a symbolic link to nothing; a golden must be a"
                + " regular file beside its script"), r.out());
        assertFalse(Files.exists(nowhere));
        Files.createDirectory(dir.resolve("outside"));
        assertEquals(1, mmu("test", "--update", s.toString()).code());
        assertFalse(Files.exists(nowhere));
    }

    @Test
    void aDanglingMatrixGoldenIsCheckedAndRefusedNotIgnored() throws IOException {
        Path s = script("x.mmu", RUNS);
        bless(s);
        Files.createSymbolicLink(dir.resolve("x.matrix.out"), dir.resolve("gone"));
        Result r = mmu("test", s.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().startsWith("ok    " + s + "\nFAIL  " + s + " (matrix)\n" + dir.resolve("x.matrix.out")
                + " is a symbolic link to nothing"), r.out());
    }

    @Test
    void aGoldenThatCannotBeWrittenFailsItsTestAndTheRunGoesOn() throws IOException {
        Path a = script("a.mmu", RUNS);
        Files.createDirectory(dir.resolve("a.out"));
        Path b = script("b.mmu", RUNS);
        Result r = mmu("test", "--update", dir.toString());
        assertEquals(1, r.code(), r.err());
        assertEquals("", r.err());
        assertEquals("FAIL  " + a + "\n" + dir.resolve("a.out") + " is not a regular file; a golden must be a regular"
                + " file beside its script\nrefused to write: " + dir.resolve("a.out") + " is not a regular file; a"
                + " golden must be a regular file beside its script\n"
                + "FAIL  " + b + "\nmissing golden file " + dir.resolve("b.out") + "\nupdated " + dir.resolve("b.out")
                + "\n0 passed, 2 failed\n", r.out());
    }

    @Test
    void aGoldenThatIsNotUtf8FailsItsTestAndTheRunGoesOn() throws IOException {
        Path a = script("a.mmu", RUNS);
        Path b = script("b.mmu", RUNS);
        bless(a);
        bless(b);
        Files.write(dir.resolve("a.out"), new byte[] {'#', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
        Result r = mmu("test", dir.toString());
        assertEquals(1, r.code());
        assertEquals("FAIL  " + a + "\n" + dir.resolve("a.out") + " is not UTF-8 text\nok    " + b
                + "\n1 passed, 1 failed\n", r.out());
    }

    @Test
    void anUnreadableGoldenFailsItsTestNotTheRun() throws IOException {
        Path a = script("a.mmu", RUNS);
        bless(a);
        Files.setPosixFilePermissions(dir.resolve("a.out"), PosixFilePermissions.fromString("---------"));
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(dir.resolve("a.out")),
                "running as root: every file is readable");
        Result r = mmu("test", dir.toString());
        assertEquals(1, r.code());
        assertEquals("FAIL  " + a + "\ncannot read " + dir.resolve("a.out") + ": permission denied\n0 passed, 1 failed\n",
                r.out());
    }

    @Test
    void blessingAFailingVerdictSaysSo() throws IOException {
        Path s = script("x.mmu", FAILS);
        Result r = mmu("test", "--update", s.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("\nupdated " + dir.resolve("x.out") + ", blessing a FAILING verdict: the golden"
                + " now expects the run to fail\n"), r.out());
        Path ok = script("y.mmu", RUNS);
        Result quiet = mmu("test", "--update", ok.toString());
        assertTrue(quiet.out().contains("\nupdated " + dir.resolve("y.out") + "\n"), quiet.out());
    }

    @Test
    void updateWritesAtomicallyARegularFileAndLeavesNoTemporaryFile() throws IOException {
        Path s = script("x.mmu", RUNS);
        bless(s);
        Files.writeString(dir.resolve("x.out"), "stale\n");
        Files.setPosixFilePermissions(dir.resolve("x.out"), PosixFilePermissions.fromString("rw-rw-r--"));
        assertEquals(1, mmu("test", "--update", s.toString()).code());
        assertTrue(Files.isRegularFile(dir.resolve("x.out"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("x.out"))));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("x.mmu", "x.out"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals(0, mmu("test", s.toString()).code());
    }

    @Test
    void everyLineStatesItsVerdictAndSkipsAreCounted() throws IOException {
        Path pass = script("a.mmu", RUNS);
        bless(pass);
        Path skip = script("b.mmu", "requires semantics linux-4.14..linux-4.19\n" + RUNS);
        Path fail = script("c.mmu", RUNS);
        Result r = mmu("test", dir.toString());
        assertEquals(1, r.code());
        assertEquals("ok    " + pass + "\nSKIP  " + skip + ": the script says 'requires semantics linux-4.14..linux-4.19'"
                + "\nFAIL  " + fail + "\nmissing golden file " + dir.resolve("c.out") + " (run with --update to write"
                + " it)\n1 passed, 1 failed, 1 skipped\n", r.out());
        Files.delete(fail);
        assertEquals(0, mmu("test", dir.toString()).code(), "skips do not fail the run");
        assertFalse(Files.exists(dir.resolve("b.out")), "a skipped script has no golden written for it");
    }
}
