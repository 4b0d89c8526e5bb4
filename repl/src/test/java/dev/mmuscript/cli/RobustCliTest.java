package dev.mmuscript.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command's promises on bad input and bad surroundings: bounded runs exit 5, output is UTF-8 whatever the
 * locale, a failed write is an error, an internal error is one line and exit 3.
 */
class RobustCliTest {
    static final String KVM = CliTest.EXAMPLES.resolve("kvm-basics.mmu").toString();

    @Test
    void aRunThatPassesMaxStepsStopsWithExitFive() {
        CliTest.Result r = CliTest.mmu("run", "--max-steps", "10", KVM);
        assertEquals(5, r.code(), r.err());
        assertTrue(r.err().startsWith("mmu: stopped: " + KVM + " at line 15: the run took more than 10 steps"
                + " (--max-steps 10)"), r.err());
        assertTrue(r.out().contains("  15  guest write 0x10000 = 9"), "the trace up to where it stopped");
        assertFalse(r.out().contains("PASS"), r.out());
    }

    @Test
    void theDefaultBoundsLetEveryExampleRun() {
        assertEquals(0, CliTest.mmu("run", KVM).code());
    }

    @Test
    void badBoundsAreUsageErrors() {
        CliTest.Result r = CliTest.mmu("run", "--timeout", "0", KVM);
        assertEquals(2, r.code());
        assertEquals("mmu: error: --timeout must be from 1 to 86400 seconds, not 0\n", r.err());
        assertEquals(2, CliTest.mmu("run", "--max-steps", "0", KVM).code());
        assertEquals(2, CliTest.mmu("run", "--max-steps", "many", KVM).code());
    }

    @Test
    void aMatrixRowThatPassesMaxStepsFailsAndSaysSo() {
        CliTest.Result r = CliTest.mmu("matrix", "--max-steps", "10", "-p", "latest", KVM);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("stopped at line 15: the run took more than 10 steps (--max-steps 10)"), r.out());
    }

    @Test
    void aDeviceIsNotReadAsAScript() {
        CliTest.Result r = CliTest.mmu("run", "/dev/zero");
        assertEquals(2, r.code());
        assertEquals("mmu: error: cannot read /dev/zero: is not a regular file\n", r.err());
    }

    @Test
    void anInternalErrorIsOneLineWithExitThree() {
        StringWriter err = new StringWriter();
        assertEquals(3, MmuCommand.internalError(new StackOverflowError(), new PrintWriter(err)));
        assertEquals("mmu: internal error: java.lang.StackOverflowError (a bug in mmuscript; please report it with the"
                + " script that caused it)\n", err.toString());
    }

    // ---------------------------------------------------------------- as a process, as users run it

    record Proc(int code, byte[] out, String err) {
    }

    static Proc mmuProcess(File stdout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LANG", "C");
        pb.environment().put("LC_ALL", "C");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        if (stdout != null) {
            pb.redirectOutput(stdout);
        }
        Process p = pb.start();
        byte[] out = stdout == null ? p.getInputStream().readAllBytes() : new byte[0];
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Proc(p.exitValue(), out, err);
    }

    @Test
    void outputIsUtf8UnderTheCLocale(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.mmu"), "process vm # é\nfrobnicate vm # ü\n", StandardCharsets.UTF_8);
        Proc r = mmuProcess(null, "run", dir.resolve("bad.mmu").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("frobnicate vm # ü"), r.err());
    }

    @Test
    void aFailedWriteOfTheOutputIsAnError() throws Exception {
        Proc r = mmuProcess(new File("/dev/full"), "run", KVM);
        assertEquals(3, r.code(), r.err());
        assertEquals("mmu: error: cannot write the output\n", r.err());
    }
}
