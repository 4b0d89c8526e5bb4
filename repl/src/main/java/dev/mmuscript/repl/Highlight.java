package dev.mmuscript.repl;

import java.util.function.Supplier;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Colours the input as it is typed, from the generated lexer: keywords, numbers, strings, comments, the names the
 * session knows, and the first token the parser cannot accept.
 */
final class Highlight implements Highlighter {
    static final AttributedStyle KEYWORD = AttributedStyle.BOLD.foreground(AttributedStyle.BLUE);
    static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT
            | AttributedStyle.BLACK);
    static final AttributedStyle KNOWN_NAME = AttributedStyle.DEFAULT.foreground(AttributedStyle.MAGENTA);
    static final AttributedStyle ERROR = AttributedStyle.BOLD.foreground(AttributedStyle.RED).underline();
    static final AttributedStyle COMMAND = AttributedStyle.BOLD;

    private final Supplier<SessionNames.Names> names;

    Highlight(Supplier<SessionNames.Names> names) {
        this.names = names;
    }

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        return highlight(buffer);
    }

    AttributedString highlight(String buffer) {
        AttributedStringBuilder b = new AttributedStringBuilder();
        if (buffer.stripLeading().startsWith(":")) {
            int start = buffer.indexOf(':');
            int end = start;
            while (end < buffer.length() && !Character.isWhitespace(buffer.charAt(end))) {
                end++;
            }
            b.append(buffer.substring(0, start));
            b.styled(COMMAND, buffer.substring(start, end));
            b.append(buffer.substring(end));
            return b.toAttributedString();
        }
        int bad = Lexing.firstError(buffer);
        SessionNames.Names known = names.get();
        int pos = 0;
        for (Lexing.Tok t : Lexing.tokens(buffer)) {
            b.append(buffer.substring(pos, t.start()));
            b.styled(t.start() == bad ? ERROR : style(t, known), buffer.substring(t.start(), t.end()));
            pos = t.end();
        }
        b.append(buffer.substring(pos));
        return b.toAttributedString();
    }

    private static AttributedStyle style(Lexing.Tok t, SessionNames.Names known) {
        switch (t.kind()) {
            case KEYWORD:
                return KEYWORD;
            case NUMBER:
                return NUMBER;
            case STRING:
                return STRING;
            case COMMENT:
                return COMMENT;
            case NAME:
                return known.contains(t.text()) ? KNOWN_NAME : AttributedStyle.DEFAULT;
            case BAD:
                return ERROR;
            default:
                return AttributedStyle.DEFAULT;
        }
    }
}
