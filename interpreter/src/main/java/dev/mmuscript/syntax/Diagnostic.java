package dev.mmuscript.syntax;

/** One problem found in a script: collected as data, rendered once. */
public record Diagnostic(Severity severity, Span span, String message, String hint) {

    public enum Severity { ERROR, WARNING }

    public static Diagnostic error(Span span, String message, String hint) {
        return new Diagnostic(Severity.ERROR, span, message, hint);
    }

    /**
     * Renders as {@code file:line:col: error: message}, the source line, a caret under the span and
     * what was expected.
     */
    public String render() {
        StringBuilder out = new StringBuilder();
        int line = span.line();
        int col = span.column();
        out.append(span.source().name()).append(':').append(line).append(':').append(col).append(": ")
                .append(severity == Severity.ERROR ? "error" : "warning").append(": ").append(message).append('\n');
        String text = span.source().lineText(line);
        out.append("    ").append(text).append('\n');
        int width = Math.max(1, Math.min(span.length(), text.length() - col + 1));
        out.append("    ");
        for (int i = 1; i < col; i++) {
            out.append(i - 1 < text.length() && text.charAt(i - 1) == '\t' ? '\t' : ' ');
        }
        out.append("^".repeat(width)).append('\n');
        if (hint != null && !hint.isEmpty()) {
            out.append("    ").append(hint).append('\n');
        }
        if (span.origin() != null) {
            for (Origin.Frame f : span.origin().frames()) {
                out.append("    ").append(f.describe()).append('\n');
            }
        }
        return out.toString();
    }
}
