package dev.mmuscript.engine;

import java.util.List;

/**
 * How a run ended: what held, what did not, and the exit code that says so (0 pass, 1 fail, 2 could not run, 6 an
 * explore stopped at its bound before it could say: UNKNOWN). {@code unknown} lists those explores' lines.
 */
public record Verdict(String semantics, int statements, int assertions, int failedAssertions,
        List<String> expectedSeen, List<String> unexpected, List<String> missing, boolean aborted,
        List<String> unknown) {

    /** Exit code of a run in which an explore stopped at its bound and nothing failed for certain. */
    public static final int UNKNOWN = 6;

    public boolean passed() {
        return !aborted && failedAssertions == 0 && unexpected.isEmpty() && missing.isEmpty() && unknown.isEmpty();
    }

    public int exitCode() {
        if (aborted) {
            return 2;
        }
        if (failedAssertions > 0 || !unexpected.isEmpty()) {
            return 1;
        }
        return !unknown.isEmpty() ? UNKNOWN : missing.isEmpty() ? 0 : 1;
    }
}
