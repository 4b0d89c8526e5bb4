package dev.mmuscript.front;

import dev.mmuscript.engine.Program;
import dev.mmuscript.semantics.Semantics;
import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Ast.*;
import dev.mmuscript.syntax.Diagnostics;
import dev.mmuscript.syntax.Source;
import dev.mmuscript.syntax.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The front end: parses a script, loads its includes, resolves its semantics profile and drivers, and checks it
 * before anything runs. Every problem becomes a diagnostic; the result is a {@link Program} only if there were
 * none.
 */
public final class Frontend {
    /** The profile a script without a {@code semantics} line runs under. */
    public static final String DEFAULT_PROFILE = "latest";

    private final Diagnostics diags = new Diagnostics();
    private final Profiles profiles = new Profiles(diags);
    private final Map<String, DriverDef> drivers = new TreeMap<>();
    /** The real paths of the files being included, outermost first, and their names: a repeat is a cycle. */
    private final List<Path> including = new ArrayList<>();
    private final List<String> includingNames = new ArrayList<>();
    /** Every include counts, so that files that include others twice cannot double the script at each level. */
    static final int MAX_INCLUDES = 64;
    private int included;
    private final Path baseDir;

    /** @param baseDir the directory that include paths of the main script are relative to */
    public Frontend(Path baseDir) {
        this.baseDir = baseDir;
    }

    public Diagnostics diagnostics() {
        return diags;
    }

    /** Reads a script file; {@code displayName} is how diagnostics and the trace name it. */
    public static Source read(Path file, String displayName) throws IOException {
        return new Source(displayName, ScriptFiles.read(file));
    }

    /**
     * Parses, loads and checks; null when there were errors (see {@link #diagnostics()}).
     * @param override the profile given on the command line, or null
     */
    public Program load(Source source, String override) {
        Ast.Script script = Parser.parse(source, diags);
        if (script == null) {
            return null;
        }
        startChain(source);
        List<Stmt> stmts = includes(script.statements(), baseDir, source);
        script = new Ast.Script(source, stmts);
        return check(script, override);
    }

    /** Checks an already parsed script (the REPL's accumulated lines); null on errors. */
    public Program check(Ast.Script script, String override) {
        if (diags.hasErrors()) {
            return null;
        }
        script = expand(script);
        if (diags.hasErrors()) {
            return null;
        }
        collect(script.statements());
        Semantics sem = semantics(script.statements(), override);
        new Checker(diags, profiles, drivers, this::loadDriver).check(script.statements());
        if (sem == null || diags.hasErrors()) {
            return null;
        }
        return new Program(script, sem, java.util.Collections.unmodifiableMap(new TreeMap<>(drivers)));
    }

    /** Defs, calls and loops become the statements they stand for (see {@link Expander}). */
    private Ast.Script expand(Ast.Script script) {
        return new Ast.Script(script.source(), new Expander(diags).expand(script.statements()));
    }

