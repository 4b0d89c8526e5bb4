package dev.mmuscript.front;

import dev.mmuscript.syntax.Ast.Name;
import dev.mmuscript.syntax.Origin;
import dev.mmuscript.syntax.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Where the expander is: the parameters and loop variables in scope, and the calls and iterations around (the
 * innermost first), which every statement made and every error reported names.
 */
record Scope(Map<String, Binding> bindings, List<Origin.Frame> frames) {
    static final Scope TOP = new Scope(Map.of(), List.of());

    /** What a parameter or loop variable stands for: a number, or a name (with where the argument was written). */
    record Binding(Long number, Name name, String text) {
    }

    /** Inside {@code frame}, with {@code var} bound to {@code b}. */
    Scope with(String var, Binding b, Origin.Frame frame) {
        Map<String, Binding> m = new HashMap<>(bindings);
        m.put(var, b);
        return new Scope(m, push(frame));
    }

    /** Inside {@code frame}, with the same bindings. */
    Scope loop(Origin.Frame frame) {
        return new Scope(bindings, push(frame));
    }

    List<Origin.Frame> push(Origin.Frame frame) {
        List<Origin.Frame> f = new ArrayList<>();
        f.add(frame);
        f.addAll(frames);
        return f;
    }

    Binding get(String name) {
        return bindings.get(name);
    }

    /** A span where an error is reported: with the calls and iterations around it, so that the error names them. */
    Span at(Span span) {
        return frames.isEmpty() ? span : span.in(new Origin(List.of(), frames));
    }

    /** The names in scope, for an error's hint: " (known: a, b)", or nothing. */
    String known() {
        return bindings.isEmpty() ? "" : " (known: " + String.join(", ", new TreeSet<>(bindings.keySet())) + ")";
    }
}
