package dev.mmuscript.front;

import dev.mmuscript.engine.Program;
import dev.mmuscript.semantics.Semantics;
import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Ast.*;
import dev.mmuscript.syntax.Diagnostics;
import dev.mmuscript.syntax.Source;
import dev.mmuscript.syntax.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private final Set<String> including = new LinkedHashSet<>();
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
        return new Source(displayName, Files.readString(file, StandardCharsets.UTF_8));
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
        including.add(source.name());
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
        Path file = dir.resolve(inc.path()).normalize();
        String name = Path.of(from.name()).resolveSibling(inc.path()).normalize().toString().replace('\\', '/');
        if (including.contains(name)) {
            diags.error(inc.span(), "'" + inc.path() + "' includes itself", "expected includes without a cycle");
            return List.of();
        }
        Source src;
        try {
            src = read(file, name);
        } catch (IOException e) {
            diags.error(inc.span(), "cannot read '" + inc.path() + "'", "expected a file relative to "
                    + (from.name().contains("/") ? "the including file" : "this script"));
            return List.of();
        }
        Ast.Script script = Parser.parse(src, diags);
        if (script == null) {
            return List.of();
        }
        including.add(name);
        List<Stmt> body = includes(script.statements(), file.getParent() == null ? dir : file.getParent(), src);
        including.remove(name);
        return body;
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