    private List<Stmt> includes(List<Stmt> stmts, Path dir, Source from) {
        List<Stmt> out = new ArrayList<>();
        for (Stmt s : stmts) {
            if (s instanceof IncludeStmt inc) {
                out.add(new IncludeStmt(inc.span(), inc.path(), include(inc, dir, from)));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    private List<Stmt> include(IncludeStmt inc, Path dir, Source from) {
        Path file = includePath(inc, dir);
        if (file == null) {
            return List.of();
        }
        String name = displayName(from, inc.path());
        int at = including.indexOf(file);
        if (at >= 0) {
            List<String> chain = new ArrayList<>(includingNames.subList(at, includingNames.size()));
            chain.add(name);
            diags.error(inc.span(), "'" + inc.path() + "' includes itself: " + String.join(" -> ", chain),
                    "expected includes without a cycle");
            return List.of();
        }
        if (++included > MAX_INCLUDES) {
            diags.error(inc.span(), "more than " + MAX_INCLUDES + " includes in one script",
                    "expected at most " + MAX_INCLUDES + " (each include of a file counts)");
            return List.of();
        }
        Source src;
        try {
            src = new Source(name, ScriptFiles.read(file));
        } catch (ScriptFiles.Refused e) {
            diags.error(inc.span(), "cannot include '" + inc.path() + "': it " + e.getMessage(),
                    "expected a UTF-8 script file relative to " + (from.name().contains("/") ? "the including file"
                            : "this script"));
            return List.of();
        }
        Ast.Script script = Parser.parse(src, diags);
        if (script == null) {
            return List.of();
        }
        including.add(file);
        includingNames.add(name);
        List<Stmt> body = includes(script.statements(), file.getParent(), src);
        including.remove(including.size() - 1);
        includingNames.remove(includingNames.size() - 1);
        return body;
    }

    /**
     * The real path of an included file, or null after saying why it may not be included: the path must be
     * relative, stay inside the main script's folder (symbolic links resolved), and not name the stdlib.
     */
    private Path includePath(IncludeStmt inc, Path dir) {
        String p = inc.path();
        String relative = "expected a path relative to the including file, such as \"lib/setup.mmu\"";
        Path file;
        try {
            file = dir.resolve(p).normalize();
            if (p.isEmpty() || Path.of(p).isAbsolute()) {
                diags.error(inc.span(), "include of '" + p + "': not a relative path", relative);
                return null;
            }
        } catch (InvalidPathException e) {
            diags.error(inc.span(), "include of a path that cannot name a file", relative);
            return null;
        }
        if (Path.of(p).normalize().startsWith("stdlib")) {
            diags.error(inc.span(), "the stdlib is not included by path", "its drivers load by name (attach kvm to"
                    + " vm as guest), its profiles too (semantics linux-4.19)");
            return null;
        }
        Path root = root();
        String outside = "expected a file in the main script's folder or below it";
        Path lexical = file.toAbsolutePath().normalize();
        if (root == null || !lexical.startsWith(root) && !lexical.startsWith(baseDir.toAbsolutePath().normalize())) {
            diags.error(inc.span(), "include of '" + p + "' leaves the script's folder", outside);
            return null;
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            diags.error(inc.span(), "cannot include '" + p + "': no such file", "expected a file relative to "
                    + "the including file");
            return null;
        }
        if (!real.startsWith(root)) {
            diags.error(inc.span(), "include of '" + p + "' leaves the script's folder (through a symbolic link)",
                    outside);
            return null;
        }
        return real;
    }

    /** The main script's folder, symbolic links resolved: includes stay inside it. */
    private Path root() {
        try {
            return baseDir.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    private static String displayName(Source from, String path) {
        Path parent = Path.of(from.name()).getParent();
        String name = (parent == null ? Path.of(path) : parent.resolve(path)).normalize().toString();
        return name.replace('\\', '/');
    }

    /** The main script itself, when it is a file in {@code baseDir}: including it again is a cycle. */
    private void startChain(Source source) {
        try {
            Path main = baseDir.resolve(Path.of(source.name()).getFileName().toString());
            if (Files.isRegularFile(main)) {
                including.add(main.toRealPath());
                includingNames.add(source.name());
            }
        } catch (IOException | InvalidPathException | NullPointerException e) {
            // a name that is no file (the REPL's session): nothing to cycle back to
        }
    }

    /** Profiles and drivers defined anywhere in the script are known everywhere in it. */
    private void collect(List<Stmt> stmts) {
        for (Stmt s : stmts) {
            if (s instanceof ProfileStmt p) {
                profiles.define(p);
            } else if (s instanceof DriverStmt d) {
                drivers.put(d.def().name().text(), d.def());
            } else if (s instanceof IncludeStmt i) {
                collect(i.body());
            }
        }
    }

    private Semantics semantics(List<Stmt> stmts, String override) {
        SemanticsStmt first = null;
        for (Stmt s : flatten(stmts)) {
            if (s instanceof SemanticsStmt ss) {
                if (first != null) {
                    diags.error(ss.span(), "a second 'semantics' line", "expected one per script (the first is at"
                            + " line " + first.span().line() + ")");
                } else {
                    first = ss;
                }
            }
        }
        Semantics fromScript = null;
        if (first != null) {
            fromScript = profiles.resolve(first.profile().text(), first.profile().span());
        }
        if (override != null) {
            Source cmd = new Source("command line", "--semantics " + override);
            return profiles.resolve(override, new Span(cmd, 12, override.length()));
        }
        if (first != null) {
            return fromScript;
        }
        return profiles.resolve(DEFAULT_PROFILE, null);
    }

    static List<Stmt> flatten(List<Stmt> stmts) {
        List<Stmt> out = new ArrayList<>();
        for (Stmt s : stmts) {
            if (s instanceof IncludeStmt i) {
                out.addAll(flatten(i.body()));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** Loads a stdlib driver by name; null if the stdlib has none. */
    private DriverDef loadDriver(String name) {
        if (drivers.containsKey(name)) {
            return drivers.get(name);
        }
        for (Stmt s : Stdlib.parse("drivers", name, diags)) {
            if (s instanceof DriverStmt d && d.def().name().text().equals(name)) {
                drivers.put(name, d.def());
                return d.def();
            }
        }
        return null;
    }
}
