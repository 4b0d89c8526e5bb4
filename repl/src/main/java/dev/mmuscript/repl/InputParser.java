package dev.mmuscript.repl;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * JLine's view of an input line: "incomplete" while a block is open, so Enter gives a continuation prompt instead
 * of running half a notifier; and the words of a line, for completion.
 */
final class InputParser implements Parser {

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && incomplete(line)) {
            throw new EOFError(-1, cursor, "an open block", "}");
        }
        return Words.of(line, cursor);
    }

    /** Whether the input opens more braces than it closes (a {@code :command} is always complete). */
    static boolean incomplete(String input) {
        return !input.strip().startsWith(":") && Lexing.openBraces(input) > 0;
    }

    /**
     * The words of a line and the one the cursor is in. In statements a word is a name, a number or a field such
     * as {@code guest.seq}; in a {@code :command} line, anything between spaces (file names).
     */
    record Words(String line, int cursor, List<String> words, List<Integer> starts, int wordIndex)
            implements CompletingParsedLine {

        static Words of(String line, int cursor) {
            boolean command = line.stripLeading().startsWith(":");
            List<String> words = new ArrayList<>();
            List<Integer> starts = new ArrayList<>();
            int index = -1;
            int i = 0;
            while (i < line.length()) {
                if (!isWordChar(line.charAt(i), command)) {
                    i++;
                    continue;
                }
                int start = i;
                while (i < line.length() && isWordChar(line.charAt(i), command)) {
                    i++;
                }
                if (index < 0 && cursor < start) {
                    index = words.size();
                    words.add("");
                    starts.add(cursor);
                }
                if (index < 0 && cursor <= i) {
                    index = words.size();
                }
                words.add(line.substring(start, i));
                starts.add(start);
            }
            if (index < 0) {
                index = words.size();
                words.add("");
                starts.add(cursor);
            }
            return new Words(line, cursor, words, starts, index);
        }

        private static boolean isWordChar(char c, boolean command) {
            return command ? !Character.isWhitespace(c)
                    : Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-';
        }

        /** Where the word at the cursor starts in the line. */
        int wordStart() {
            return starts.get(wordIndex);
        }

        @Override
        public String word() {
            return words.get(wordIndex);
        }

        @Override
        public int wordCursor() {
            return cursor - wordStart();
        }

        @Override
        public CharSequence escape(CharSequence candidate, boolean complete) {
            return candidate;
        }

        @Override
        public int rawWordCursor() {
            return wordCursor();
        }

        @Override
        public int rawWordLength() {
            return word().length();
        }
    }
}
