package dev.mmuscript.front;

import dev.mmuscript.grammar.MmuLexer;
import dev.mmuscript.grammar.MmuParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * Syntax errors that are habits from elsewhere, each with the mmuscript way to say it: C's {@code return
 * -EAGAIN}, {@code =} where a condition compares, a callback written with the kernel's parameter list, and a
 * misspelt keyword. Each method looks at the tokens around the one the parser stopped at.
 */
final class SyntaxHints {
    /** A message, the hint under it, and the tokens to underline. */
    record Hint(String message, String hint, Token from, Token to) {
    }

    private SyntaxHints() {
    }

    /** The kernel habit the parser stopped at, or null if it is none of them. */
    static Hint kernelHabit(TokenStream tokens, Token t) {
        Token prev = previous(tokens, t);
        if (prev == null) {
            return null;
        }
        if (is(t, "-") && is(prev, "return")) {
            Token next = next(tokens, t);
            if (next != null && next.getText().equals("EAGAIN")) {
                return new Hint("write 'return EAGAIN', not 'return -EAGAIN'", "a handler returns nothing (success)"
                        + " or EAGAIN; mmuscript has no negative error codes", t, next);
            }
            return new Hint("a handler returns only EAGAIN", "expected 'return' (success) or 'return EAGAIN'", t,
                    next == null ? t : next);
        }
        if ((t.getType() == MmuLexer.HEX || t.getType() == MmuLexer.DEC) && is(prev, "return")) {
            return new Hint("write 'return' to succeed, not 'return " + t.getText() + "'",
                    "a handler returns nothing (success) or EAGAIN", t, t);
        }
        if (is(t, "=") && inCondition(tokens, t)) {
            return new Hint("'=' assigns; a condition compares with '=='", "expected '==' (or !=, <, <=, >, >=)",
                    t, t);
        }
        Token before = previous(tokens, prev);
        if (is(t, "(") && prev.getType() == MmuLexer.ID && before != null && is(before, "on")) {
            return new Hint("callbacks take no parameters; use start, end, addr",
                    "write 'on " + prev.getText() + " {'; a handler reads start, end, addr, write, blockable,"
                            + " nonblocking and cur_seq by name", t, closing(tokens, t));
        }
        return null;
    }

    /** The words that start a handler statement (handlerStatement in Mmu.g4). */
    private static final List<String> HANDLER_WORDS = List.of("let", "if", "return", "retry", "lock", "unlock",
            "unmap", "map", "gup", "put", "walk", "sleep");

    /**
     * A word alone at the start of a handler statement, which the parser took for the variable of an assignment:
     * most likely a misspelt statement ({@code retyr}). Null if it is not that.
     */
    static Hint handlerWord(TokenStream tokens, Token t, IntervalSet expected, Vocabulary vocab) {
        Token prev = previous(tokens, t);
        Token before = prev == null ? null : previous(tokens, prev);
        if (prev == null || prev.getType() != MmuLexer.ID || before == null || !keywords(expected, vocab).isEmpty()
                || !(is(before, "{") || is(before, ";") || before.getType() == MmuLexer.NL)) {
            return null;
        }
        String mean = Suggest.didYouMean(prev.getText(), HANDLER_WORDS);
        if (mean.isEmpty()) {
            return null;
        }
        return new Hint("unknown handler statement '" + prev.getText() + "'" + mean, "expected a handler statement ("
                + String.join(", ", HANDLER_WORDS) + ") or NAME = EXPR", prev, prev);
    }

    /**
     * A name the parser took for a number in a statement that then ran out ({@code mmap vm 0x10000.. rw anon}
     * reads {@code rw} as the end of the range, then misses the backing): the name is the mistake, unless it is
     * a def's parameter or a for loop's variable somewhere in the file. Null if there is no such name.
     */
    static Token looseName(MmuParser parser, Token t) {
        if (t.getType() != MmuLexer.NL && t.getType() != Token.EOF && !is(t, ";") && !is(t, "}")) {
            return null;
        }
        ParserRuleContext ctx = parser.getContext();
        while (ctx != null && !(ctx instanceof MmuParser.StatementContext)) {
            ctx = ctx.getParent();
        }
        if (ctx == null) {
            return null;
        }
        Set<String> bound = boundNames(parser.getTokenStream());
        for (MmuParser.NameNumericContext n : names(ctx, new ArrayList<>())) {
            if (!bound.contains(n.ID().getText())) {
                return n.ID().getSymbol();
            }
        }
        return null;
    }

