package dev.mmuscript.syntax;

/** A stretch of a source: offset and length; line and column are computed when rendering. */
public record Span(Source source, int start, int length) {

    public int line() {
        return source.line(start);
    }

    public int column() {
        return source.column(start);
    }

    public String text() {
        return source.text().substring(start, Math.min(source.text().length(), start + length));
    }

    /** file:line, the short form the trace uses for statements of included files. */
    public String where() {
        return source.name() + ":" + line();
    }

    public Span to(Span other) {
        return new Span(source, start, Math.max(length, other.start + other.length - start));
    }
}
