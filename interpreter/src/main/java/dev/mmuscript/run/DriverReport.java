package dev.mmuscript.run;

import dev.mmuscript.drivers.Drivers;
import dev.mmuscript.drivers.EraGuards;
import dev.mmuscript.front.Frontend;
import dev.mmuscript.front.Parser;
import dev.mmuscript.front.Stdlib;
import dev.mmuscript.semantics.Semantics;
import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Ast.DriverDef;
import dev.mmuscript.syntax.Ast.Handler;
import dev.mmuscript.syntax.Ast.LockDecl;
import dev.mmuscript.syntax.Diagnostics;
import dev.mmuscript.syntax.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The text of {@code mmu drivers}: the stdlib's drivers in the order of drivers/drivers.txt with a summary and
 * their callbacks ({@link #list}), and one driver with its variables, locks, the eras in which the kernel calls
 * each of its callbacks, and its source ({@link #show}). Deterministic, so that it can be golden.
 */
public final class DriverReport {
    private DriverReport() {
    }

    /** A stdlib driver: its name, its file and its definition. */
    public record Driver(String name, Source source, DriverDef def) {
    }

    /** The stdlib's drivers in order, and what went wrong loading them (empty when nothing did). */
    public record Loaded(List<Driver> drivers, String problems) {
    }

    /**
     * The drivers listed in drivers/drivers.txt, each parsed from drivers/NAME.mmu and checked as a script that
     * attaches it would check it.
     */
    public static Loaded stdlib() {
        List<Driver> out = new ArrayList<>();
        StringBuilder problems = new StringBuilder();
        for (String name : Stdlib.drivers()) {
            Source src = Stdlib.read("drivers/" + name + ".mmu");
            if (src == null) {
                problems.append("drivers/drivers.txt lists '").append(name).append("', but there is no stdlib/drivers/")
                        .append(name).append(".mmu\n");
                continue;
            }
            Diagnostics diags = new Diagnostics();
            Ast.Script script = Parser.parse(src, diags);
            DriverDef def = null;
            if (script != null) {
                for (Ast.Stmt s : script.statements()) {
                    if (s instanceof Ast.DriverStmt d && d.def().name().text().equals(name)) {
                        def = d.def();
                    }
                }
            }
            if (diags.hasErrors()) {
                problems.append(diags.render());
                continue;
            }
            if (def == null) {
                problems.append(src.name()).append(" does not define 'driver ").append(name).append(" { ... }'\n");
                continue;
            }
            Frontend front = new Frontend(Path.of("."));
            front.load(new Source("mmu drivers", "process p\nattach " + name + " to p as d\n"), null);
            if (front.diagnostics().hasErrors()) {
                problems.append(front.diagnostics().render());
                continue;
            }
            out.add(new Driver(name, src, def));
        }
        return new Loaded(out, problems.toString());
    }

    /** The driver named {@code name} among {@code drivers}, or null. */
    public static Driver find(List<Driver> drivers, String name) {
        for (Driver d : drivers) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** The comment lines at the top of the file, without their {@code #} and one following blank. */
    public static List<String> header(Driver d) {
        List<String> out = new ArrayList<>();
        for (String line : d.source().text().split("\n", -1)) {
            if (!line.startsWith("#")) {
                break;
            }
            String t = line.substring(1);
            out.add(t.startsWith(" ") ? t.substring(1) : t);
        }
        return out;
    }

    /**
     * The first paragraph of the header (up to its first blank comment line), joined into one line, without the
     * leading {@code NAME: }.
     */
    public static String summary(Driver d) {
        List<String> parts = new ArrayList<>();
        for (String line : header(d)) {
            if (line.isBlank()) {
                break;
            }
            parts.add(line.strip());
        }
        String s = String.join(" ", parts);
        String prefix = d.name() + ": ";
        return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
    }

    /** The callbacks the driver has a handler for, in the order of {@link Drivers#CALLBACKS}. */
    public static List<String> callbacks(DriverDef def) {
        Set<String> has = new LinkedHashSet<>();
        for (Handler h : def.handlers()) {
            has.add(h.callback().text());
        }
        List<String> out = new ArrayList<>();
        for (String cb : Drivers.CALLBACKS) {
            if (has.contains(cb)) {
                out.add(cb);
            }
        }
        return out;
    }

    /** One entry per driver: its name and summary, and under it the callbacks it implements. */
    public static String list(List<Driver> drivers) {
        int w = 0;
        for (Driver d : drivers) {
            w = Math.max(w, d.name().length());
        }
        StringBuilder out = new StringBuilder();
        for (Driver d : drivers) {
            out.append(pad(d.name(), w + 2)).append(summary(d)).append('\n');
            out.append(pad("", w + 2)).append("callbacks: ").append(String.join(", ", callbacks(d.def())))
                    .append('\n');
        }
        return out.toString();
    }

    /**
     * The driver's summary, variables, locks and flags, each callback with the eras in which the kernel calls it
     * ({@code eras} in era order), then its source, header comment included.
     */
    public static String show(Driver d, List<Semantics> eras) {
        StringBuilder out = new StringBuilder();
        DriverDef def = d.def();
        out.append("driver ").append(d.name()).append(": ").append(summary(d)).append('\n');
        Set<String> vars = Drivers.variables(def);
        out.append("variables: ").append(vars.isEmpty() ? "none" : String.join(", ", vars)).append('\n');
        List<String> locks = new ArrayList<>();
        for (LockDecl l : def.locks()) {
            locks.add((l.sleeping() ? "mutex " : "spinlock ") + l.name().text());
        }
        out.append("locks: ").append(locks.isEmpty() ? "none" : String.join(", ", locks)).append('\n');
        List<String> flags = new ArrayList<>();
        for (Ast.Name f : def.flags()) {
            flags.add(f.text());
        }
        out.append("flags: ").append(flags.isEmpty() ? "none" : String.join(", ", flags)).append('\n');
        out.append('\n');
        List<String> cbs = callbacks(def);
        int w = "callback".length();
        for (String cb : cbs) {
            w = Math.max(w, cb.length());
        }
        out.append(pad("callback", w + 2)).append("called by the kernel in\n");
        for (String cb : cbs) {
            out.append(pad(cb, w + 2)).append(eras(cb, def, eras)).append('\n');
        }
        out.append('\n');
        out.append("# ").append(d.source().name()).append('\n');
        String text = d.source().text();
        out.append(text.endsWith("\n") ? text : text + "\n");
        return out.toString().replaceAll("(?m)[ \t]+$", "");
    }

    /**
     * Whether the kernel of an era calls {@code callback} on an instance of {@code def}, as the dispatcher does
     * (kernel/Notify.java): a driver with an {@code invalidate} handler is an interval notifier where the era has
     * them, and gets {@code invalidate}; it is also on the notifier list, and gets the list's callbacks the era
     * has ({@link Semantics#callbacks()}), if it has a handler for one of them that can hold in the era
     * ({@link Drivers}: a handler of this callback that cannot hold has already answered false). No era that the driver's
     * {@code requires semantics} leaves out calls anything, nor a callback whose every handler has a
     * {@code when} on the era that does not hold in it ({@link EraGuards}).
     */
    public static boolean called(Semantics era, DriverDef def, String callback) {
        for (Ast.RequiresStmt r : def.requires()) {
            if (!dev.mmuscript.engine.Expectations.selects(r.selectors(), era.lineage())) {
                return false;
            }
        }
        boolean applies = false;
        for (Handler h : def.handlers()) {
            applies |= h.callback().text().equals(callback) && EraGuards.mayApply(h, era);
        }
        if (!applies) {
            return false;
        }
        if (callback.equals("fault")) {
            return true;
        }
        if (callback.equals("invalidate")) {
            return era.intervalNotifiers();
        }
        return era.callbacks().contains(callback);
    }

    /** The eras that call the callback, as runs of the era order ("A to B"), or "every era" or "no era". */
    static String eras(String callback, DriverDef def, List<Semantics> eras) {
        long count = eras.stream().filter(e -> called(e, def, callback)).count();
        String what = count == eras.size() ? "every era" : count == 0 ? "no era"
                : runs(eras, e -> called(e, def, callback));
        if (callback.equals("fault")) {
            return what + " (device faults, and device reads and writes without a usable shadow entry)";
        }
        if (callback.equals("clear_flush_young")) {
            return what + " (page aging: the age statement's page_referenced, under the page-table lock)";
        }
        if (callback.equals("invalidate") && count > 0) {
            return what + " (as an interval notifier)";
        }
        return what;
    }

    /** The eras that satisfy {@code on}, as runs of consecutive eras: "A to B, C". */
    private static String runs(List<Semantics> eras, java.util.function.Predicate<Semantics> on) {
        List<String> runs = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= eras.size(); i++) {
            if (i < eras.size() && on.test(eras.get(i))) {
                if (start < 0) {
                    start = i;
                }
            } else if (start >= 0) {
                String a = eras.get(start).name();
                String b = eras.get(i - 1).name();
                runs.add(a.equals(b) ? a : a + " to " + b);
                start = -1;
            }
        }
        return String.join(", ", runs);
    }

    private static String pad(String s, int width) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < width) {
            b.append(' ');
        }
        return b.toString();
    }
}
