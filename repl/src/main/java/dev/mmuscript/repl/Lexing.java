package dev.mmuscript.repl;

import dev.mmuscript.grammar.MmuLexer;
import dev.mmuscript.front.Parser;
import dev.mmuscript.grammar.MmuParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;

/**
 * The generated lexer and parser as the REPL uses them: tokens sorted into kinds for highlighting, keywords read
 * from the grammar's vocabulary (so a statement added to the grammar is highlighted and completed without a list
 * here to update), open braces, and where the first syntax error is.
 */
final class Lexing {
    private Lexing() {
    }

    /** What a stretch of input is, for colouring. */
    enum Kind { KEYWORD, NUMBER, STRING, NAME, PUNCTUATION, COMMENT, BAD }

    /** A token (or a comment, which the lexer skips) from {@code start} up to {@code end}. */
    record Tok(Kind kind, int type, int start, int end, String text) {
    }

    private static final Vocabulary VOCAB = MmuLexer.VOCABULARY;

    /** The tokens of {@code text} in order, newlines and comments included, whitespace left out. */
    static List<Tok> tokens(String text) {
        List<Tok> out = new ArrayList<>();
        int pos = 0;
        for (Token t : lexer(text).getAllTokens()) {
            comment(text, pos, t.getStartIndex(), out);
            pos = t.getStopIndex() + 1;
            out.add(new Tok(kind(t.getType()), t.getType(), t.getStartIndex(), pos, t.getText()));
        }
        comment(text, pos, text.length(), out);
        return out;
    }

    /** The lexer skips comments; between two tokens, a comment is whatever follows a '#'. */
    private static void comment(String text, int from, int to, List<Tok> out) {
        int hash = text.indexOf('#', from);
        if (hash >= 0 && hash < to) {
            out.add(new Tok(Kind.COMMENT, -1, hash, to, text.substring(hash, to)));
        }
    }

    private static MmuLexer lexer(String text) {
        MmuLexer lexer = new MmuLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        return lexer;
    }

    static Kind kind(int type) {
        if (isKeyword(type)) {
            return Kind.KEYWORD;
        }
        switch (type) {
            case MmuLexer.HEX:
            case MmuLexer.DEC:
                return Kind.NUMBER;
            case MmuLexer.STRING:
                return Kind.STRING;
            case MmuLexer.ID:
                return Kind.NAME;
            case MmuLexer.OTHER:
                return Kind.BAD;
            default:
                return Kind.PUNCTUATION;
        }
    }

    /** A keyword is a token the grammar spells as a word, such as {@code 'mmap'}. */
    static boolean isKeyword(int type) {
        String lit = VOCAB.getLiteralName(type);
        return lit != null && lit.matches("'[A-Za-z_][A-Za-z0-9_]*'");
    }

    /** Every keyword of the grammar, in the vocabulary's order. */
    static List<String> keywords() {
        List<String> out = new ArrayList<>();
        for (int type = 1; type <= VOCAB.getMaxTokenType(); type++) {
            if (isKeyword(type)) {
                out.add(literal(type));
            }
        }
        return out;
    }

    /** The text of a token type the grammar spells literally, without its quotes; null for the others. */
    static String literal(int type) {
        String lit = VOCAB.getLiteralName(type);
        return lit == null ? null : lit.substring(1, lit.length() - 1);
    }

    static int type(String literal) {
        for (int type = 1; type <= VOCAB.getMaxTokenType(); type++) {
            if (("'" + literal + "'").equals(VOCAB.getLiteralName(type))) {
                return type;
            }
        }
        return -1;
    }

    /** How many braces are open at the end of {@code text} (braces in comments and strings do not count). */
    static int openBraces(String text) {
        int open = type("{");
        int close = type("}");
        int depth = 0;
        for (Token t : lexer(text).getAllTokens()) {
            if (t.getType() == open) {
                depth++;
            } else if (t.getType() == close) {
                depth--;
            }
        }
        return depth;
    }

    /**
     * Where the parser first finds {@code text} wrong: the offset of the offending token, or -1 if the text is
     * right or merely unfinished (its first error is at the end of the input).
     */
    static int firstError(String text) {
        MmuParser parser = new MmuParser(new CommonTokenStream(lexer(text)));
        parser.removeErrorListeners();
        FirstError first = new FirstError();
        parser.addErrorListener(first);
        parser.script();
        return first.offset;
    }

    /** Whether {@code text} could still become a script by adding to its end. */
    static boolean viablePrefix(String text) {
        return firstError(text) < 0;
    }

    private static final class FirstError extends BaseErrorListener {
        int offset = -1;
        boolean seen;

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int col, String msg,
                RecognitionException e) {
            if (seen) {
                return;
            }
            seen = true;
            Token t = (Token) offendingSymbol;
            Token loose = t == null ? null : Parser.misplacedName((MmuParser) recognizer, t);
            t = loose != null ? loose : t;
            offset = t == null || t.getType() == Token.EOF ? -1 : t.getStartIndex();
        }
    }
}
