package dev.mmuscript.syntax;

/** A mistake found while running, carrying the span of the statement that failed; renders like a static error. */
public final class ScriptError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Span span;
    private final String hint;

    public ScriptError(Span span, String message, String hint) {
        super(message, null, false, false);
        this.span = span;
        this.hint = hint;
    }

    public ScriptError(Span span, String message) {
        this(span, message, null);
    }

    public Diagnostic diagnostic() {
        return Diagnostic.error(span, getMessage(), hint);
    }
}
