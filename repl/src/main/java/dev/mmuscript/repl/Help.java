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
    /** The docs the build packs into the jar, in the order their sections are searched. */
    static final List<String> RESOURCES = List.of("mmu/docs/language.md", "mmu/docs/semantics.md",
            "mmu/docs/drivers.md");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /**
     * One section: the doc it is in (0 for the language reference), its heading, the topics it answers to, the
     * words its tables list (a table row that starts with {@code `fork P as C`} or {@code `stale-shadow`}
     * mentions "fork" or "stale-shadow"), and its text, in markdown.
     */
    record Section(int doc, String heading, List<String> topics, List<String> mentions, String text) {
    }

    private final List<Section> sections = new ArrayList<>();

    /** @param docs the markdown of each doc, the language reference first */
    Help(String... docs) {
        for (int d = 0; d < docs.length; d++) {
            sections.addAll(parse(d, docs[d]));
        }
    }

    /** The docs packed in the jar; a doc the build did not pack has no topics. */
    static Help fromClasspath() {
        List<String> docs = new ArrayList<>();
        for (String r : RESOURCES) {
            try (InputStream in = Help.class.getClassLoader().getResourceAsStream(r)) {
                docs.add(in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                docs.add("");
            }
        }
        return new Help(docs.toArray(new String[0]));
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

    private static List<Section> parse(int doc, String markdown) {
        List<Section> out = new ArrayList<>();
        String heading = null;
        StringBuilder text = new StringBuilder();
        boolean fenced = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced && line.matches("#{2,3} .*")) {
                add(out, doc, heading, text);
                heading = line.replaceFirst("#+ ", "");
                text.setLength(0);
                continue;
            }
            if (heading != null) {
                text.append(line).append('\n');
            }
        }
        add(out, doc, heading, text);
        return out;
    }

    private static void add(List<Section> out, int doc, String heading, StringBuilder text) {
        if (heading == null) {
            return;
        }
        String body = text.toString().replaceFirst("^\n+", "").stripTrailing() + "\n";
        out.add(new Section(doc, heading, topics(heading), mentions(body), body));
    }

    /**
     * The rows of the tables in {@code s} whose first cell starts with {@code word}, each under its table's
     * header, in markdown; empty if there are none.
     */
    static String rows(Section s, String word) {
        StringBuilder out = new StringBuilder();
        String header = null;
        boolean wanted = false;
        for (String line : s.text().split("\n")) {
            if (!line.startsWith("|")) {
                header = null;
                continue;
            }
            if (header == null) {
                header = line;
                wanted = true;
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (m.find() && m.group(1).equals(word)) {
                if (wanted) {
                    out.append(out.length() == 0 ? "" : "\n").append(header).append('\n').append("|---|\n");
                    wanted = false;
                }
                out.append(line).append('\n');
            }
        }
        return out.toString();
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
