package dev.mmuscript.engine;

import java.util.List;

/**
 * How a run ended: what held, what did not, and the exit code that says so (0 pass, 1 fail, 2 could not run, 6 an
 * explore stopped at its bound before it could say: UNKNOWN). {@code unknown} lists those explores' lines;
 * {@code warnings} what the run's warnings decide.
 */
public record Verdict(String semantics, int statements, int assertions, int failedAssertions,
        List<String> expectedSeen, List<String> unexpected, List<String> missing, boolean aborted,
        List<String> unknown, Warnings warnings) {

    /** Exit code of a run in which an explore stopped at its bound and nothing failed for certain. */
    public static final int UNKNOWN = 6;

    /**
     * The warnings of a run ({@code Event.Warning}): the {@code expect warning} labels met, the kinds no expectation
     * covered, and the labels expected but never met. An expected warning never met fails the run; an unexpected one
     * fails it only with {@code werror} ({@code --werror}).
     */
    public record Warnings(List<String> expectedSeen, List<String> unexpected, List<String> missing, boolean werror) {
        boolean fail() {
            return !missing.isEmpty() || werror && !unexpected.isEmpty();
        }
    }

    public boolean passed() {
        return !aborted && failedAssertions == 0 && unexpected.isEmpty() && missing.isEmpty() && unknown.isEmpty()
                && !warnings.fail();
    }

    public int exitCode() {
        if (aborted) {
            return 2;
        }
        if (failedAssertions > 0 || !unexpected.isEmpty() || warnings.fail()) {
            return 1;
        }
        return !unknown.isEmpty() ? UNKNOWN : missing.isEmpty() ? 0 : 1;
    }

    /** This verdict of a run that says {@code --werror}: every warning no expectation covers fails it. */
    public Verdict werror() {
        return new Verdict(semantics, statements, assertions, failedAssertions, expectedSeen, unexpected, missing,
                aborted, unknown, new Warnings(warnings.expectedSeen(), warnings.unexpected(), warnings.missing(),
                        true));
    }
}
