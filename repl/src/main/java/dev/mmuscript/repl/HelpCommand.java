package dev.mmuscript.repl;

import dev.mmuscript.run.DriverReport;
import dev.mmuscript.run.ProfileReport;
import dev.mmuscript.semantics.Knob;
import dev.mmuscript.semantics.Semantics;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code :help [TOPIC]} as text for a terminal: the overview, a command, a statement or topic of the docs (rendered
 * from their markdown), a row of one of their tables (a violation kind, a callback), or, from the stdlib itself,
 * the drivers, the profiles and the knobs, one profile knob by knob.
 */
final class HelpCommand {
    private final Help help;

    HelpCommand(Help help) {
        this.help = help;
    }

    /** What {@code :help topic} shows, lines of at most {@code width}; null after saying on {@code err} why not. */
    String text(String topic, int width, PrintWriter err) {
        if (topic == null) {
            return overview(width);
        }
        for (Repl.Command c : Repl.COMMANDS) {
            if (c.name().equals(topic) || c.name().equals(":" + topic)) {
                return c.name() + (c.args().isEmpty() ? "" : " " + c.args()) + "\n" + indented(c.doc(), width);
            }
        }
        String stdlib = stdlib(topic, width);
        if (stdlib != null) {
            return stdlib;
        }
        Help.Section s = help.find(topic);
        if (s == null) {
            Repl.error(err, "no help on '" + topic + "'", "expected a statement such as mmap or zap, a :command,"
                    + " drivers, profiles, knobs, a driver, profile, knob or violation kind, or one of: "
                    + String.join(", ", otherTopics()));
            return null;
        }
        String rows = s.topics().contains(topic) ? "" : Help.rows(s, topic);
        if (!rows.isEmpty()) {
            return heading(s.heading()) + Markdown.render(rows, width) + "\n(:help " + s.topics().get(0)
                    + " shows all of " + Markdown.inline(s.heading()) + ")\n";
        }
        return heading(s.heading()) + Markdown.render(s.text(), width);
    }

    private static String heading(String markdown) {
        String h = Markdown.inline(markdown);
        return h + "\n" + "=".repeat(h.length()) + "\n\n";
    }

    private static String indented(String text, int width) {
        return Markdown.render("- " + text, width).replaceFirst("^- ", "  ");
    }

    /** The drivers, the profiles or the knobs, or one profile, read from the stdlib; null for another topic. */
    private String stdlib(String topic, int width) {
        switch (topic) {
            case "drivers": {
                DriverReport.Loaded d = DriverReport.stdlib();
                return heading("The stdlib drivers") + DriverReport.list(d.drivers()) + "\n" + Markdown.render(
                        "`:help NAME` for one (such as `:help kvm`); `:help writing-a-driver` for how to write"
                                + " one; `mmu drivers NAME` for its source and the eras that call each callback.",
                        width);
            }
            case "profiles": {
                ProfileReport.Eras e = ProfileReport.stdlib();
                return heading("The semantics profiles (kernel eras), oldest first") + ProfileReport.list(e.eras())
                        + "\n" + Markdown.render("`:help PROFILE` for its knobs (such as `:help linux-4.19`);"
                        + " `:help knobs` for what they mean; `:semantics PROFILE` runs the session under one.",
                        width);
            }
            case "knobs": {
                StringBuilder md = new StringBuilder("| Knob | Values | Meaning |\n|---|---|---|\n");
                for (Knob k : Knob.values()) {
                    md.append("| `").append(k.key()).append("` | ").append(String.join(", ", k.choices()))
                            .append(" | ").append(k.doc()).append(" |\n");
                }
                md.append("\n`:help KNOB` for one with its eras and the bugs it reproduces (such as `:help"
                        + " oom_reaper`); `set KNOB = VALUE` changes one for the session.\n");
                return heading("The knobs of a semantics profile") + Markdown.render(md.toString(), width);
            }
            default: {
                Semantics s = ProfileReport.find(ProfileReport.stdlib().eras(), topic);
                return s == null ? null : heading("Profile " + s.name()) + ProfileReport.show(s);
            }
        }
    }

    private String overview(int width) {
        StringBuilder b = new StringBuilder(Markdown.render("Each statement runs as you enter it and prints the"
                + " trace mmu run would; the machine's state carries over to the next. A line that opens a { goes on"
                + " until its }. Tab completes, Ctrl-C clears the line or stops a running statement, Ctrl-D"
                + " leaves.", width));
        b.append("\nCommands (a unique prefix will do, such as :q):\n");
        for (Repl.Command c : Repl.COMMANDS) {
            b.append(String.format("  %-32s", c.name() + (c.args().isEmpty() ? "" : " " + c.args())));
            b.append(wrap(c.doc(), 34, width));
        }
        Help.Section summary = help.find("statement-summary");
        if (summary != null) {
            b.append("\nStatements (:help WORD for one, such as :help zap):\n\n");
            b.append(Markdown.render(summary.text(), width));
        }
        b.append('\n').append(Markdown.render("Drivers, profiles, knobs and violations: `:help drivers`, `:help"
                + " profiles`, `:help knobs`, `:help violations`, or one of them by name (`:help kvm`, `:help"
                + " linux-4.19`, `:help oom_reaper`, `:help stale-shadow`).", width));
        List<String> other = otherTopics();
        if (!other.isEmpty()) {
            b.append('\n').append("Other topics: ").append(wrap(String.join(", ", other), 14, width));
        }
        return b.toString();
    }

    /** {@code text} in lines of at most {@code width} characters, all but the first indented by {@code indent}. */
    static String wrap(String text, int indent, int width) {
        StringBuilder b = new StringBuilder();
        int col = indent;
        for (String w : text.split(" ")) {
            if (col > indent && col + 1 + w.length() > width) {
                b.append('\n').append(" ".repeat(indent));
                col = indent;
            }
            if (col > indent) {
                b.append(' ');
                col++;
            }
            b.append(w);
            col += w.length();
        }
        return b.append('\n').toString();
    }

    /** The language reference's topics that are not statements: its sections without one in their heading. */
    private List<String> otherTopics() {
        List<String> out = new ArrayList<>();
        for (Help.Section s : help.sections()) {
            for (String t : s.topics()) {
                if (s.doc() == 0 && !out.contains(t)
                        && (t.contains("-") || !Lexing.keywords().contains(t.split(" ")[0]))) {
                    out.add(t);
                }
            }
        }
        return out;
    }
}
