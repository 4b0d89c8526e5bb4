package dev.mmuscript.repl;

import dev.mmuscript.syntax.Diagnostic;
import dev.mmuscript.syntax.Diagnostics;
import dev.mmuscript.syntax.Source;
import dev.mmuscript.syntax.Span;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The diagnostics of one input of a session: only the new input's (the earlier inputs were accepted), each cited
 * at the file it came from when the input was loaded with {@code :load}.
 */
final class InputDiagnostics {
    private InputDiagnostics() {
    }

    /**
     * Prints the diagnostics of the new input (those at or after {@code offset}, or in files it includes): the
     * earlier inputs were accepted, so any others would repeat themselves. A file's diagnostics cite the file.
     */
    static void report(Diagnostics diags, Source src, int offset, Source file, PrintWriter err) {
        List<Diagnostic> mine = new ArrayList<>();
        for (Diagnostic d : diags.sorted()) {
            if (d.span().source() != src || d.span().site().start() >= offset) {
                mine.add(d);
            }
        }
        if (mine.isEmpty()) {
            mine = diags.sorted();
        }
        for (Diagnostic d : mine) {
            err.print(render(d, src, offset, file));
        }
        if (file != null) {
            err.println(mine.size() + (mine.size() == 1 ? " error" : " errors"));
        }
    }

    static String render(Diagnostic d, Source src, int offset, Source file) {
        Span s = d.span();
        if (file != null && s.source() == src && s.start() >= offset) {
            d = new Diagnostic(d.severity(), new Span(file, s.start() - offset, s.length()), d.message(), d.hint());
        }
        return d.render();
    }
}
