package dev.mmuscript.run;

import dev.mmuscript.engine.Budget;
import dev.mmuscript.engine.Engine;
import dev.mmuscript.engine.Program;
import dev.mmuscript.engine.Verdict;
import dev.mmuscript.front.Frontend;
import dev.mmuscript.front.Stdlib;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.Range;
import dev.mmuscript.model.Violation;
import dev.mmuscript.semantics.Knob;
import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Diagnostic;
import dev.mmuscript.syntax.ScriptError;
import dev.mmuscript.syntax.Source;
import dev.mmuscript.syntax.Span;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code mmu matrix}: one script under every profile of the stdlib, oldest era first, one row each. A row says
 * whether the run met the script's expectations for that profile (its {@code expect violation ... if semantics}
 * and {@code assert ... if semantics} lines select per profile), which violations it found, and the first thing
 * that decided it; a profile that the script's {@code requires semantics} does not select is not run, and its row
 * says {@code n/a}. The table is a golden file ({@code NAME.matrix.out}), so it holds nothing that varies between
 * runs. Exit codes: 0 every row as expected (or n/a), 1 some row not, 2 the script could not run, 4 every row n/a.
 */
public final class Matrix {
    private Matrix() {
    }

    /**
     * One profile's run: {@code ok} when it met the script's expectations for that profile; the kinds of violation
     * it found, expected and not, in the order first seen, and the expected kinds it never saw; {@code first} the
     * first failure (an unexpected violation, a failed assertion, an error, an expected violation never seen) in a
     * failing row, the first violation in a passing one, or "-".
     */
    public record Row(String profile, String year, boolean ok, List<String> expected, List<String> unexpected,
            List<String> notSeen, String first, boolean applies) {
        public Row(String profile, String year, boolean ok, List<String> expected, List<String> unexpected,
                List<String> notSeen, String first) {
            this(profile, year, ok, expected, unexpected, notSeen, first, true);
        }

        /** A profile the script's {@code requires semantics} does not select: not run, shown as {@code n/a}. */
        static Row notApplicable(String profile, String year, String requires) {
            return new Row(profile, year, true, List.of(), List.of(), List.of(), requires, false);
        }

        /** {@code ok}, {@code FAIL}, or {@code n/a} for a profile the script does not apply to. */
        public String verdict() {
            return !applies ? "n/a" : ok ? "ok" : "FAIL";
        }

        /** {@code none}, or {@code unexpected: K, ...; expected: K, ...; not seen: K, ...} (the parts there are). */
        public String violations() {
            if (!applies) {
                return "-";
            }
            List<String> parts = new ArrayList<>();
            if (!unexpected.isEmpty()) {
                parts.add("unexpected: " + String.join(", ", unexpected));
            }
            if (!expected.isEmpty()) {
                parts.add("expected: " + String.join(", ", expected));
            }
            if (!notSeen.isEmpty()) {
                parts.add("not seen: " + String.join(", ", notSeen));
            }
            return parts.isEmpty() ? "none" : String.join("; ", parts);
        }
    }

    /** A whole matrix: the rows in order, or the diagnostics of a script that could not run (then no rows). */
    public record Table(List<Row> rows, String errors) {
        public boolean ran() {
            return errors.isEmpty();
        }

        /** 2 the script could not run, 1 some row failed, 4 no profile applies (every row n/a), else 0. */
        public int exitCode() {
            if (!ran()) {
                return Runner.COULD_NOT_RUN;
            }
            if (!rows.stream().allMatch(Row::ok)) {
                return Runner.FAILED;
            }
            return rows.stream().anyMatch(Row::applies) ? Runner.PASSED : Runner.SKIPPED;
        }
    }

    /**
     * Runs {@code file} (named {@code displayName} in the table and diagnostics) under {@code profiles}, or under
     * every stdlib profile in era order if that is null; prints the table to {@code out}, diagnostics to
     * {@code err}; returns the exit code.
     */
    public static int run(Path file, String displayName, List<String> profiles, PrintWriter out, PrintWriter err) {
        return run(file, displayName, profiles, Bounds.DEFAULT, out, err);
    }

    /** As above, each row's run bounded by {@code bounds}; a row that hits a bound fails and says so. */
    public static int run(Path file, String displayName, List<String> profiles, Bounds bounds, PrintWriter out,
            PrintWriter err) {
        return run(file, displayName, profiles, bounds, 1, out, err);
    }

    /** As above, with up to {@code threads} rows run at once ({@link SideBySide}): the same table. */
    public static int run(Path file, String displayName, List<String> profiles, Bounds bounds, int threads,
            PrintWriter out, PrintWriter err) {
        Source source;
        try {
            source = Frontend.read(file, displayName);
        } catch (IOException e) {
            err.println("mmu: error: cannot read " + displayName);
            err.flush();
            return 2;
        }
        return run(source, file.toAbsolutePath().getParent(), profiles, bounds, threads, out, err);
    }

    public static int run(Source source, Path dir, List<String> profiles, PrintWriter out, PrintWriter err) {
        return run(source, dir, profiles, Bounds.DEFAULT, 1, out, err);
    }

