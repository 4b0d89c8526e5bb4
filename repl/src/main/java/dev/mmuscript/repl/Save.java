package dev.mmuscript.repl;

import dev.mmuscript.run.Diff;
import dev.mmuscript.run.Golden;
import dev.mmuscript.run.Options;
import dev.mmuscript.run.Runner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code :save FILE [--golden] [--force]}: writes the session's script, then runs it the way {@code mmu run} and
 * {@code mmu test} do and says whether that reproduces the session's trace; with {@code --golden} it also writes
 * the {@code .out} beside it, so the exploration is a regression test.
 */
final class Save {
    private final Session session;
    /** Files this session wrote, which it may overwrite without --force. */
    private final List<Path> saved;

    Save(Session session, List<Path> saved) {
        this.session = session;
        this.saved = saved;
    }

    boolean save(List<String> args, PrintWriter out, PrintWriter err) {
        String file = null;
        boolean golden = false;
        boolean force = false;
        for (String a : args) {
            if (a.equals("--golden")) {
                golden = true;
            } else if (a.equals("--force")) {
                force = true;
            } else if (a.startsWith("--") || file != null) {
                Repl.error(err, "unexpected '" + a + "'", "expected :save FILE [--golden] [--force]");
                return false;
            } else {
                file = a;
            }
        }
        if (file == null) {
            Repl.error(err, ":save needs a file", "expected :save FILE [--golden] [--force]");
            return false;
        }
        if (!session.hasStatements()) {
            Repl.error(err, "the session has no statements to save", null);
            return false;
        }
        if (golden && !file.endsWith(".mmu")) {
            Repl.error(err, "a golden test is NAME.mmu beside NAME.out", "expected a file name ending in .mmu");
            return false;
        }
        Path path;
        try {
            path = Path.of(file);
        } catch (RuntimeException e) {
            Repl.error(err, "cannot write " + file, null);
            return false;
        }
        for (Path p : golden ? List.of(path, Golden.goldenOut(path)) : List.of(path)) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !saved.contains(key(p)) && !force) {
                Repl.error(err, p + " exists", "use :save " + file + (golden ? " --golden" : "") + " --force to"
                        + " overwrite it");
                return false;
            }
        }
        Path key = key(path);
        try {
            Files.writeString(path, session.text(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            Repl.error(err, "cannot write " + file, null);
            return false;
        }
        if (!saved.contains(key)) {
            saved.add(key);
        }
        String run = check(path, file, out);
        if (golden) {
            return golden(path, run, out, err);
        }
        return true;
    }

    /**
     * Runs the saved file as {@code mmu test} does and says whether its trace is the session's; returns what the
     * run printed.
     */
    private String check(Path path, String file, PrintWriter out) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        try (PrintWriter po = new PrintWriter(o); PrintWriter pe = new PrintWriter(e)) {
            Runner.run(path, path.getFileName().toString(), Options.DEFAULT, po, pe);
        }
        String printed = o.toString() + e;
        String trace = traceOf(o.toString());
        int n = session.statementCount();
        String statements = n + (n == 1 ? " statement" : " statements");
        List<String> lines = o.toString().lines().toList();
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        if (trace.equals(session.trace()) && e.toString().isEmpty()) {
            out.println("wrote " + file + " (" + statements + "); mmu run " + file + " prints this session's trace"
                    + " and ends: " + last);
        } else {
            out.println("wrote " + file + " (" + statements + "), but mmu run " + file + " prints another trace than"
                    + " this session did:");
            out.print(Diff.unified("session", file, session.trace(), trace + e));
        }
        return printed;
    }

    /** The statements' trace in what {@code mmu run} printed: without its header, final checks and verdict. */
    static String traceOf(String run) {
        List<String> lines = new ArrayList<>(run.lines().toList());
        if (!lines.isEmpty() && lines.get(0).startsWith("# ")) {
            lines.remove(0);
        }
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            if (l.startsWith(" end  ") || l.startsWith("PASS under ") || l.startsWith("FAIL under ")) {
                break;
            }
            b.append(l).append('\n');
        }
        return b.toString();
    }

    private static Path key(Path p) {
        return p.toAbsolutePath().normalize();
    }

    private boolean golden(Path path, String printed, PrintWriter out, PrintWriter err) {
        Path outFile = Golden.goldenOut(path);
        try {
            Files.writeString(outFile, printed, StandardCharsets.UTF_8);
            if (!saved.contains(key(outFile))) {
                saved.add(key(outFile));
            }
            Golden.Result r = Golden.check(path, false);
            if (r.passed()) {
                out.println("wrote " + outFile + ": mmu test " + path + " passes");
                return true;
            }
            Repl.error(err, "wrote " + outFile + ", but mmu test " + path + " fails", r.message().strip());
            return false;
        } catch (IOException | RuntimeException e) {
            Repl.error(err, "cannot write " + outFile, null);
            return false;
        }
    }
}
