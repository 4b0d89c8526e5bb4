package dev.mmuscript.repl;

import dev.mmuscript.drivers.Drivers;
import dev.mmuscript.grammar.MmuLexer;
import dev.mmuscript.grammar.MmuParser;
import dev.mmuscript.model.Violation;
import dev.mmuscript.semantics.Knob;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;
import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion from the grammar and the live session. A keyword is offered where the parser would accept it
 * next; a name where the grammar wants a name, chosen by the label the grammar gives that name ({@code proc=ID}
 * offers the session's processes, {@code inst=ID} its devices, {@code knob=ID} the knobs), so statements added to
 * the grammar complete without a table here to update.
 */
final class Completion implements Completer {
    /** What a name in a given place can be. */
    enum Kind { PROCESS, FILE, DEVICE, PIN, DRIVER, KNOB, KNOB_VALUE, SHOW, VIOLATION, PROFILE, CALLBACK, PROT, BACKING,
        ADVICE, EXPRESSION, NEW, THREAD, STEP }

    /** The grammar's labels for names, by label ({@code proc}) or by alternative and label ({@code AttachStmt.inst}). */
    private static final Map<String, Kind> LABELS = Map.ofEntries(
            Map.entry("proc", Kind.PROCESS), Map.entry("file", Kind.FILE), Map.entry("inst", Kind.DEVICE), Map.entry("pin", Kind.PIN),
            Map.entry("driver", Kind.DRIVER), Map.entry("knob", Kind.KNOB), Map.entry("what", Kind.SHOW),
            Map.entry("kind", Kind.VIOLATION), Map.entry("from", Kind.PROFILE), Map.entry("to", Kind.PROFILE),
            Map.entry("parent", Kind.PROFILE), Map.entry("callback", Kind.CALLBACK), Map.entry("prot", Kind.PROT),
            Map.entry("backing", Kind.BACKING), Map.entry("advice", Kind.ADVICE),
            Map.entry("SemanticsStmt.name", Kind.PROFILE), Map.entry("AttachStmt.inst", Kind.NEW),
            Map.entry("GupStmt.pin", Kind.NEW), Map.entry("NameExpr.name", Kind.EXPRESSION),
            Map.entry("FieldExpr.obj", Kind.EXPRESSION), Map.entry("MemoryExpr.obj", Kind.EXPRESSION),
            Map.entry("RunPart.thread", Kind.THREAD), Map.entry("StepWord.start", Kind.STEP),
            Map.entry("ThreadStmt.name", Kind.NEW));

    /** Protections, backings and advice are names, not keywords: the values the checker accepts. */
    private static final List<String> PROTS = List.of("none", "r", "rw", "rx", "rwx");

    private final Session session;
    private final Help help;
    private final Completers.FileNameCompleter files = new Completers.FileNameCompleter();

    Completion(Session session, Help help) {
        this.session = session;
        this.help = help;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        InputParser.Words words = line instanceof InputParser.Words w ? w : InputParser.Words.of(line.line(),
                line.cursor());
        candidates.addAll(candidates(words));
        if (words.wordIndex() == 1 && List.of(":load", ":save").contains(command(words.words().get(0)))
                && !words.word().startsWith("-")) {
            files.complete(reader, line, candidates);
        }
    }

    /** The candidates for the word at the cursor; JLine keeps those that start with what is typed. */
    List<Candidate> candidates(InputParser.Words words) {
        String buffer = words.line();
        if (buffer.stripLeading().startsWith(":")) {
            return command(words);
        }
        String prefix = buffer.substring(0, words.wordStart());
        List<Candidate> out = new ArrayList<>();
        for (String kw : Lexing.keywords()) {
            if (Lexing.viablePrefix(prefix + kw)) {
                out.add(candidate(kw, "keywords", null));
            }
        }
        if (!Lexing.viablePrefix(prefix + "x")) {
            return out;
        }
        SessionNames.Names names = session.names();
        String label = label(prefix);
        Kind kind = label == null ? null : LABELS.getOrDefault(label, LABELS.get(label.replaceAll(".*\\.", "")));
        if (label != null && label.startsWith("IdKnob.")) {
            kind = Kind.KNOB_VALUE;
        }
        if (kind == null) {
            if (atStatementStart(prefix)) {
                add(out, names.devices(), "devices");
            }
            return out;
        }
        switch (kind) {
            case PROCESS -> add(out, names.processes(), "processes");
            case FILE -> add(out, names.files(), "files");
            case DEVICE -> add(out, names.devices(), "devices");
            case PIN -> add(out, names.pins(), "pins");
            case DRIVER -> add(out, names.drivers(), "drivers");
            case KNOB -> add(out, Knob.keys().stream().filter(k -> label.startsWith("KnobSetting.")
                    || Knob.byKey(k) != Knob.YEAR && Knob.byKey(k) != Knob.SUMMARY).toList(), "knobs");
            case KNOB_VALUE -> {
                Knob k = Knob.byKey(knobOf(prefix));
                if (k != null && !k.choices().isEmpty()) {
                    out.clear(); // 'all' is a keyword the grammar allows for any knob; only some take it
                    add(out, k.choices(), "values");
                }
            }
            case SHOW -> add(out, session.showTargets(), "show");
            case VIOLATION -> add(out, Violation.KINDS, "violations");
            case PROFILE -> add(out, names.profiles(), "profiles");
            case CALLBACK -> add(out, Drivers.CALLBACKS, "callbacks");
            case PROT -> add(out, PROTS, "protections");
            case BACKING -> add(out, List.of("anon"), "backings");
            case ADVICE -> add(out, List.of("dontneed"), "advice");
            case THREAD -> add(out, session.threads().names(), "threads");
            case STEP -> {
                out.clear(); // a step name, not a keyword
                add(out, session.threads().steps(), "steps");
            }
            case EXPRESSION -> {
                if (Lexing.openBraces(prefix) == 0) {
                    names.fields().forEach((dev, vars) -> vars.forEach(v -> out.add(candidate(dev + "." + v,
                            "variables", null))));
                    add(out, names.processes(), "processes");
                    add(out, names.devices(), "devices");
                }
            }
            default -> {
            }
        }
        return out;
    }

    private static void add(List<Candidate> out, List<String> values, String group) {
        for (String v : values) {
            out.add(candidate(v, group, null));
        }
    }

    private static Candidate candidate(String value, String group, String descr) {
        return new Candidate(value, value, group, descr, null, null, true);
    }

    /** Whether the prefix ends where a statement begins, outside any block. */
    private static boolean atStatementStart(String prefix) {
        if (Lexing.openBraces(prefix) != 0) {
            return false;
        }
        List<Lexing.Tok> toks = Lexing.tokens(prefix).stream().filter(t -> t.kind() != Lexing.Kind.COMMENT).toList();
        if (toks.isEmpty()) {
            return true;
        }
        String last = toks.get(toks.size() - 1).text();
        return last.equals("\n") || last.equals(";") || last.equals("}");
    }

    /**
     * The label the grammar gives a name at the end of {@code prefix}: the prefix is parsed with a name added, and
     * the rule that took it says what it is, as {@code Alternative.label} ({@code MmapStmt.proc}); null if the name
     * has no label there.
     */
    static String label(String prefix) {
        MmuLexer lexer = new MmuLexer(CharStreams.fromString(prefix + "x"));
        lexer.removeErrorListeners();
        MmuParser parser = new MmuParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        TerminalNode node = find(parser.script(), prefix.length());
        if (node == null || !(node.getParent() instanceof ParserRuleContext ctx)) {
            return null;
        }
        String alt = ctx.getClass().getSimpleName().replaceFirst("Context$", "");
        for (Field f : ctx.getClass().getFields()) {
            try {
                if (f.getType() == Token.class && f.get(ctx) == node.getSymbol()) {
                    return alt + "." + f.getName();
                }
            } catch (IllegalAccessException e) {
                return null;
            }
        }
        return alt.equals("IdKnob") ? "IdKnob.value" : null;
    }

    private static TerminalNode find(ParseTree t, int offset) {
        if (t instanceof TerminalNode n) {
            Token s = n.getSymbol();
            return s.getStartIndex() == offset && s.getType() == MmuLexer.ID ? n : null;
        }
        for (int i = 0; i < t.getChildCount(); i++) {
            TerminalNode n = find(t.getChild(i), offset);
            if (n != null) {
                return n;
            }
        }
        return null;
    }

    /** The knob being set at the end of {@code prefix} ({@code set KNOB = ...} or a profile's {@code KNOB = ...}). */
    private static String knobOf(String prefix) {
        List<Lexing.Tok> toks = Lexing.tokens(prefix);
        for (int i = toks.size() - 1; i > 0; i--) {
            if (toks.get(i).text().equals("=")) {
                return toks.get(i - 1).text();
            }
        }
        return "";
    }

    /** The command a word names (a unique prefix will do), or "" if none. */
    private static String command(String word) {
        List<Repl.Command> c = Repl.matching(word);
        return c.size() == 1 ? c.get(0).name() : "";
    }

    private List<Candidate> command(InputParser.Words words) {
        List<Candidate> out = new ArrayList<>();
        if (words.wordIndex() == 0) {
            Repl.COMMANDS.forEach(c -> out.add(new Candidate(c.name(), c.name(), "commands", c.doc(), null, null,
                    true)));
            return out;
        }
        String name = command(words.words().get(0));
        if (words.wordIndex() != 1) {
            if (name.equals(":save")) {
                add(out, List.of("--golden", "--force"), "options");
            }
            return out;
        }
        switch (name) {
            case ":help" -> {
                add(out, help.topics().stream().filter(t -> !t.contains(" ")).distinct().toList(), "topics");
                add(out, help.mentions().stream().filter(t -> !help.topics().contains(t)).toList(), "mentioned");
                Repl.COMMANDS.forEach(c -> out.add(candidate(c.name(), "commands", null)));
            }
            case ":show" -> add(out, session.showTargets(), "show");
            case ":trace" -> add(out, List.of("off", "events", "steps"), "levels");
            case ":semantics" -> add(out, session.profiles(), "profiles");
            case ":save" -> {
                if (words.word().startsWith("-")) {
                    add(out, List.of("--golden", "--force"), "options");
                }
            }
            default -> {
            }
        }
        return out;
    }
}