    private static int run(Source source, Path dir, List<String> profiles, Bounds bounds, int threads,
            PrintWriter out, PrintWriter err) {
        Table t = table(source, dir, profiles, bounds, threads);
        if (!t.ran()) {
            err.print(t.errors());
            err.flush();
            out.flush();
            return 2;
        }
        out.print(render(source.name(), t.rows(), profiles == null));
        out.flush();
        return t.exitCode();
    }

    /** Runs the script under each profile; front-end errors (checked once, as the script is) make no rows. */
    public static Table table(Source source, Path dir, List<String> profiles) {
        return table(source, dir, profiles, Bounds.DEFAULT);
    }

    static Table table(Source source, Path dir, List<String> profiles, Bounds bounds) {
        return table(source, dir, profiles, bounds, 1);
    }

    /** As above, with up to {@code threads} profiles run at once: each row has its own front end and machine. */
    static Table table(Source source, Path dir, List<String> profiles, Bounds bounds, int threads) {
        Frontend front = new Frontend(dir);
        Program base = front.load(source, null);
        if (base == null) {
            return new Table(List.of(), front.diagnostics().render());
        }
        List<String> names;
        if (profiles == null) {
            names = Stdlib.profiles();
        } else {
            Set<String> chosen = new LinkedHashSet<>();
            for (String p : profiles) {
                if (!p.isBlank()) {
                    chosen.add(p.strip());
                }
            }
            names = List.copyOf(chosen);
            String problem = unknownProfile(names, base);
            if (problem != null) {
                return new Table(List.of(), problem);
            }
        }
        if (names.isEmpty()) {
            return new Table(List.of(), "mmu: error: no semantics profiles to run under\n");
        }
        List<java.util.function.Supplier<Row>> runs = new ArrayList<>();
        for (String name : names) {
            runs.add(() -> row(source, dir, name, bounds));
        }
        List<Row> rows = new ArrayList<>();
        SideBySide.inOrder(runs, threads, rows::add);
        return new Table(rows, "");
    }

    /** A message for the first name in {@code --profiles} that is neither a stdlib profile nor the script's own. */
    private static String unknownProfile(List<String> names, Program program) {
        List<String> known = new ArrayList<>(Stdlib.profiles());
        Set<String> local = new LinkedHashSet<>();
        localProfiles(program.script().statements(), local);
        for (String l : local) {
            if (!known.contains(l)) {
                known.add(l);
            }
        }
        for (String n : names) {
            if (!known.contains(n)) {
                return "mmu: error: unknown semantics profile '" + n + "' in --profiles (expected one of: "
                        + String.join(", ", known) + ")\n";
            }
        }
        return null;
    }

    private static void localProfiles(List<Ast.Stmt> stmts, Set<String> out) {
        for (Ast.Stmt s : stmts) {
            if (s instanceof Ast.ProfileStmt p) {
                out.add(p.name().text());
            } else if (s instanceof Ast.IncludeStmt i) {
                localProfiles(i.body(), out);
            }
        }
    }

    /** One run under {@code profile}, as {@code mmu run --semantics profile} would do it. */
    static Row row(Source source, Path dir, String profile) {
        return row(source, dir, profile, Bounds.DEFAULT);
    }

    static Row row(Source source, Path dir, String profile, Bounds bounds) {
        Frontend front = new Frontend(dir);
        Program program = front.load(source, profile);
        if (program == null) {
            // A script that loads as written but not under this profile: the row fails with the first error.
            Diagnostic d = front.diagnostics().sorted().stream()
                    .filter(x -> x.severity() == Diagnostic.Severity.ERROR).findFirst().orElse(null);
            String why = d == null ? "the script does not load under this profile"
                    : "error " + at(d.span(), source) + ": " + d.message();
            return new Row(profile, "-", false, List.of(), List.of(), List.of(), oneLine(why));
        }
        String year = program.semantics().get(Knob.YEAR) == null ? "-" : program.semantics().get(Knob.YEAR);
        String unmet = Requires.unmet(program);
        if (unmet != null) {
            return Row.notApplicable(profile, year, unmet);
        }
        Watcher w = new Watcher();
        Engine engine = new Engine(program, w, bounds.budget(line -> { }, line -> { }));
        Verdict v;
        try {
            v = bounds.judge(engine.run());
        } catch (Budget.BoundHit e) {
            return new Row(profile, year, false, List.copyOf(w.expected), List.copyOf(w.unexpected), List.of(),
                    oneLine("stopped " + at(w.where) + ": " + e.getMessage()));
        } catch (RuntimeException | StackOverflowError e) {
            if (e instanceof ScriptError se) {
                String error = "error " + at(se.diagnostic().span(), source) + ": " + se.getMessage();
                return new Row(profile, year, false, List.copyOf(w.expected), List.copyOf(w.unexpected), List.of(),
                        oneLine(error));
            }
            // A bug of ours fails this row and says so; the other profiles still run.
            String error = "internal error " + at(w.where) + ": " + e;
            return new Row(profile, year, false, List.copyOf(w.expected), List.copyOf(w.unexpected), List.of(),
                    oneLine(error));
        }
        String first;
        if (v.passed()) {
            first = w.firstViolation == null ? "-" : w.firstViolation;
        } else if (w.firstFailure != null) {
            first = w.firstFailure;
        } else if (!v.unknown().isEmpty()) {
            first = "UNKNOWN: the explore at line " + String.join(", ", v.unknown()) + " stopped at its bound";
        } else if (!v.missing().isEmpty()) {
            first = "expected " + String.join(", ", v.missing()) + " but not seen";
        } else if (!v.warnings().missing().isEmpty()) {
            first = "expected warning " + String.join(", ", v.warnings().missing()) + " but not seen";
        } else if (v.warnings().werror() && !v.warnings().unexpected().isEmpty()) {
            first = "warning " + String.join(", ", v.warnings().unexpected()) + " not expected (--werror)";
        } else {
            first = "-";
        }
        return new Row(profile, year, v.passed(), List.copyOf(w.expected),
                List.copyOf(w.unexpected), v.missing(), oneLine(first));
    }

