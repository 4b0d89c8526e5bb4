package dev.mmuscript.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code mmu test --junit FILE}: the results as JUnit XML, the form CI servers read (Jenkins, GitLab): one
 * {@code testsuite}, one {@code testcase} per script and kind of golden, named by the script's file and the kind,
 * its classname the script's path; a failure carries its summary as {@code message} and the whole diff as text;
 * a skip, its reason. No time or host, so the same run writes the same bytes.
 */
public final class JUnitReport {
    private JUnitReport() {
    }

    /** Writes the report to {@code file}; null when done, else why not. */
    public static String write(Path file, String suite, List<Golden.Result> results) {
        try {
            Files.writeString(file, render(suite, results), StandardCharsets.UTF_8);
            return null;
        } catch (IOException e) {
            return "cannot write " + file + ": " + GoldenFile.reason(e);
        }
    }

    public static String render(String suite, List<Golden.Result> results) {
        long failures = results.stream().filter(r -> r.status() == Golden.Status.FAIL).count();
        long skipped = results.stream().filter(r -> r.status() == Golden.Status.SKIP).count();
        String counts = " tests=\"" + results.size() + "\" failures=\"" + failures + "\" errors=\"0\" skipped=\""
                + skipped + "\"";
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuites name=\"").append(attr(suite)).append('"').append(counts).append(">\n");
        b.append("  <testsuite name=\"").append(attr(suite)).append('"').append(counts).append(">\n");
        for (Golden.Result r : results) {
            testcase(b, r);
        }
        b.append("  </testsuite>\n</testsuites>\n");
        return b.toString();
    }

    private static void testcase(StringBuilder b, Golden.Result r) {
        b.append("    <testcase name=\"").append(attr(r.script().getFileName() + r.kind().label()))
                .append("\" classname=\"").append(attr(r.script().toString())).append('"');
        if (r.status() == Golden.Status.PASS) {
            b.append("/>\n");
            return;
        }
        b.append(">\n");
        if (r.status() == Golden.Status.SKIP) {
            b.append("      <skipped message=\"").append(attr(r.message())).append("\"/>\n");
        } else {
            String text = r.message() + (r.message().endsWith("\n") || r.message().isEmpty() ? "" : "\n")
                    + String.join("\n", r.notes()) + (r.notes().isEmpty() ? "" : "\n");
            b.append("      <failure type=\"golden\" message=\"").append(attr(r.summary())).append("\">")
                    .append(text(text)).append("</failure>\n");
        }
        b.append("    </testcase>\n");
    }

    /** Text content: the markup characters escaped, and the characters XML 1.0 cannot hold as '?'. */
    static String text(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                default -> b.append(allowed(c) ? c : '?');
            }
        }
        return b.toString();
    }

    /** An attribute value: as text, and quotes and line breaks as references so that they survive parsing. */
    static String attr(String s) {
        return text(s).replace("\"", "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;");
    }

    private static boolean allowed(char c) {
        return c == '\t' || c == '\n' || c == '\r' || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                || Character.isSurrogate(c);
    }
}
