package dev.mmuscript.front;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.antlr.v4.runtime.Token;

/**
 * Finds the '{' that a file never closes, so that the error is reported where the block opens rather than at the
 * end of the file, where the parser notices. Braces are paired as tokens (comments and strings are not tokens);
 * a '}' that starts a line indented less than the line of the innermost open block closes an outer block, which
 * marks the inner one as the block left open.
 */
final class Braces {
    /** A top-level block: the offsets of its '{' and of its '}'. */
    record Block(int start, int end) {
    }

    private Braces() {
    }

    /** The '{' left open, or null if every '{' has its '}'. */
    static Token unclosed(List<Token> tokens, String text) {
        Deque<Token> open = new ArrayDeque<>();
        Token suspect = null;
        int opens = 0;
        int closes = 0;
        for (Token t : tokens) {
            if (t.getText().equals("{") && t.getType() != Token.EOF) {
                open.push(t);
                opens++;
            } else if (t.getText().equals("}") && !open.isEmpty()) {
                closes++;
                while (open.size() > 1 && firstOnLine(t, text) && indent(open.peek(), text) > indent(t, text)) {
                    Token left = open.pop();
                    suspect = suspect == null ? left : suspect;
                }
                open.pop();
            }
        }
        if (opens <= closes) {
            return null;
        }
        return suspect != null ? suspect : open.peek();
    }

    /** The indentation of the line a token is on. */
    private static int indent(Token t, String text) {
        int start = t.getStartIndex() - t.getCharPositionInLine();
        int i = start;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i - start;
    }

    private static boolean firstOnLine(Token t, String text) {
        return indent(t, text) == t.getCharPositionInLine();
    }

    /** The offsets (start of its '{', end of its '}') of each top-level block; an unclosed one ends the file. */
    static List<Block> topLevelBlocks(List<Token> tokens) {
        List<Block> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (Token t : tokens) {
            if (t.getType() == Token.EOF) {
                break;
            }
            if (t.getText().equals("{")) {
                if (depth++ == 0) {
                    start = t.getStartIndex();
                }
            } else if (t.getText().equals("}") && depth > 0 && --depth == 0) {
                out.add(new Block(start, t.getStopIndex()));
            }
        }
        if (depth > 0) {
            out.add(new Block(start, Integer.MAX_VALUE));
        }
        return out;
    }

    /** The block that holds an offset, or null. */
    static Block around(List<Block> blocks, int offset) {
        for (Block b : blocks) {
            if (b.start() <= offset && offset <= b.end()) {
                return b;
            }
        }
        return null;
    }
}
