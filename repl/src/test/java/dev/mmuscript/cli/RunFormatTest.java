package dev.mmuscript.cli;

import static dev.mmuscript.cli.CliTest.EXAMPLES;
import static dev.mmuscript.cli.CliTest.mmu;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mmuscript.cli.CliTest.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code mmu run --format}: text by default, JSON lines on request, anything else a usage error. */
class RunFormatTest {

    @Test
    void formatTextIsTheTraceOfTheDefault() {
        String script = EXAMPLES.resolve("kvm-basics.mmu").toString();
        Result text = mmu("run", "--format", "text", script);
        assertEquals(0, text.code(), text.err());
        assertEquals(mmu("run", script).out(), text.out());
    }

    @Test
    void formatJsonPrintsOneObjectPerLineForEachScriptAndTheWorstExitCode() {
        Result r = mmu("run", "--format", "json", "--quiet", EXAMPLES.resolve("kvm-basics.mmu").toString(),
                EXAMPLES.resolve("errors/syntax-error.mmu").toString());
        assertEquals(2, r.code());
        assertEquals(List.of("{\"type\":\"diagnostic\",\"severity\":\"error\",\"file\":\""
                + EXAMPLES.resolve("errors/syntax-error.mmu") + "\",\"line\":4,\"col\":19,"
                + "\"message\":\"unexpected 'rw'\",\"hint\":\"expected a number\"}"), r.out().lines().toList());
        assertEquals("", r.err());
    }

    @Test
    void formatJsonOfAPassingScriptEndsWithItsVerdict() {
        Result r = mmu("run", "--format", "json", EXAMPLES.resolve("kvm-basics.mmu").toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("{\"type\":\"run\",\"script\":\"" + EXAMPLES.resolve("kvm-basics.mmu")
                + "\",\"semantics\":\"latest\"}", lines.get(0));
        assertEquals("{\"type\":\"verdict\",\"script\":\"" + EXAMPLES.resolve("kvm-basics.mmu") + "\",\"passed\":true,"
                + "\"exit_code\":0,\"semantics\":\"latest\",\"statements\":20,\"assertions\":8,\"failed_assertions\":0,"
                + "\"expected_seen\":[],\"unexpected\":[],\"missing\":[],\"aborted\":false,\"unknown\":[],"
                + "\"warnings\":{\"expected_seen\":[],\"unexpected\":[],\"missing\":[],\"werror\":false}}",
                lines.get(lines.size() - 1));
    }

    @Test
    void anUnknownFormatIsAUsageErrorOnStderr() {
        Result r = mmu("run", "--format", "xml", EXAMPLES.resolve("kvm-basics.mmu").toString());
        assertEquals(2, r.code());
        assertEquals("mmu: error: unknown format 'xml' (expected text or json)\n", r.err());
        assertEquals("", r.out());
    }
}
