package dev.mmuscript.report;

import dev.mmuscript.engine.Verdict;
import dev.mmuscript.model.Event;
import dev.mmuscript.model.Event.AssertResult;
import dev.mmuscript.model.Event.Statement;
import dev.mmuscript.model.Event.ViolationFound;
import dev.mmuscript.syntax.Diagnostic;
import dev.mmuscript.syntax.Diagnostics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;

/**
 * The JSON format of a run (docs/json.md, schema docs/json-schema.json): one object per line (NDJSON) for the run's
 * start, each event, and the verdict; diagnostics are objects in the same stream, so that one reader sees it all.
 * It shows what the text trace shows at the same level, from the same events. Output is ASCII (other characters
 * are escaped), so its bytes do not depend on the locale.
 */
final class JsonReport implements Report {
    private static final JsonFactory JSON = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final Set<String> STATEMENT_FIELDS_WRITTEN = Set.of("where");

    private final PrintWriter out;
    private final TextReport.Level level;
    private String script = "";
    private Statement current;
    private boolean currentShown;

    JsonReport(PrintWriter out, TextReport.Level level) {
        this.out = out;
        this.level = level;
    }

    @Override
    public void header(String script, String semantics) {
        this.script = script;
        if (level != TextReport.Level.QUIET) {
            line(g -> {
                g.writeStringProperty("type", "run");
                g.writeStringProperty("script", script);
                g.writeStringProperty("semantics", semantics);
            });
        }
    }

    @Override
    public void accept(Event e) {
        if (e.level() == Event.Level.HIDDEN) {
            return;
        }
        if (e instanceof Statement s) {
            current = s;
            currentShown = level != TextReport.Level.QUIET;
            if (currentShown) {
                event(s);
            }
        } else if (level == TextReport.Level.QUIET) {
            if (isFailure(e)) {
                showCurrentStatement();
                event(e);
            }
        } else if (e.level() != Event.Level.STEPS || level == TextReport.Level.STEPS) {
            event(e);
        }
    }

    /** Under --quiet, a failure is preceded by its statement, once, as in the text trace. */
    private void showCurrentStatement() {
        if (current != null && !currentShown) {
            event(current);
            currentShown = true;
        }
    }

    private static boolean isFailure(Event e) {
        return e instanceof ViolationFound v && !v.expected() || e instanceof AssertResult a && !a.passed();
    }

    /** An event: its type, the statement it belongs to ({@code stmt}, when there is one), then its fields. */
    private void event(Event e) {
        line(g -> {
            g.writeStringProperty("type", RecordJson.typeName(e.getClass()));
            if (current != null) {
                g.writeStringProperty("stmt", current.where());
            }
            if (e instanceof Event.Step s) {
                g.writeStringProperty("name", s.name());    // one field, as the step's one name (not its parts)
            } else {
                RecordJson.writeComponents(g, (Record) e, e instanceof Statement ? STATEMENT_FIELDS_WRITTEN : Set.of());
            }
        });
    }

    @Override
    public void summary(Verdict v) {
        if (level != TextReport.Level.QUIET || !v.passed()) {
            verdict(v);
        }
        out.flush();
    }

    private void verdict(Verdict v) {
        line(g -> {
            g.writeStringProperty("type", "verdict");
            g.writeStringProperty("script", script);
            g.writeBooleanProperty("passed", v.passed());
            g.writeNumberProperty("exit_code", v.exitCode());
            RecordJson.writeComponents(g, v, Set.of());
        });
    }

    @Override
    public void skipped(String semantics, String requires) {
        line(g -> {
            g.writeStringProperty("type", "skip");
            g.writeStringProperty("script", script);
            g.writeStringProperty("semantics", semantics);
            g.writeStringProperty("requires", requires);
        });
        out.flush();
    }

    @Override
    public void cannotRead(String file, String reason) {
        line(g -> {
            g.writeStringProperty("type", "diagnostic");
            g.writeStringProperty("severity", "error");
            g.writeStringProperty("file", file);
            g.writeStringProperty("message", "cannot read " + file + ": " + reason);
        });
        out.flush();
    }

    @Override
    public void boundHit(String message) {
        line(g -> {
            g.writeStringProperty("type", "bound-hit");
            g.writeStringProperty("script", script);
            g.writeStringProperty("message", message);
        });
        out.flush();
    }

    @Override
    public void cannotRun(Diagnostics diagnostics) {
        diagnostics.sorted().forEach(this::diagnostic);
        out.flush();
    }

    @Override
    public void stopped(Diagnostic diagnostic, Verdict v) {
        diagnostic(diagnostic);
        verdict(v);
        out.flush();
    }

    private void diagnostic(Diagnostic d) {
        line(g -> {
            g.writeStringProperty("type", "diagnostic");
            g.writeStringProperty("severity", d.severity().name().toLowerCase(Locale.ROOT));
            g.writeStringProperty("file", d.span().source().name());
            g.writeNumberProperty("line", d.span().line());
            g.writeNumberProperty("col", d.span().column());
            g.writeStringProperty("message", d.message());
            if (d.hint() != null && !d.hint().isEmpty()) {
                g.writeStringProperty("hint", d.hint());
            }
        });
    }

    /** One object on one line; the body writes its fields. LF whatever the platform, for the same bytes everywhere. */
    private void line(Consumer<JsonGenerator> body) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
            g.writeStartObject();
            body.accept(g);
            g.writeEndObject();
        }
        out.print(text);
        out.print('\n');
    }
}