    private static List<MmuParser.NameNumericContext> names(ParseTree node, List<MmuParser.NameNumericContext> out) {
        if (node instanceof MmuParser.NameNumericContext n) {
            out.add(n);
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            names(node.getChild(i), out);
        }
        return out;
    }

    /** The names of def parameters and for loop variables anywhere in the file. */
    private static Set<String> boundNames(TokenStream tokens) {
        Set<String> out = new HashSet<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (is(t, "for") && tokens.get(i + 1).getType() == MmuLexer.ID) {
                out.add(tokens.get(i + 1).getText());
            } else if (is(t, "def")) {
                for (int j = i + 2; j < tokens.size() && !is(tokens.get(j), ")") && !is(tokens.get(j), "{")
                        && tokens.get(j).getType() != MmuLexer.NL; j++) {
                    if (tokens.get(j).getType() == MmuLexer.ID) {
                        out.add(tokens.get(j).getText());
                    }
                }
            }
        }
        return out;
    }

    /** {@code "; did you mean 'x'?"} for a word where keywords were expected, or the empty string. */
    static String misspeltKeyword(Token t, IntervalSet expected, Vocabulary vocab) {
        if (t.getType() != MmuLexer.ID) {
            return "";
        }
        String here = Suggest.didYouMean(t.getText(), keywords(expected, vocab));
        if (!here.isEmpty()) {
            return here;
        }
        // The parser may have closed the statement before the word (an optional keyword left out): try them all.
        IntervalSet all = new IntervalSet();
        all.add(1, vocab.getMaxTokenType());
        return Suggest.didYouMean(t.getText(), keywords(all, vocab));
    }

    /** The words among the literal tokens of {@code set}: the keywords the parser would have taken. */
    static List<String> keywords(IntervalSet set, Vocabulary vocab) {
        List<String> out = new ArrayList<>();
        for (int type : set.toList()) {
            String lit = vocab.getLiteralName(type);
            if (lit != null && lit.length() > 2 && Character.isLetter(lit.charAt(1))) {
                out.add(lit.substring(1, lit.length() - 1));
            }
        }
        return out;
    }

    /** Whether {@code t} follows 'assert', 'if' or 'when' in the same statement. */
    private static boolean inCondition(TokenStream tokens, Token t) {
        for (Token p = previous(tokens, t); p != null; p = previous(tokens, p)) {
            if (is(p, "assert") || is(p, "if") || is(p, "when")) {
                return true;
            }
            if (p.getType() == MmuLexer.NL || is(p, ";") || is(p, "{") || is(p, "}")) {
                return false;
            }
        }
        return false;
    }

    /** The ')' that closes the '(' at {@code open} on its line, or the last token of the line. */
    private static Token closing(TokenStream tokens, Token open) {
        Token last = open;
        for (Token n = next(tokens, open); n != null && n.getType() != MmuLexer.NL && n.getType() != Token.EOF;
                n = next(tokens, n)) {
            last = n;
            if (is(n, ")")) {
                break;
            }
        }
        return last;
    }

    static Token previous(TokenStream tokens, Token t) {
        int i = t.getTokenIndex() - 1;
        return i < 0 ? null : tokens.get(i);
    }

    static Token next(TokenStream tokens, Token t) {
        int i = t.getTokenIndex() + 1;
        return i >= tokens.size() ? null : tokens.get(i);
    }

    private static boolean is(Token t, String text) {
        return t.getType() != MmuLexer.ID && t.getType() != MmuLexer.STRING && t.getText().equals(text);
    }
}
