package dev.mmuscript.front;

import dev.mmuscript.grammar.MmuLexer;
import dev.mmuscript.syntax.Ast;
import dev.mmuscript.syntax.Diagnostic;
import dev.mmuscript.syntax.Diagnostics;
import dev.mmuscript.syntax.Source;
import dev.mmuscript.syntax.Span;
import dev.mmuscript.grammar.MmuParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/** Source text to AST: runs the generated lexer and parser, collects every syntax error, builds the AST. */
public final class Parser {
    private Parser() {
    }

    /** Parses one file; syntax errors go to {@code diags} and the result is then {@code null}. */
    public static Ast.Script parse(Source source, Diagnostics diags) {
        MmuLexer lexer = new MmuLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        if (!Nesting.check(tokens.getTokens(), source, diags)) {
            return null;
        }
        MmuParser.ScriptContext tree = fastParse(tokens);
        if (tree != null) {
            return new AstBuilder(source, diags).script(tree);
        }
        tokens.seek(0);
        MmuParser parser = new MmuParser(tokens);
        parser.removeErrorListeners();
        Diagnostics found = new Diagnostics();
        SyntaxErrors errors = new SyntaxErrors(source, found);
        parser.addErrorListener(errors);
        tree = parser.script();
        if (errors.count > 0) {
            report(source, tokens, found, diags);
            return null;
        }
        return new AstBuilder(source, diags).script(tree);
    }

    /**
     * The script's tree by ANTLR's faster SLL prediction, which gives up at the first syntax error (or a decision
     * that needs full context) rather than recovering; null then, and the caller parses again with full LL and the
     * error listener, so that a script with errors gets the same diagnostics as ever. SLL succeeds on the scripts
     * people write, and where it succeeds its tree is LL's (the grammar is unambiguous).
     */
    private static MmuParser.ScriptContext fastParse(CommonTokenStream tokens) {
        MmuParser parser = new MmuParser(tokens);
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        try {
            return parser.script();
        } catch (ParseCancellationException e) {
            return null;
        }
    }

    /**
     * The name to blame when a statement runs out after the parser took a name for a number (see
     * {@link SyntaxHints#looseName}); null if there is none. The REPL's highlighter marks it as the error.
     */
    public static Token misplacedName(MmuParser parser, Token offending) {
        return SyntaxHints.looseName(parser, offending);
    }

    /**
     * Passes on the syntax errors, except that a '{' never closed is reported where it opens, and the errors after
     * it (which follow from it) are dropped; so is any error after the first inside one top-level block, where
     * the parser's recovery leaves it lost until the block ends.
     */
    private static void report(Source source, CommonTokenStream tokens, Diagnostics found, Diagnostics diags) {
        Token brace = Braces.unclosed(tokens.getTokens(), source.text());
        List<Braces.Block> blocks = Braces.topLevelBlocks(tokens.getTokens());
        Set<Braces.Block> reported = new HashSet<>();
        for (Diagnostic d : found.sorted()) {
            Braces.Block block = Braces.around(blocks, d.span().start());
            if ((brace == null || d.span().start() < brace.getStartIndex()) && (block == null || reported.add(block))) {
                diags.add(d);
            }
        }
        if (brace != null) {
            diags.error(new Span(source, brace.getStartIndex(), 1), "unclosed '{'",
                    "expected a '}' to close the block that opens here");
        }
    }

    /** Turns ANTLR's reports into diagnostics: at most one per line, naming what was expected. */
    private static final class SyntaxErrors extends BaseErrorListener {
        private final Source source;
        private final Diagnostics diags;
        private final Set<Integer> lines = new HashSet<>();
        int count;

