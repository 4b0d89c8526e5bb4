package dev.mmuscript.engine;

import java.util.List;

/** How a run ended: what held, what did not, and the exit code that says so (0 pass, 1 fail, 2 could not run). */
public record Verdict(String semantics, int statements, int assertions, int failedAssertions,
        List<String> expectedSeen, List<String> unexpected, List<String> missing, boolean aborted) {

    public boolean passed() {
        return !aborted && failedAssertions == 0 && unexpected.isEmpty() && missing.isEmpty();
    }

    public int exitCode() {
        return aborted ? 2 : passed() ? 0 : 1;
    }
}
