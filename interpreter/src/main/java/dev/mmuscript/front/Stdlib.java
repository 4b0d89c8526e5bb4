package dev.mmuscript.front;

import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Diagnostic;
import dev.mmuscript.syntax.Diagnostics;
import dev.mmuscript.syntax.Source;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The stdlib's .mmu files, read from the classpath (module stdlib packs them under mmu/stdlib/). */
public final class Stdlib {
    private Stdlib() {
    }

    /** The file at {@code path} (such as "semantics/latest.mmu"), or null if the stdlib has none. */
    public static Source read(String path) {
        try (InputStream in = Stdlib.class.getClassLoader().getResourceAsStream("mmu/stdlib/" + path)) {
            if (in == null) {
                return null;
            }
            return new Source("stdlib/" + path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The statements of the stdlib file {@code DIR/NAME.mmu}, parsed; empty if there is no such file (or it
     * does not parse, which {@code diags} then says).
     */
    static List<Ast.Stmt> parse(String dir, String name, Diagnostics diags) {
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            return List.of();
        }
        Parsed p = PARSED.computeIfAbsent(dir + "/" + name + ".mmu", Stdlib::parseFile);
        if (p == null) {
            return List.of();    // no such file: not kept, so that names a script makes up cannot fill the cache
        }
        p.diagnostics().forEach(diags::add);
        return p.statements();
    }

    /**
     * A stdlib file as parsed, with what its parse said. The stdlib is part of the program's classpath and never
     * changes while it runs, and the trees are immutable, so each file is read and parsed once a process: a
     * {@code mmu test} or {@code mmu matrix} of many scripts (and the REPL, which checks its script again on every
     * line) would otherwise parse the same profiles and drivers for every run.
     */
    private record Parsed(List<Ast.Stmt> statements, List<Diagnostic> diagnostics) {
    }

    private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();

    private static Parsed parseFile(String path) {
        Source src = read(path);
        if (src == null) {
            return null;
        }
        Diagnostics diags = new Diagnostics();
        Ast.Script script = Parser.parse(src, diags);
        return new Parsed(script == null ? List.of() : script.statements(), List.copyOf(diags.sorted()));
    }

    /** The names listed in an index file (one a line, {@code #} comments), such as the profiles in era order. */
    public static List<String> index(String path) {
        Source s = read(path);
        List<String> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        for (String line : s.text().split("\n")) {
            String t = line.replaceAll("#.*", "").strip();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    public static List<String> profiles() {
        return index("semantics/profiles.txt");
    }

    public static List<String> drivers() {
        return index("drivers/drivers.txt");
    }
}
