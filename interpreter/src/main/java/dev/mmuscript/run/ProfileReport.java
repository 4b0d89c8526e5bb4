package dev.mmuscript.run;

import dev.mmuscript.front.Profiles;
import dev.mmuscript.front.Stdlib;
import dev.mmuscript.semantics.Knob;
import dev.mmuscript.semantics.Semantics;
import dev.mmuscript.syntax.Diagnostics;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of {@code mmu profiles}: the stdlib's eras in order ({@link #list}), one era's knobs and where each was
 * set ({@link #show}), and what changed between two eras ({@link #diff}). Deterministic, so that it can be golden.
 */
public final class ProfileReport {
    private ProfileReport() {
    }

    /** The stdlib's eras in order, and what went wrong resolving them (empty when nothing did). */
    public record Eras(List<Semantics> eras, String problems) {
    }

    /** The stdlib's profiles in era order (semantics/profiles.txt), resolved. */
    public static Eras stdlib() {
        Diagnostics diags = new Diagnostics();
        Profiles profiles = new Profiles(diags);
        List<Semantics> out = new ArrayList<>();
        StringBuilder problems = new StringBuilder();
        for (String name : Stdlib.profiles()) {
            Semantics s = profiles.resolve(name, null);
            if (s != null) {
                out.add(s);
            } else if (!diags.hasErrors()) {
                problems.append("semantics/profiles.txt lists '").append(name)
                        .append("', but no stdlib/semantics/").append(name).append(".mmu defines it\n");
            }
        }
        if (diags.hasErrors()) {
            problems.append(diags.render());
        }
        return new Eras(out, problems.toString());
    }

    /** The era named {@code name} among {@code eras}, or null. */
    public static Semantics find(List<Semantics> eras, String name) {
        for (Semantics s : eras) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** One row per era: name, year and summary, in aligned columns. */
    public static String list(List<Semantics> eras) {
        int w = 0;
        for (Semantics s : eras) {
            w = Math.max(w, s.name().length());
        }
        StringBuilder out = new StringBuilder();
        for (Semantics s : eras) {
            out.append(pad(s.name(), w + 2)).append(pad(s.get(Knob.YEAR), 6)).append(s.summary()).append('\n');
        }
        return strip(out);
    }

    /** The era's lineage and summary, every knob with its value and who set it, then its callbacks. */
    public static String show(Semantics s) {
        StringBuilder out = new StringBuilder();
        out.append("profile ").append(String.join(" extends ", s.lineage())).append('\n');
        out.append("summary: ").append(s.summary()).append('\n');
        out.append('\n');
        int kw = "knob".length();
        int vw = "value".length();
        for (Knob k : Knob.values()) {
            if (k != Knob.SUMMARY) {
                kw = Math.max(kw, k.key().length());
                vw = Math.max(vw, String.valueOf(s.get(k)).length());
            }
        }
        out.append(pad("knob", kw + 2)).append(pad("value", vw + 2)).append("set by\n");
        for (Knob k : Knob.values()) {
            if (k == Knob.SUMMARY) {
                continue;
            }
            String by = s.setBy(k);
            out.append(pad(k.key(), kw + 2)).append(pad(String.valueOf(s.get(k)), vw + 2))
                    .append(by == null ? "-" : by).append('\n');
        }
        out.append('\n');
        out.append("callbacks: ").append(String.join(", ", s.callbacks())).append('\n');
        return strip(out);
    }

    /**
     * Every knob whose value differs between {@code a} and {@code b} (year and summary describe a profile and are
     * left out), with the profiles between them in era order that changed it, then the callbacks added and
     * removed. {@code eras} is the era order; a profile not in it is attributed by {@link Semantics#setBy}.
     */
    public static String diff(Semantics a, Semantics b, List<Semantics> eras) {
        int ia = eras.indexOf(a);
        int ib = eras.indexOf(b);
        boolean back = ia >= 0 && ib >= 0 && ib < ia;
        List<Knob> changed = new ArrayList<>();
        for (Knob k : Knob.values()) {
            if (k != Knob.YEAR && k != Knob.SUMMARY && !String.valueOf(a.get(k)).equals(String.valueOf(b.get(k)))) {
                changed.add(k);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(a.name()).append(" (").append(a.get(Knob.YEAR)).append(") -> ").append(b.name()).append(" (")
                .append(b.get(Knob.YEAR)).append(")");
        if (changed.isEmpty()) {
            out.append(": no knob differs, and so the callbacks are the same\n");
            return out.toString();
        }
        out.append(back ? ", back in era order: " : ": ").append(changed.size())
                .append(changed.size() == 1 ? " knob differs\n" : " knobs differ\n");
        for (Knob k : changed) {
            out.append(k.key()).append(": ").append(a.get(k)).append(" -> ").append(b.get(k));
            out.append(" (").append(back ? "undoes " : "set by ").append(setters(k, a, b, ia, ib, eras)).append(")\n");
        }
        List<String> added = new ArrayList<>(b.callbacks());
        added.removeAll(a.callbacks());
        List<String> removed = new ArrayList<>(a.callbacks());
        removed.removeAll(b.callbacks());
        out.append("callbacks added: ").append(added.isEmpty() ? "none" : String.join(", ", added)).append('\n');
        out.append("callbacks removed: ").append(removed.isEmpty() ? "none" : String.join(", ", removed)).append('\n');
        return out.toString();
    }

    /**
     * The eras after the older of a and b, up to and including the newer, whose own file sets {@code k}; with the
     * value each set when there is more than one.
     */
    private static String setters(Knob k, Semantics a, Semantics b, int ia, int ib, List<Semantics> eras) {
        if (ia < 0 || ib < 0) {
            return String.valueOf(b.setBy(k));
        }
        List<Semantics> who = new ArrayList<>();
        for (int i = Math.min(ia, ib) + 1; i <= Math.max(ia, ib); i++) {
            Semantics e = eras.get(i);
            if (e.name().equals(e.setBy(k))) {
                who.add(e);
            }
        }
        if (who.isEmpty()) {
            return String.valueOf(b.setBy(k));
        }
        if (who.size() == 1) {
            return who.get(0).name();
        }
        List<String> parts = new ArrayList<>();
        for (Semantics e : who) {
            parts.add(e.name() + " to " + e.get(k));
        }
        return String.join(", ", parts);
    }

    private static String pad(String s, int width) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < width) {
            b.append(' ');
        }
        return b.toString();
    }

    /** Drops trailing blanks of each line, so that the output has none. */
    private static String strip(StringBuilder out) {
        return out.toString().replaceAll("(?m)[ \t]+$", "");
    }
}
