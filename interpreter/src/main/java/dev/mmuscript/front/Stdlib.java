package dev.mmuscript.front;

import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Diagnostics;
import dev.mmuscript.syntax.Source;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
        Source src = read(dir + "/" + name + ".mmu");
        Ast.Script script = src == null ? null : Parser.parse(src, diags);
        return script == null ? List.of() : script.statements();
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
