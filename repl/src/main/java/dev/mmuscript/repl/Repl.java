package dev.mmuscript.repl;

import dev.mmuscript.report.TextReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.IntSupplier;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultHighlighter;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;

/**
 * {@code mmu repl}: reads statements and {@code :commands}, from a terminal through JLine (prompts, highlighting,
 * completion, history, multi-line blocks) or from a pipe (plain lines), and hands them to a {@link Session}.
 */
public final class Repl {
    static final String PROMPT = "mmu> ";
    static final String CONTINUATION = "...> ";

    /** A {@code :command}: its name, its arguments as the help shows them, and what it does. */
    record Command(String name, String args, String doc) {
    }

    static final List<Command> COMMANDS = List.of(
            new Command(":help", "[TOPIC]", "the reference for a statement (:help zap), a topic (:help expressions),"
                    + " the drivers, profiles or knobs (:help kvm, :help linux-4.19, :help oom_reaper); alone, the"
                    + " list"),
            new Command(":show", "[WHAT]", "the machine now, without adding a statement: page tables, shadow tables,"
                    + " frames, notifiers, locks; WHAT is frames, tlb, pins, a process or a device"),
            new Command(":trace", "[off|events|steps]", "how much each statement prints: off (only failures),"
                    + " events (as mmu run, the default), steps (as mmu run --trace steps)"),
            new Command(":undo", "[N]", "take back the last statement (or the last N): the state is as before it,"
                    + " and :save leaves it out"),
            new Command(":reset", "", "start again: no statements, no state"),
            new Command(":semantics", "[PROFILE]", "run the session under another kernel era: sets its semantics"
                    + " line and runs every statement again"),
            new Command(":load", "FILE", "run a script's statements as if they were typed"),
            new Command(":save", "FILE [--golden] [--force]", "write the session as a script that mmu run"
                    + " reproduces; --golden also writes its .out for mmu test; --force overwrites a file"),
            new Command(":quit", "", "leave (so does Ctrl-D)"));

    private final Session session;
    private final Help help;
    private final List<Path> saved = new ArrayList<>();
    private final InputThread inputs = new InputThread();
    /** The width :help wraps its text to: the terminal's, at most 100. */
    private IntSupplier width = () -> 100;
    /** How :help shows a long text: printed, or on a terminal a screen at a time. */
    private Pager pager = Pager.PRINT;
    /** $NO_COLOR: set and not empty, nothing is coloured. */
    private String noColor = System.getenv("NO_COLOR");
    private boolean quit;
    private boolean rejected;

    /** @param dir the directory that {@code include} paths in the session are relative to */
    public Repl(Path dir) {
        this.session = new Session(dir);
        this.help = Help.fromClasspath();
    }

    Session session() {
        return session;
    }

    Help help() {
        return help;
    }

    void noColor(String value) {
        noColor = value;
    }

    /** Whether standard input and output are a terminal (on Java 22 and later, {@code console()} exists anyway). */
    public static boolean isTerminal() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method m = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** Runs {@code file} into the session first; false (after its diagnostics) if it could not be run. */
    public boolean start(Path file, PrintWriter out, PrintWriter err) {
        return load(file.toString(), out, err);
    }

    // ---------------------------------------------------------------- the two loops

