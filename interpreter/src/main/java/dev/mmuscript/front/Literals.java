package dev.mmuscript.front;

/** The values of the script's literals as written: numbers (decimal or hex, with {@code _} separators) and strings. */
final class Literals {
    private Literals() {
    }

    /** A number's value; NumberFormatException when it does not fit in 64 bits. */
    static long number(String written, boolean hex) {
        String text = written.replace("_", "");
        return hex ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseLong(text);
    }

    /** A quoted string's text: the quotes dropped, each backslash escape replaced by the character it escapes. */
    static String unquote(String quoted) {
        String body = quoted.substring(1, quoted.length() - 1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                c = body.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }
}
