package dev.mmuscript.syntax;

/**
 * A stretch of a source: offset and length; line and column are computed when rendering. A span of a statement
 * made by expanding a def or a loop also has its {@link Origin} (null otherwise): its text then shows the values
 * put in place of the parameters.
 */
public record Span(Source source, int start, int length, Origin origin) {

    public Span(Source source, int start, int length) {
        this(source, start, length, null);
    }

    /** This span as part of an expansion. */
    public Span in(Origin o) {
        return new Span(source, start, length, o);
    }

    /**
     * Where the statement stands in the text as written: the outermost call or loop it was expanded from, or
     * itself.
     */
    public Span site() {
        if (origin == null || origin.frames().isEmpty()) {
            return this;
        }
        return origin.frames().get(origin.frames().size() - 1).site().site();
    }

    public int line() {
        return source.line(start);
    }

    public int column() {
        return source.column(start);
    }

    public String text() {
        if (origin != null) {
            return origin.apply(source, start, length);
        }
        return source.text().substring(start, Math.min(source.text().length(), start + length));
    }

    /** file:line, the short form the trace uses for statements of included files. */
    public String where() {
        return source.name() + ":" + line();
    }

    /** The first line of the text without its comment; a block shows as {@code { ... }}. */
    public String headline() {
        String text = text();
        int nl = text.indexOf('\n');
        String first = nl < 0 ? text : text.substring(0, nl);
        int hash = first.indexOf('#');
        if (hash >= 0 && first.lastIndexOf('"', hash) < 0) {
            first = first.substring(0, hash);
        }
        first = first.stripTrailing();
        return (nl < 0 ? first : first + " ... }") + (origin == null ? "" : origin.calls(source));
    }

    public Span to(Span other) {
        return new Span(source, start, Math.max(length, other.start + other.length - start), origin);
    }
}
