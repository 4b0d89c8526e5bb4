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
        return nl < 0 ? first : first + " ... }";
    }

    public Span to(Span other) {
        return new Span(source, start, Math.max(length, other.start + other.length - start));
    }
}
