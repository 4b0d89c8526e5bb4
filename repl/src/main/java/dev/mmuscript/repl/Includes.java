package dev.mmuscript.repl;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@code :load}ed file's {@code include} paths, made relative to the session's directory: the session is one
 * script whose includes resolve against that directory, while the file's resolve against its own folder. The
 * rewritten paths are also what {@code :save} writes, so the saved script includes the same files.
 */
final class Includes {
    private Includes() {
    }

    /**
     * {@code text} with each {@code include "P"} naming the same file from {@code sessionDir} as P did from
     * {@code fileDir}.
     */
    static String rebase(String text, Path fileDir, Path sessionDir) {
        Path from = fileDir.toAbsolutePath().normalize();
        Path to = sessionDir.toAbsolutePath().normalize();
        if (from.equals(to)) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int pos = 0;
        List<Lexing.Tok> toks = Lexing.tokens(text);
        for (int i = 0; i + 1 < toks.size(); i++) {
            Lexing.Tok kw = toks.get(i);
            Lexing.Tok path = toks.get(i + 1);
            if (kw.kind() == Lexing.Kind.KEYWORD && kw.text().equals("include")
                    && path.kind() == Lexing.Kind.STRING && path.text().length() >= 2) {
                String rebased = rebased(unquote(path.text()), from, to);
                if (rebased != null) {
                    out.append(text, pos, path.start()).append(quote(rebased));
                    pos = path.end();
                }
            }
        }
        return out.append(text.substring(pos)).toString();
    }

    /** The path from {@code to} of what {@code p} names from {@code from}; null to leave it as it is. */
    private static String rebased(String p, Path from, Path to) {
        try {
            if (Path.of(p).isAbsolute()) {
                return null;
            }
            return to.relativize(from.resolve(p).normalize()).toString().replace('\\', '/');
        } catch (InvalidPathException e) {
            return null; // the front end says what is wrong with it
        }
    }

    private static String unquote(String quoted) {
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

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
