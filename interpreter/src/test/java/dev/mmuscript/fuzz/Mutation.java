package dev.mmuscript.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One edit of a script, drawn by jqwik (so that a failing input shrinks to few, small edits): delete, duplicate or
 * swap lines and tokens, splice in a number at the edge, a statement from {@link Scripts}, or deep nesting.
 */
record Mutation(String kind, int a, int b, String text) {
    static final List<String> KINDS = List.of("delete line", "duplicate line", "swap lines", "delete token",
            "duplicate token", "swap tokens", "number", "statement", "nesting");

    static Arbitrary<Mutation> any() {
        Arbitrary<String> nesting = Combinators.combine(Arbitraries.of("(%s)", "-%s", "!%s", "1 && %s", "1 + %s",
                "if 1 { %s }", "if x == 0 { x = 1 } else %s"), Arbitraries.integers().between(1, 3000))
                .as((shape, n) -> nest(shape, n));
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.of(Scripts.NUMBERS), Scripts.statement(), nesting,
                Arbitraries.of("0x0..0x7ffffffffffff000", "0 pages 1048576", "0x7ffffffffffff000 pages 2"));
        return Combinators.combine(Arbitraries.of(KINDS), Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, 10_000), text).as(Mutation::new);
    }

    /** {@code shape} wrapped around itself {@code n} times: "(%s)" 3 times is "(((1)))". */
    private static String nest(String shape, int n) {
        String core = shape.startsWith("if") ? "x = 1" : "1";
        int at = shape.indexOf("%s");
        String s = shape.substring(0, at).repeat(n) + core + shape.substring(at + 2).repeat(n);
        return shape.startsWith("if") ? "notifier N on vm {\n  var x = 0\n  on release { " + s + " }\n}" : "assert " + s;
    }

    String apply(String script) {
        List<String> lines = new ArrayList<>(Arrays.asList(script.split("\n", -1)));
        int i = a % lines.size();
        int j = b % lines.size();
        switch (kind) {
            case "delete line":
                lines.remove(i);
                break;
            case "duplicate line":
                lines.add(i, lines.get(i));
                break;
            case "swap lines":
                String t = lines.get(i);
                lines.set(i, lines.get(j));
                lines.set(j, t);
                break;
            case "statement":
                lines.add(i, text);
                break;
            case "nesting":
                lines.add(i, text);
                break;
            default:
                lines.set(i, tokens(lines.get(i), lines.get(j)));
        }
        return String.join("\n", lines);
    }

    /** A token edit of {@code line} ({@code other} lends a token to swap in). */
    private String tokens(String line, String other) {
        List<String> ts = new ArrayList<>(Arrays.asList(line.split(" ", -1)));
        List<String> os = Arrays.asList(other.split(" ", -1));
        int i = a % ts.size();
        switch (kind) {
            case "delete token":
                ts.remove(i);
                break;
            case "duplicate token":
                ts.add(i, ts.get(i));
                break;
            case "swap tokens":
                ts.set(i, os.get(b % os.size()));
                break;
            default:
                ts.set(i, text.contains("\n") ? Scripts.NUMBERS.get(b % Scripts.NUMBERS.size()) : text);
        }
        return String.join(" ", ts);
    }
}
