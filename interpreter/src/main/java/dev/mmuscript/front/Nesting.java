package dev.mmuscript.front;

import dev.mmuscript.syntax.Diagnostics;
import dev.mmuscript.syntax.Source;
import dev.mmuscript.syntax.Span;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.Token;

/**
 * Bounds how deeply a file nests before the parser (which recurses once per level) sees it, so that a deep script
 * gets one clear, deterministic diagnostic instead of a stack overflow. The depth at a token counts the brackets
 * open around it ({@code ( { [}) and, at each of those levels, the operators and {@code else}s since the statement
 * began: each of them nests the tree one level deeper ({@code 1+1+1}, {@code - - x}, {@code else if} chains).
 */
final class Nesting {
    /** The deepest nesting a script may have; real scripts stay below ten. */
    static final int MAX_DEPTH = 100;

    private static final Set<String> OPEN = Set.of("(", "{", "[");
    private static final Set<String> CLOSE = Set.of(")", "}", "]");
    private static final Set<String> NESTING = Set.of("!", "-", "+", "*", "/", "%", "&&", "||", "==", "!=", "<",
            "<=", ">", ">=", "else");

    private Nesting() {
    }

    /** True when the tokens nest at most {@link #MAX_DEPTH} deep; otherwise reports where they pass it. */
    static boolean check(List<Token> tokens, Source source, Diagnostics diags) {
        Deque<Integer> levels = new ArrayDeque<>();
        levels.push(0);
        int depth = 0;
        for (Token t : tokens) {
            String text = t.getType() == Token.EOF ? "" : t.getText();
            if (OPEN.contains(text)) {
                levels.push(0);
                depth++;
            } else if (CLOSE.contains(text) && levels.size() > 1) {
                depth -= 1 + levels.pop();
            } else if (text.equals(";") || text.equals("\n") || text.equals("\r\n")) {
                depth -= levels.pop();
                levels.push(0);
            } else if (NESTING.contains(text)) {
                levels.push(levels.pop() + 1);
                depth++;
            }
            if (depth > MAX_DEPTH) {
                diags.error(new Span(source, t.getStartIndex(), Math.max(1, t.getStopIndex() - t.getStartIndex() + 1)),
                        "nesting deeper than " + MAX_DEPTH + " levels", "expected at most " + MAX_DEPTH
                                + " nested brackets, blocks, operators and else-ifs in one statement; split it up");
                return false;
            }
        }
        return true;
    }
}
