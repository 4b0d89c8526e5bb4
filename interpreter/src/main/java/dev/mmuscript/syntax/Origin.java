package dev.mmuscript.syntax;

import java.util.List;

/**
 * Where a statement made by expanding a def or a loop comes from: the text put in place of each parameter
 * (offsets into the source), and the calls and loop iterations around it, innermost first. Spans of expanded
 * statements carry it, so that the trace shows the values and a diagnostic names the call.
 */
public record Origin(List<Edit> edits, List<Frame> frames) {

    /** The text that replaces {@code length} characters at {@code start} of the source. */
    public record Edit(int start, int length, String text) {
    }

    /** A call ({@code what} is {@code f(vm, 0x10000)}) or a loop iteration ({@code a = 0x11000}, {@code 2 of 3}). */
    public record Frame(Span site, String what, boolean call) {
        /** How a diagnostic names it: "in f(vm, 0x10000), called at t.mmu:12". */
        public String describe() {
            return call ? "in " + what + ", called at " + site.where()
                    : "in the loop at " + site.where() + ", " + what;
        }
    }

    public Origin {
        edits = List.copyOf(edits);
        frames = List.copyOf(frames);
    }

    /** The source text of {@code start..start+length} with the edits inside it applied. */
    String apply(Source source, int start, int length) {
        String text = source.text();
        int end = Math.min(text.length(), start + length);
        StringBuilder out = new StringBuilder();
        int at = start;
        for (Edit e : edits) {
            if (e.start() >= at && e.start() + e.length() <= end) {
                out.append(text, at, e.start()).append(e.text());
                at = e.start() + e.length();
            }
        }
        return out.append(text, Math.min(at, end), end).toString();
    }

    /** "# in f, called at line 12" for the trace, or the empty string outside any call. */
    String calls(Source of) {
        StringBuilder out = new StringBuilder();
        for (Frame f : frames) {
            if (f.call()) {
                String name = f.what().substring(0, f.what().indexOf('('));
                String where = f.site().source() == of ? "line " + f.site().line() : f.site().where();
                out.append(out.length() == 0 ? "  # in " : "; in ").append(name).append(", called at ").append(where);
                of = f.site().source();
            }
        }
        return out.toString();
    }
}