    /**
     * The interactive loop on a terminal; {@code history} is the history file, or null for none. Returns the exit
     * code: 0.
     */
    public int interactive(Terminal terminal, Path history) {
        LineReaderBuilder b = LineReaderBuilder.builder().terminal(terminal).appName("mmu")
                .parser(new InputParser())
                .highlighter(new Highlight(session::names))
                .completer(new Completion(session, help))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
                .variable(LineReader.BLINK_MATCHING_PAREN, 0)
                .variable(LineReader.HISTORY_SIZE, 1000)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.INSERT_TAB, false);
        if (history != null) {
            b.variable(LineReader.HISTORY_FILE, history);
        }
        boolean colour = Colours.wanted(terminal.getType(), noColor);
        if (!colour) {
            b.highlighter(new DefaultHighlighter() {
                @Override
                public AttributedString highlight(LineReader r, String buffer) {
                    return new AttributedString(buffer);
                }
            });
        }
        LineReader reader = b.build();
        PrintWriter out = colour ? new PrintWriter(new Colours.LineWriter(terminal.writer())) : terminal.writer();
        terminal.handle(Terminal.Signal.INT, s -> interrupt(terminal));
        pager = Pager.on(terminal);
        width = () -> terminal.getWidth() > 40 ? Math.min(terminal.getWidth() - 1, 100) : 100;
        out.println("mmu repl, under " + session.profile() + ": each statement runs as you enter it. :help for help,"
                + " Tab completes, Ctrl-D leaves.");
        out.flush();
        while (!quit) {
            String line;
            try {
                line = reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            String input = line;
            inputs.run(() -> handle(input, out, out));
            out.flush();
        }
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            out.println("warning: could not save the history to " + history + ": " + e.getMessage());
        }
        out.flush();
        return 0;
    }

    /**
     * The loop for a pipe: no prompts, no colours; a line that opens a block reads on until it is closed. The
     * trace goes to {@code out}, mistakes to {@code err}. Exit code 0, or 2 if some input was rejected.
     */
    public int plain(BufferedReader in, PrintWriter out, PrintWriter err) throws IOException {
        StringBuilder pending = new StringBuilder();
        String line;
        while (!quit && (line = in.readLine()) != null) {
            pending.append(line);
            if (InputParser.incomplete(pending.toString())) {
                pending.append('\n');
                continue;
            }
            handle(pending.toString(), out, err);
            pending.setLength(0);
            out.flush();
            err.flush();
        }
        if (!quit && pending.length() > 0) {
            handle(pending.toString(), out, err);
        }
        out.flush();
        err.flush();
        return rejected ? 2 : 0;
    }

    /**
     * Ctrl-C while an input runs (JLine handles it while a line is read): the first stops the input, a second one
     * before it has stopped leaves mmu, as Ctrl-C did before the REPL ran inputs on their own thread.
     */
    private void interrupt(Terminal terminal) {
        if (inputs.interrupt() == InputThread.Press.PRESSED_AGAIN) {
            terminal.writer().println("mmu: the input does not stop; leaving");
            terminal.writer().flush();
            System.exit(130);
        }
    }

    // ---------------------------------------------------------------- one input

    /** One input: a {@code :command} or statements. False if it was rejected. */
    boolean handle(String input, PrintWriter out, PrintWriter err) {
        String t = input.strip();
        boolean ok;
        try {
            ok = t.startsWith(":") ? command(t, out, err) : session.eval(input, out, err);
        } catch (CancellationException e) {
            err.println("interrupted: " + (t.startsWith(":") ? t.split("\\s+")[0] : "the input") + " did not finish");
            ok = false;
        }
        rejected |= !ok;
        return ok;
    }

    private boolean command(String line, PrintWriter out, PrintWriter err) {
        String[] words = line.split("\\s+");
        List<String> args = List.of(words).subList(1, words.length);
        List<Command> matches = matching(words[0]);
        if (matches.size() != 1) {
            error(err, (matches.isEmpty() ? "unknown command '" : "ambiguous command '") + words[0] + "'",
                    "expected one of: " + String.join(", ", (matches.isEmpty() ? COMMANDS : matches).stream()
                            .map(Command::name).toList()));
            return false;
        }
        String name = matches.get(0).name();
        String arg = args.isEmpty() ? null : String.join(" ", args);
        switch (name) {
            case ":help":
                return help(arg, out, err);
            case ":show":
                return session.show(arg, out, err);
            case ":trace":
                return trace(arg, out, err);
            case ":undo":
                return undo(arg, out, err);
            case ":reset":
                session.reset();
                out.println("the session is empty again, under " + session.profile());
                return true;
            case ":semantics":
                if (arg == null) {
                    out.println("the session runs under " + session.profile() + "; profiles: "
                            + String.join(", ", session.profiles()));
                    return true;
                }
                return session.semantics(arg, out, err);
            case ":load":
                if (arg == null) {
                    error(err, ":load needs a file", "expected :load FILE");
                    return false;
                }
                return load(arg, out, err);
            case ":save":
                return new Save(session, saved).save(args, out, err);
            default:
                quit = true;
                return true;
        }
    }

    /** The commands a word names: the one it spells, or those it begins. */
    static List<Command> matching(String word) {
        List<Command> matches = new ArrayList<>();
        for (Command c : COMMANDS) {
            if (c.name().equals(word)) {
                return List.of(c);
            }
            if (c.name().startsWith(word)) {
                matches.add(c);
            }
        }
        return matches;
    }

    private boolean load(String file, PrintWriter out, PrintWriter err) {
        String text;
        Path dir;
        try {
            Path path = Path.of(file);
            text = Files.readString(path, StandardCharsets.UTF_8);
            dir = path.toAbsolutePath().normalize().getParent();
        } catch (IOException | RuntimeException e) {
            error(err, "cannot read " + file, null);
            return false;
        }
        return session.load(file, dir, text, out, err);
    }

    private boolean undo(String arg, PrintWriter out, PrintWriter err) {
        int n = 1;
        if (arg != null) {
            n = arg.matches("[1-9][0-9]{0,5}") ? Integer.parseInt(arg) : 0;
            if (n == 0) {
                error(err, "cannot undo '" + arg + "'", "expected :undo or :undo N, N the number of inputs to take"
                        + " back");
                return false;
            }
        }
        return session.undo(n, out, err);
    }

    private boolean trace(String arg, PrintWriter out, PrintWriter err) {
        if (arg == null) {
            out.println("trace " + levelName(session.level()));
            return true;
        }
        switch (arg) {
            case "off":
                session.level(TextReport.Level.QUIET);
                break;
            case "events":
                session.level(TextReport.Level.EVENTS);
                break;
            case "steps":
                session.level(TextReport.Level.STEPS);
                break;
            default:
                error(err, "unknown trace level '" + arg + "'", "expected off, events or steps");
                return false;
        }
        return true;
    }

    static String levelName(TextReport.Level l) {
        return l == TextReport.Level.QUIET ? "off" : l == TextReport.Level.EVENTS ? "events" : "steps";
    }

    private boolean help(String topic, PrintWriter out, PrintWriter err) {
        String text = new HelpCommand(help).text(topic, width.getAsInt(), err);
        if (text == null) {
            return false;
        }
        pager.page(text, out);
        return true;
    }

    /** A mistake in a command, in the voice of the diagnostics: what is wrong, then what was expected. */
    static void error(PrintWriter err, String message, String hint) {
        err.println("error: " + message);
        if (hint != null) {
            err.println("    " + hint);
        }
    }
}
