package dev.mmuscript.repl;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the markdown of the docs as plain text for a terminal, as {@code :help} shows it: paragraphs and list
 * items wrapped to the width, headings underlined, code blocks indented, tables as aligned columns (or, when too
 * wide, one block per row), and inline markup ({@code `code`}, {@code **bold**}, links) reduced to its text.
 */
final class Markdown {
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)\\]\\(([^)\\s]*)\\)");
    private static final Pattern EMPHASIS = Pattern.compile("\\*\\*([^*]+)\\*\\*|(?<![\\w*])\\*([^*\\s][^*]*)\\*(?![\\w*])");
    private static final Pattern ITEM = Pattern.compile("( *)([-*]|\\d+\\.) +(.*)");
    private static final Pattern HEADING = Pattern.compile("#{1,6} +(.*)");

    private final int width;
    private final List<String> out = new ArrayList<>();

    private Markdown(int width) {
        this.width = width;
    }

    /** {@code markdown} as text lines of at most {@code width} characters (a long word or code line may exceed it). */
    static String render(String markdown, int width) {
        Markdown m = new Markdown(width);
        m.blocks(markdown.replace("\r\n", "\n").split("\n", -1));
        StringBuilder b = new StringBuilder();
        for (String l : m.out) {
            b.append(l.stripTrailing()).append('\n');
        }
        return b.toString().replaceAll("\n{3,}", "\n\n").replaceFirst("^\n+", "").replaceFirst("\n+$", "\n");
    }

    private void blocks(String[] lines) {
        int i = 0;
        while (i < lines.length) {
            String l = lines[i];
            if (l.isBlank()) {
                out.add("");
                i++;
            } else if (l.stripLeading().startsWith("```")) {
                i = code(lines, i);
            } else if (l.startsWith("|")) {
                i = table(lines, i);
            } else if (HEADING.matcher(l).matches()) {
                heading(inline(HEADING.matcher(l).replaceFirst("$1")));
                i++;
            } else if (ITEM.matcher(l).matches()) {
                i = item(lines, i);
            } else {
                i = paragraph(lines, i);
            }
        }
    }

    private void heading(String text) {
        out.add("");
        out.add(text);
        out.add("-".repeat(Math.min(text.length(), width)));
    }

    private int code(String[] lines, int i) {
        int j = i + 1;
        while (j < lines.length && !lines[j].stripLeading().startsWith("```")) {
            out.add(lines[j].isEmpty() ? "" : "    " + lines[j]);
            j++;
        }
        return j + 1;
    }

    private int paragraph(String[] lines, int i) {
        StringBuilder text = new StringBuilder();
        int j = i;
        while (j < lines.length && !lines[j].isBlank() && !startsBlock(lines[j])) {
            text.append(text.length() == 0 ? "" : " ").append(lines[j].strip());
            j++;
        }
        wrap(inline(text.toString()), "", "");
        return j;
    }

    /** A list item with the lines that continue it (indented, or plain text up to a blank line or a block). */
    private int item(String[] lines, int i) {
        Matcher m = ITEM.matcher(lines[i]);
        m.matches();
        String indent = m.group(1);
        String bullet = m.group(2).equals("*") ? "-" : m.group(2);
        StringBuilder text = new StringBuilder(m.group(3).strip());
        int j = i + 1;
        while (j < lines.length && !lines[j].isBlank() && !startsBlock(lines[j])) {
            text.append(' ').append(lines[j].strip());
            j++;
        }
        String first = indent + bullet + " ";
        wrap(inline(text.toString()), first, " ".repeat(first.length()));
        return j;
    }

    private static boolean startsBlock(String line) {
        return line.startsWith("|") || line.stripLeading().startsWith("```") || HEADING.matcher(line).matches()
                || ITEM.matcher(line).matches();
    }

    private int table(String[] lines, int i) {
        List<List<String>> rows = new ArrayList<>();
        int j = i;
        while (j < lines.length && lines[j].startsWith("|")) {
            if (!lines[j].matches("\\|[\\s:|-]*")) {
                rows.add(cells(lines[j]));
            }
            j++;
        }
        if (rows.isEmpty()) {
            return j;
        }
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] w = new int[columns];
        for (List<String> r : rows) {
            for (int c = 0; c < r.size(); c++) {
                w[c] = Math.max(w[c], r.get(c).length());
            }
        }
        int total = 2 * (columns - 1);
        for (int x : w) {
            total += x;
        }
        if (total <= width) {
            columns(rows, w);
        } else {
            records(rows);
        }
        return j;
    }

    /** A table that fits: aligned columns, the header underlined. */
    private void columns(List<List<String>> rows, int[] w) {
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < rows.get(r).size(); c++) {
                b.append(c == 0 ? "" : "  ").append(String.format("%-" + w[c] + "s", rows.get(r).get(c)));
            }
            out.add(b.toString());
            if (r == 0) {
                StringBuilder u = new StringBuilder();
                for (int c = 0; c < w.length; c++) {
                    u.append(c == 0 ? "" : "  ").append("-".repeat(Math.max(1, w[c])));
                }
                out.add(u.toString());
            }
        }
    }

    /** A table too wide for the terminal: each row's first cell on a line, then the others under it by name. */
    private void records(List<List<String>> rows) {
        List<String> header = rows.get(0);
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            out.add(row.get(0));
            for (int c = 1; c < row.size(); c++) {
                if (!row.get(c).isEmpty()) {
                    String name = c < header.size() && !header.get(c).isEmpty() ? header.get(c) + ": " : "";
                    wrap(name + row.get(c), "    ", "      ");
                }
            }
        }
    }

    /** The cells of a table row, split at the bars outside code spans, each rendered inline. */
    private static List<String> cells(String row) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean code = false;
        String body = row.strip();
        body = body.substring(1, body.endsWith("|") && body.length() > 1 ? body.length() - 1 : body.length());
        for (int i = 0; i < body.length(); i++) {
            char ch = body.charAt(i);
            if (ch == '\\' && i + 1 < body.length() && body.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (ch == '`') {
                code = !code;
                cell.append(ch);
            } else if (ch == '|' && !code) {
                out.add(inline(cell.toString().strip()));
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        out.add(inline(cell.toString().strip()));
        return out;
    }

    /** Inline markup reduced to its text: links to their text, code spans to their content, emphasis dropped. */
    static String inline(String text) {
        String s = LINK.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
        StringBuilder b = new StringBuilder();
        int pos = 0;
        while (pos < s.length()) {
            int open = s.indexOf('`', pos);
            int close = open < 0 ? -1 : s.indexOf('`', open + 1);
            if (close < 0) {
                b.append(plain(s.substring(pos)));
                break;
            }
            b.append(plain(s.substring(pos, open))).append(s, open + 1, close);
            pos = close + 1;
        }
        return b.toString();
    }

    private static String plain(String text) {
        return EMPHASIS.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1) != null ? m.group(1)
                : m.group(2))).replace("**", "").replace("\\|", "|");
    }

    /** Adds {@code text} in lines of at most the width: the first starts with {@code first}, the others with {@code rest}. */
    private void wrap(String text, String first, String rest) {
        StringBuilder line = new StringBuilder(first);
        int start = first.length();
        for (String word : text.split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            if (line.length() > start && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line = new StringBuilder(rest);
                start = rest.length();
            }
            if (line.length() > start) {
                line.append(' ');
            }
            line.append(word);
        }
        out.add(line.toString());
    }
}
