package dev.mmuscript.syntax;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the diagnostics of one run of the front end, in source order when rendered. */
public final class Diagnostics {
    private final List<Diagnostic> items = new ArrayList<>();
    private final java.util.Set<String> seen = new java.util.HashSet<>();

    public void error(Span span, String message, String hint) {
        add(Diagnostic.error(span, message, hint));
    }

    public void error(Span span, String message) {
        error(span, message, null);
    }

    public void add(Diagnostic d) {
        // The same error at the same place says nothing new (a def's body line, wrong in every call of it).
        if (seen.add(d.span().source().name() + ":" + d.span().start() + ":" + d.span().length() + ":"
                + d.severity() + ":" + d.message())) {
            items.add(d);
        }
    }

    public boolean hasErrors() {
        return items.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
    }

    public List<Diagnostic> sorted() {
        List<Diagnostic> copy = new ArrayList<>(items);
        copy.sort(Comparator.comparing((Diagnostic d) -> d.span().source().name())
                .thenComparingInt(d -> d.span().start()));
        return copy;
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : sorted()) {
            out.append(d.render());
        }
        long errors = items.stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).count();
        out.append(errors).append(errors == 1 ? " error" : " errors").append('\n');
        return out.toString();
    }
}