    /** Follows a run's events for what a row shows: the first violation and the first failure, with where. */
    private static final class Watcher implements Consumer<Event> {
        private String where = "";
        String firstViolation;
        String firstFailure;
        final Set<String> expected = new LinkedHashSet<>();
        final Set<String> unexpected = new LinkedHashSet<>();

        @Override
        public void accept(Event e) {
            if (e instanceof Event.Statement s) {
                where = s.where();
            } else if (e instanceof Event.ViolationFound f) {
                String text = violation(f.violation(), where);
                if (firstViolation == null) {
                    firstViolation = text;
                }
                if (f.expected()) {
                    expected.add(f.violation().kind());
                } else {
                    unexpected.add(f.violation().kind());
                    if (firstFailure == null) {
                        firstFailure = text;
                    }
                }
            } else if (e instanceof Event.AssertResult a && !a.passed() && firstFailure == null) {
                firstFailure = "assertion failed " + at(where) + ": " + a.text()
                        + (a.detail().isEmpty() ? "" : " (" + a.detail() + ")");
            }
        }
    }

    /** {@code livelock at line 33 (guest 0x11000)}: the kind, the statement, and the MMU and address. */
    static String violation(Violation v, String where) {
        String mmu = v.mmu() == null ? "" : v.mmu();
        String addr = v.va() < 0 ? "" : Range.hex(v.va());
        String what = (mmu + " " + addr).strip();
        return v.kind() + " " + at(where) + (what.isEmpty() ? "" : " (" + what + ")");
    }

    /** A statement's place as the trace names it (a line number, {@code file:line}, or {@code end}), in words. */
    static String at(String where) {
        if (where.isEmpty()) {
            return "before the first statement";
        }
        if (where.equals("end")) {
            return "at the end";
        }
        return where.chars().allMatch(Character::isDigit) ? "at line " + where : "at " + where;
    }

    private static String at(Span span, Source main) {
        if (span == null) {
            return "at the start";
        }
        return span.source() == main ? "at line " + span.line() : "at " + span.where();
    }

    private static String oneLine(String s) {
        return s.replace("\r", "").replace('\n', ' ').strip();
    }

    static final List<String> HEADER = List.of("profile", "year", "verdict", "violations", "first");

    /**
     * The table: a title, a header, one row per profile with aligned columns (the last one not padded), and a
     * closing line that counts the rows as expected and names those that are not.
     */
    public static String render(String name, List<Row> rows, boolean everyProfile) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(HEADER);
        for (Row r : rows) {
            cells.add(List.of(r.profile(), r.year(), r.verdict(), r.violations(), r.first()));
        }
        int[] width = new int[HEADER.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < line.size(); i++) {
                width[i] = Math.max(width[i], line.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("# ").append(name).append(everyProfile ? " under every profile" : " under the chosen profiles")
                .append('\n');
        for (List<String> line : cells) {
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < line.size(); i++) {
                if (i > 0) {
                    l.append("  ");
                }
                String c = line.get(i);
                l.append(c);
                if (i < line.size() - 1) {
                    l.append(" ".repeat(width[i] - c.length()));
                }
            }
            out.append(l.toString().stripTrailing()).append('\n');
        }
        List<String> not = new ArrayList<>();
        long notApplicable = rows.stream().filter(r -> !r.applies()).count();
        for (Row r : rows) {
            if (!r.ok()) {
                not.add(r.profile());
            }
        }
        out.append(rows.size()).append(rows.size() == 1 ? " profile: " : " profiles: ")
                .append(rows.size() - not.size() - notApplicable).append(" as expected, ").append(not.size())
                .append(" not").append(not.isEmpty() ? "" : " (" + String.join(", ", not) + ")")
                .append(notApplicable == 0 ? "" : ", " + notApplicable + " n/a").append('\n');
        return out.toString();
    }
}