        SyntaxErrors(Source source, Diagnostics diags) {
            this.source = source;
            this.diags = diags;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int col, String msg,
                RecognitionException e) {
            count++;
            Token t = (Token) offendingSymbol;
            int tokenLine = t.getType() == Token.EOF ? source.lineCount() : line;
            if (!lines.add(tokenLine)) {
                return;
            }
            int start = t.getType() == Token.EOF ? Math.max(0, source.text().length() - 1) : t.getStartIndex();
            int length = Math.max(1, t.getStopIndex() - t.getStartIndex() + 1);
            if (t.getType() == MmuLexer.NL || t.getType() == Token.EOF) {
                length = 1;
            }
            Span span = new Span(source, start, length);
            IntervalSet expected = e != null && e.getExpectedTokens() != null
                    ? e.getExpectedTokens()
                    : ((MmuParser) recognizer).getExpectedTokens();
            SyntaxHints.Hint habit = SyntaxHints.kernelHabit((TokenStream) recognizer.getInputStream(), t);
            if (habit != null) {
                int from = habit.from().getStartIndex();
                diags.error(new Span(source, from, habit.to().getStopIndex() - from + 1), habit.message(),
                        habit.hint());
                return;
            }
            SyntaxHints.Hint word = SyntaxHints.handlerWord((TokenStream) recognizer.getInputStream(), t, expected,
                    recognizer.getVocabulary());
            if (word != null) {
                diags.error(new Span(source, word.from().getStartIndex(), word.from().getText().length()),
                        word.message(), word.hint());
                return;
            }
            Token loose = SyntaxHints.looseName((MmuParser) recognizer, t);
            if (loose != null) {
                diags.error(new Span(source, loose.getStartIndex(), loose.getText().length()),
                        "unexpected '" + loose.getText() + "'", "expected a number");
                return;
            }
            Token prev = e instanceof NoViableAltException nv ? nv.getStartToken() : null;
            if (prev != null && prev.getType() == MmuLexer.ID && prev != t && prev.getLine() == t.getLine()) {
                // "NAME something": the parser took NAME for a device; most likely a misspelt statement.
                diags.error(new Span(source, prev.getStartIndex(), prev.getStopIndex() - prev.getStartIndex() + 1),
                        "unknown statement '" + prev.getText() + "'" + Suggest.didYouMean(prev.getText(),
                                SyntaxHints.keywords(expected, recognizer.getVocabulary())),
                        "expected a statement (process, mmap, touch,"
                                + " zap, notifier, attach, assert, ...) or DEVICE fault|read|write ADDR");
                return;
            }
            diags.error(span, "unexpected " + describe(t) + SyntaxHints.misspeltKeyword(t, expected,
                    recognizer.getVocabulary()), "expected " + expectedText(expected, recognizer.getVocabulary()));
        }

        private static String describe(Token t) {
            switch (t.getType()) {
                case Token.EOF:
                    return "end of file";
                case MmuLexer.NL:
                    return "end of line";
                case MmuLexer.OTHER:
                    return "character '" + t.getText() + "'";
                default:
                    return "'" + t.getText() + "'";
            }
        }

        private static String expectedText(IntervalSet set, Vocabulary vocab) {
            List<String> names = new ArrayList<>();
            boolean statement = set.contains(tokenType(vocab, "'mmap'")) && set.contains(tokenType(vocab, "'process'"));
            if (statement) {
                return "a statement (process, mmap, touch, zap, notifier, attach, assert, ...)";
            }
            boolean handler = set.contains(tokenType(vocab, "'retry'")) && set.contains(tokenType(vocab, "'lock'"));
            if (handler) {
                return "a handler statement (NAME += EXPR, let, if, return, retry, lock, unlock, unmap, map, gup,"
                        + " put)";
            }
            if (set.size() == 4 && set.contains(MmuLexer.HEX) && set.contains(MmuLexer.DEC) && set.contains(MmuLexer.ID)
                    && set.contains(tokenType(vocab, "'('"))) {
                return "a number";  // a numeric: a name or (EXPR) only in a def or loop, which is rarely meant
            }
            boolean expr = set.contains(MmuLexer.HEX) && set.contains(tokenType(vocab, "'('"))
                    && set.contains(MmuLexer.ID) && set.contains(tokenType(vocab, "'!'"));
            for (int type : set.toList()) {
                if (type == Token.EOF) {
                    names.add("end of file");
                } else if (type == MmuLexer.ID) {
                    names.add(expr ? "an expression" : "a name");
                } else if (type == MmuLexer.HEX || type == MmuLexer.DEC) {
                    if (!expr && !names.contains("a number")) {
                        names.add("a number");
                    }
                } else if (type == MmuLexer.STRING) {
                    names.add("a string");
                } else if (type == MmuLexer.NL) {
                    names.add("end of line");
                } else if (!expr || !isExprStart(vocab.getLiteralName(type))) {
                    String lit = vocab.getLiteralName(type);
                    names.add(lit != null ? lit : vocab.getDisplayName(type));
                }
            }
            if (names.isEmpty()) {
                return "something else";
            }
            if (names.size() == 1) {
                return names.get(0);
            }
            return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        }

        private static boolean isExprStart(String literal) {
            return literal != null && (literal.equals("'('") || literal.equals("'!'") || literal.equals("'-'")
                    || literal.equals("'write'"));
        }

        private static int tokenType(Vocabulary vocab, String literal) {
            for (int i = 0; i <= vocab.getMaxTokenType(); i++) {
                if (literal.equals(vocab.getLiteralName(i))) {
                    return i;
                }
            }
            return -1;
        }
    }
}
