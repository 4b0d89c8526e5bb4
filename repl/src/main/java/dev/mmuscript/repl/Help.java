package dev.mmuscript.repl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The language reference, per topic, for {@code :help}: the sections of docs/language.md, which the build packs
 * into the jar, so the REPL's help is the reference itself and grows with it.
 */
final class Help {
    static final String RESOURCE = "mmu/docs/language.md";
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /**
     * One section: its heading, the topics it answers to, the words its tables list (a table row that starts with
     * {@code `fork P as C`} or {@code `stale-shadow`} mentions "fork" or "stale-shadow"), and its text (code
     * fences dropped).
     */
    record Section(String heading, List<String> topics, List<String> mentions, String text) {
    }

    private final List<Section> sections;

    Help(String markdown) {
        sections = parse(markdown);
    }

    /** The reference packed in the jar; empty (every topic unknown) if the build did not pack it. */
    static Help fromClasspath() {
        try (InputStream in = Help.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            return new Help(in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Help("");
        }
    }

    List<Section> sections() {
        return sections;
    }

    /** The statement keywords and other topics, in the reference's order, for the overview and completion. */
    List<String> topics() {
        List<String> out = new ArrayList<>();
        for (Section s : sections) {
            for (String t : s.topics()) {
                if (!out.contains(t)) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /**
     * The section for a topic: a statement keyword ({@code zap}, {@code fault}, {@code coherent}) or the first
     * heading's first words ({@code expressions}, {@code handler}); null if none answers to it.
     */
    Section find(String topic) {
        String t = topic.toLowerCase(Locale.ROOT).strip();
        if (t.isEmpty()) {
            return null;
        }
        for (Section s : sections) {
            if (s.topics().contains(t)) {
                return s;
            }
        }
        for (Section s : sections) {
            for (String k : s.topics()) {
                if (List.of(k.split(" ")).contains(t)) {
                    return s;
                }
            }
        }
        for (Section s : sections) {
            if (s.mentions().contains(t)) {
                return s;
            }
        }
        for (Section s : sections) {
            if (plain(s.heading()).startsWith(t)) {
                return s;
            }
        }
        return null;
    }

    private static List<Section> parse(String markdown) {
        List<Section> out = new ArrayList<>();
        String heading = null;
        StringBuilder text = new StringBuilder();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (!fenced && line.matches("#{2,3} .*")) {
                add(out, heading, text);
                heading = line.replaceFirst("#+ ", "");
                text.setLength(0);
                continue;
            }
            if (heading != null) {
                text.append(fenced && !line.isEmpty() ? "    " + line : line).append('\n');
            }
        }
        add(out, heading, text);
        return out;
    }

    private static void add(List<Section> out, String heading, StringBuilder text) {
        if (heading == null) {
            return;
        }
        String body = text.toString().replaceFirst("^\n+", "").stripTrailing() + "\n";
        out.add(new Section(heading, topics(heading), mentions(body), body));
    }

    /**
     * A heading's topics: for each {@code `code`} in it, its leading lower-case words ({@code `assert coherent
     * [DEV]`} is "assert coherent", {@code `DEV fault`} is "fault"); a heading without code answers to its
     * words joined by dashes ("Handler statements" to "handler-statements").
     */
    static List<String> topics(String heading) {
        List<String> out = new ArrayList<>();
        Matcher m = CODE.matcher(heading);
        while (m.find()) {
            List<String> words = new ArrayList<>();
            for (String w : m.group(1).split(" ")) {
                if (w.matches("[a-z_]+")) {
                    words.add(w);
                } else if (!words.isEmpty() || !w.matches("[A-Z]+")) {
                    break;
                }
            }
            if (!words.isEmpty()) {
                out.add(String.join(" ", words));
            }
        }
        if (out.isEmpty()) {
            out.add(plain(heading).replaceAll("[^a-z0-9 ]", "").strip().replace(' ', '-'));
        }
        return out;
    }

    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z_][a-z0-9_-]*)");

    /** The first words of the table rows that start with code, such as a statement, a knob or a violation kind. */
    static List<String> mentions(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = ROW.matcher(text);
        while (m.find()) {
            if (!out.contains(m.group(1))) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static String plain(String heading) {
        return heading.replace("`", "").toLowerCase(Locale.ROOT);
    }

    /** Every word a table mentions, in the reference's order, for completion. */
    List<String> mentions() {
        List<String> out = new ArrayList<>();
        for (Section s : sections) {
            s.mentions().stream().filter(m -> !out.contains(m)).forEach(out::add);
        }
        return out;
    }

    /** Map of topic to heading, for tests and the overview. */
    Map<String, String> index() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Section s : sections) {
            for (String t : s.topics()) {
                out.putIfAbsent(t, s.heading());
            }
        }
        return out;
    }
}
