package dev.mmuscript.run;

import dev.mmuscript.report.TextReport;
import dev.mmuscript.report.Timeline;
import dev.mmuscript.report.TimelineRecorder;
import dev.mmuscript.report.TimelineSvg;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Golden tests: {@code NAME.mmu} beside {@code NAME.out} (its trace) or {@code NAME.err} (the diagnostics of a
 * script that must not run), and optionally {@code NAME.matrix.out} (its {@code mmu matrix} table),
 * {@code NAME.steps.out} (its trace with every step) and {@code NAME.timeline.svg} (its {@code --timeline}). A
 * missing golden fails; a {@code .err} is only valid for a script that does not run, and a script that runs has a
 * {@code .out}; blessing rewrites only what differs and never passes. A golden that cannot be read or written fails its own test, never the whole run.
 */
public final class Golden {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private Golden() {
    }

    /** A test's verdict, as its line says it. */
    public enum Status {
        PASS("ok"), FAIL("FAIL"), SKIP("SKIP");

        private final String word;

        Status(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /** What a golden pins: the trace (NAME.out, or NAME.err), the matrix table, the steps trace, or the picture. */
    public enum Kind {
        TRACE(""), MATRIX(" (matrix)"), STEPS(" (steps)"), TIMELINE(" (timeline)");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * The outcome of one test: its verdict, why (a diff, a missing or unusable file, the reason for a skip), the
     * golden it wrote (or null), and what else blessing did ({@code updated ...}, {@code removed ...}).
     */
    public record Result(Path script, Kind kind, Status status, String message, Path written, List<String> notes) {
        public boolean passed() {
            return status == Status.PASS;
        }

        /** Why it failed or was skipped, in one line: the message's first line, or what a diff compares. */
        public String summary() {
            String first = message.lines().findFirst().orElse(status == Status.FAIL ? "failed" : "");
            return first.startsWith("--- ") ? "the output differs from " + first.substring(4) : first;
        }

        /** The test's name: the script's path, and the kind of golden unless it is the trace. */
        public String name() {
            return script + kind.label();
        }
    }

    /** Every .mmu file under the given files and directories, sorted, skipping files that others include. */
    public static List<Path> scripts(List<Path> roots) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(p -> p.toString().endsWith(".mmu") && !isLibrary(p) && !Files.isDirectory(p))
                            .sorted().forEach(out::add);
                }
            } else {
                out.add(root);
            }
        }
        return out;
    }

    /**
     * Why {@code root} cannot be given to {@code mmu test} (it does not exist, is a golden file or not a script, or
     * is a folder without scripts), or null when it can.
     */
    public static String refusal(Path root) throws IOException {
        if (!Files.exists(root)) {
            return "no such file or directory: " + root;
        }
        String name = root.getFileName() == null ? "" : root.getFileName().toString();
        if (Files.isDirectory(root)) {
            return scripts(List.of(root)).isEmpty() ? "no scripts (.mmu files) under " + root : null;
        }
        if (name.endsWith(".out") || name.endsWith(".err") || name.endsWith(".timeline.svg")) {
            return root + " is a golden file, not a script: give its script (NAME.mmu) or its folder";
        }
        return name.endsWith(".mmu") ? null : root + " is not a script: give .mmu files or folders of them";
    }

    /** A file under a directory named {@code lib} is included by scripts, not run by itself. */
    private static boolean isLibrary(Path p) {
        return p.getParent() != null && p.getParent().getFileName() != null
                && p.getParent().getFileName().toString().equals("lib");
    }

    public static Path goldenOut(Path script) {
        return sibling(script, ".out");
    }

    public static Path goldenErr(Path script) {
        return sibling(script, ".err");
    }

    /** The matrix golden of a script: its {@code mmu matrix} output, checked when the file exists. */
    public static Path goldenMatrix(Path script) {
        return sibling(script, ".matrix.out");
    }

    /** The steps golden of a script: its trace with {@code --trace steps}, checked when the file exists. */
    public static Path goldenSteps(Path script) {
        return sibling(script, ".steps.out");
    }

    /** The timeline golden of a script: its {@code --timeline} SVG, checked when the file exists. */
    public static Path goldenTimeline(Path script) {
        return sibling(script, ".timeline.svg");
    }

    private static Path sibling(Path script, String ext) {
        String name = script.getFileName().toString();
        return script.resolveSibling(name.substring(0, name.length() - ".mmu".length()) + ext);
    }

    /** Whether a golden is there, as a file or as a link (a dangling link is there, and refused when used). */
    static boolean present(Path golden) {
        return Files.exists(golden, NOFOLLOW);
    }

    /**
     * The tests of one script: its trace, its matrix where it has a {@code NAME.matrix.out} (or, with
     * {@code everyMatrix}, whenever it has no {@code NAME.err}), its steps trace where it has a
     * {@code NAME.steps.out}, and its timeline where it has a {@code NAME.timeline.svg}.
     */
    public static List<Kind> kinds(Path script, boolean everyMatrix) {
        List<Kind> kinds = new ArrayList<>(List.of(Kind.TRACE));
        if (present(goldenMatrix(script)) || everyMatrix && !present(goldenErr(script))) {
            kinds.add(Kind.MATRIX);
        }
        if (present(goldenSteps(script))) {
            kinds.add(Kind.STEPS);
        }
        if (present(goldenTimeline(script))) {
            kinds.add(Kind.TIMELINE);
        }
        return kinds;
    }

    /** Runs one test of a script and compares; with {@code update}, rewrites a golden that differs. */
    public static Result check(Path script, Kind kind, boolean update) {
        return check(script, kind, update, Bounds.DEFAULT);
    }

    /** As {@link #check(Path, Kind, boolean)}, each run within {@code bounds}; a run that hits one fails. */
    public static Result check(Path script, Kind kind, boolean update, Bounds bounds) {
        return switch (kind) {
            case TRACE -> check(script, update, bounds);
            case MATRIX -> checkMatrix(script, update, bounds);
            case STEPS -> checkSteps(script, update, bounds);
            case TIMELINE -> checkTimeline(script, update, bounds);
        };
    }

    private static Result boundHit(Path script, Kind kind, Run run) {
        return fail(script, kind, "stopped by its bounds (--max-steps, --timeout): " + run.err().strip() + "\n");
    }

    /** What a run printed, and how it ended. */
    record Run(int code, String out, String err) {
    }

    private static Run run(Path script, Options options) {
        return run(script, options, null);
    }

    private static Run run(Path script, Options options, TimelineRecorder recorder) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            code = Runner.run(script, script.getFileName().toString(), options, recorder, o, e);
        }
        return new Run(code, normalize(out.toString()), normalize(err.toString()));
    }

    /**
     * Runs one script and compares it with its golden: {@code NAME.out} (trace and any diagnostics) for a script
     * that runs, {@code NAME.err} (its diagnostics) for one that does not. A golden of the other kind beside it
     * fails the test; blessing writes the right one and removes the other.
     */
    public static Result check(Path script, boolean update) {
        return check(script, update, Bounds.DEFAULT);
    }

    private static Result check(Path script, boolean update, Bounds bounds) {
        Run run = run(script, new Options(Options.DEFAULT.level(), null, bounds));
        if (run.code() == Runner.SKIPPED) {
            return skipped(script, Kind.TRACE, run);
        }
        if (run.code() == Runner.BOUND_HIT) {
            return boundHit(script, Kind.TRACE, run);
        }
        boolean ran = run.code() != Runner.COULD_NOT_RUN;
        Path golden = ran ? goldenOut(script) : goldenErr(script);
        Path other = ran ? goldenErr(script) : goldenOut(script);
        String actual = ran ? run.out() + run.err() : run.err();
        if (!present(other)) {
            return compare(script, Kind.TRACE, golden, actual, update, run.code() == Runner.FAILED);
        }
        String why = ran
                ? other + " is for a script that must not run, but this script runs: its golden is " + golden
                : "this script does not run, so its golden is " + golden + " (its diagnostics), not " + other
                        + "; it says:\n" + actual;
        if (!update) {
            return fail(script, Kind.TRACE, why + (why.endsWith("\n") ? "" : "\n")
                    + "(run with --update to replace " + other.getFileName() + " with " + golden.getFileName() + ")");
        }
        Result blessed = bless(script, Kind.TRACE, golden, actual, why, run.code() == Runner.FAILED);
        if (blessed.written() == null) {
            return blessed;
        }
        List<String> notes = new ArrayList<>(blessed.notes());
        notes.add(remove(other));
        return new Result(script, Kind.TRACE, Status.FAIL, why, golden, List.copyOf(notes));
    }

    /**
     * Runs one script with {@code --trace steps} (every step of every kernel path and handler) and compares it with
     * {@code NAME.steps.out}: a reordered step changes it where the event trace may not.
     */
    public static Result checkSteps(Path script, boolean update) {
        return checkSteps(script, update, Bounds.DEFAULT);
    }

    private static Result checkSteps(Path script, boolean update, Bounds bounds) {
        Run run = run(script, new Options(TextReport.Level.STEPS, null, bounds));
        if (run.code() == Runner.SKIPPED) {
            return skipped(script, Kind.STEPS, run);
        }
        if (run.code() == Runner.BOUND_HIT) {
            return boundHit(script, Kind.STEPS, run);
        }
        return compare(script, Kind.STEPS, goldenSteps(script), run.out() + run.err(), update,
                run.code() == Runner.FAILED);
    }

    /**
     * Runs one script as {@code mmu run --timeline} does and compares the SVG with {@code NAME.timeline.svg}: a
     * change to the schedule, the locks it holds or what its steps do changes the picture.
     */
    public static Result checkTimeline(Path script, boolean update) {
        return checkTimeline(script, update, Bounds.DEFAULT);
    }

    private static Result checkTimeline(Path script, boolean update, Bounds bounds) {
        TimelineRecorder recorder = new TimelineRecorder();
        Run run = run(script, new Options(Options.DEFAULT.level(), null, bounds), recorder);
        if (run.code() == Runner.SKIPPED) {
            return skipped(script, Kind.TIMELINE, run);
        }
        if (run.code() == Runner.BOUND_HIT) {
            return boundHit(script, Kind.TIMELINE, run);
        }
        Timeline t = recorder.timeline();
        if (t == null) {
            return fail(script, Kind.TIMELINE, "nothing to draw: " + recorder.nothing() + "\n");
        }
        return compare(script, Kind.TIMELINE, goldenTimeline(script), TimelineSvg.render(t), update,
                run.code() == Runner.FAILED);
    }

    /**
     * Runs one script's matrix (every profile) and compares it with {@code NAME.matrix.out}; with {@code update},
     * rewrites it if it differs or is missing. The golden holds the table and any diagnostics, as printed.
     */
    public static Result checkMatrix(Path script, boolean update) {
        return checkMatrix(script, update, Bounds.DEFAULT);
    }

    private static Result checkMatrix(Path script, boolean update, Bounds bounds) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            code = Matrix.run(script, script.getFileName().toString(), null, bounds, o, e);
        }
        return compare(script, Kind.MATRIX, goldenMatrix(script), normalize(out.toString() + err), update,
                code == Runner.FAILED);
    }

    private static Result skipped(Path script, Kind kind, Run run) {
        String reason = run.out().lines().filter(l -> l.startsWith("SKIP ")).findFirst().orElse("SKIP")
                .replaceFirst("^SKIP[^:]*: ", "");
        return new Result(script, kind, Status.SKIP, reason, null, List.of());
    }

    private static Result fail(Path script, Kind kind, String message) {
        return new Result(script, kind, Status.FAIL, message, null, List.of());
    }

    private static Result compare(Path script, Kind kind, Path golden, String actual, boolean update,
            boolean failing) {
        GoldenFile.Read read = GoldenFile.read(golden);
        if (read.missing()) {
            return update ? bless(script, kind, golden, actual, "missing golden file " + golden, failing)
                    : fail(script, kind, "missing golden file " + golden + " (run with --update to write it)");
        }
        if (read.problem() != null) {
            return update ? bless(script, kind, golden, actual, read.problem(), failing)
                    : fail(script, kind, read.problem());
        }
        String expected = normalize(read.text());
        if (expected.equals(actual)) {
            return new Result(script, kind, Status.PASS, "", null, List.of());
        }
        String diff = Diff.unified(golden.toString(), "actual", expected, actual);
        if (expected.isEmpty() && golden.toString().endsWith(".err")) {
            diff = golden + " is empty: a .err golden holds the diagnostics of a script that must not run\n" + diff;
        }
        return update ? bless(script, kind, golden, actual, diff, failing) : fail(script, kind, diff);
    }

    /** Writes {@code actual} as the golden; the test fails either way, and says so if the run it blessed failed. */
    private static Result bless(Path script, Kind kind, Path golden, String actual, String why, boolean failing) {
        String problem = GoldenFile.write(golden, actual);
        if (problem != null) {
            return fail(script, kind, why + (why.endsWith("\n") ? "" : "\n") + problem);
        }
        String note = "updated " + golden + (failing ? ", blessing a FAILING verdict: the golden now expects the"
                + " run to fail" : "");
        return new Result(script, kind, Status.FAIL, why, golden, List.of(note));
    }

    private static String remove(Path other) {
        String problem = GoldenFile.remove(other);
        return problem == null ? "removed " + other : problem;
    }

    static String normalize(String s) {
        return s.replace("\r\n", "\n");
    }
}
