package dev.mmuscript.front;

import dev.mmuscript.syntax.Diagnostics;
import dev.mmuscript.syntax.Source;
import dev.mmuscript.syntax.Span;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import dev.mmuscript.grammar.MmuLexer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;

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
    private static final byte OTHER = 0;
    private static final byte OPENS = 1;
    private static final byte CLOSES = 2;
    private static final byte ENDS = 3;
    private static final byte NESTS = 4;
    /** What each token type does to the depth, by its literal text (so that no token's text is read). */
    private static final byte[] KIND = kinds();

    private Nesting() {
    }

    /** True when the tokens nest at most {@link #MAX_DEPTH} deep; otherwise reports where they pass it. */
    static boolean check(List<Token> tokens, Source source, Diagnostics diags) {
        Deque<Integer> levels = new ArrayDeque<>();
        levels.push(0);
        int depth = 0;
        for (Token t : tokens) {
            byte kind = t.getType() >= 0 && t.getType() < KIND.length ? KIND[t.getType()] : OTHER;
            if (kind == OPENS) {
                levels.push(0);
                depth++;
            } else if (kind == CLOSES && levels.size() > 1) {
                depth -= 1 + levels.pop();
            } else if (kind == ENDS) {
                depth -= levels.pop();
                levels.push(0);
            } else if (kind == NESTS) {
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

    private static byte[] kinds() {
        Vocabulary vocab = MmuLexer.VOCABULARY;
        byte[] kinds = new byte[vocab.getMaxTokenType() + 1];
        for (int type = 0; type < kinds.length; type++) {
            String literal = vocab.getLiteralName(type);
            String text = literal == null ? "" : literal.substring(1, literal.length() - 1);
            kinds[type] = OPEN.contains(text) ? OPENS : CLOSE.contains(text) ? CLOSES
                    : text.equals(";") || type == MmuLexer.NL ? ENDS : NESTING.contains(text) ? NESTS : OTHER;
        }
        return kinds;
    }
}
