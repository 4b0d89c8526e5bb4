package dev.mmuscript.run;

import dev.mmuscript.report.TextReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Golden tests: {@code NAME.mmu} beside {@code NAME.out} (its trace) or {@code NAME.err} (the diagnostics of a
 * script that must not run), and optionally {@code NAME.matrix.out} (its {@code mmu matrix} table) and {@code NAME.steps.out} (its trace with every step). A missing
 * golden fails; blessing rewrites only what differs and never passes.
 */
public final class Golden {
    private Golden() {
    }

    /** The outcome for one script: passed, or why not (a diff, a missing file), and what was written. */
    public record Result(Path script, boolean passed, String message, Path written) {
    }

    /** Every .mmu file under the given files and directories, sorted, skipping files that others include. */
    public static List<Path> scripts(List<Path> roots) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(p -> p.toString().endsWith(".mmu") && !isLibrary(p)).sorted().forEach(out::add);
                }
            } else {
                out.add(root);
            }
        }
        return out;
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

    private static Path sibling(Path script, String ext) {
        String name = script.getFileName().toString();
        return script.resolveSibling(name.substring(0, name.length() - ".mmu".length()) + ext);
    }

    /** Runs one script as its golden file expects and compares; with {@code update}, rewrites a differing golden. */
    public static Result check(Path script, boolean update) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            Runner.run(script, script.getFileName().toString(), Options.DEFAULT, o, e);
        }
        Path errFile = goldenErr(script);
        Path outFile = goldenOut(script);
        boolean wantsErr = Files.exists(errFile) || (!Files.exists(outFile) && err.toString().length() > 0);
        Path golden = wantsErr ? errFile : outFile;
        String actual = normalize(wantsErr ? err.toString() : out.toString() + err);
        return compare(script, golden, actual, update);
    }

    /**
     * Runs one script with {@code --trace steps} (every step of every kernel path and handler) and compares it with
     * {@code NAME.steps.out}: a reordered step changes it where the event trace may not.
     */
    public static Result checkSteps(Path script, boolean update) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            Runner.run(script, script.getFileName().toString(), new Options(TextReport.Level.STEPS, null), o, e);
        }
        return compare(script, goldenSteps(script), normalize(out.toString() + err), update);
    }

    /**
     * Runs one script's matrix (every profile) and compares it with {@code NAME.matrix.out}; with {@code update},
     * rewrites it if it differs or is missing. The golden holds the table and any diagnostics, as printed.
     */
    public static Result checkMatrix(Path script, boolean update) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            Matrix.run(script, script.getFileName().toString(), null, o, e);
        }
        return compare(script, goldenMatrix(script), normalize(out.toString() + err), update);
    }

    private static Result compare(Path script, Path golden, String actual, boolean update) throws IOException {
        if (!Files.exists(golden)) {
            if (update) {
                Files.writeString(golden, actual, StandardCharsets.UTF_8);
                return new Result(script, false, "missing golden file " + golden, golden);
            }
            return new Result(script, false, "missing golden file " + golden + " (run with --update to write it)",
                    null);
        }
        String expected = normalize(Files.readString(golden, StandardCharsets.UTF_8));
        if (expected.equals(actual)) {
            return new Result(script, true, "", null);
        }
        String diff = Diff.unified(golden.toString(), "actual", expected, actual);
        if (update) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return new Result(script, false, diff, golden);
        }
        return new Result(script, false, diff, null);
    }

    static String normalize(String s) {
        return s.replace("\r\n", "\n");
    }
}
