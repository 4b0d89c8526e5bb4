package dev.mmuscript.front;

import java.util.Collection;
import java.util.Locale;

/**
 * "Did you mean": the known word closest to a misspelt one. Distance is Damerau-Levenshtein (optimal string
 * alignment: insert, delete, substitute, or swap two neighbours). A word qualifies within {@code max(len, 3) / 3}
 * edits (rustc's rule), capped at 2 and below the word's length, so that short names do not match everything.
 * Changing a digit costs two edits, so that another version or number is not offered as a correction (swapping
 * two digits still costs one). Ties go to a word equal but for case, then to the alphabetically first, so the
 * suggestion never depends on the order of a set.
 */
final class Suggest {
    private Suggest() {
    }

    /** The closest candidate, or null if none is close enough (or the word is itself a candidate). */
    static String closest(String word, Collection<String> candidates) {
        if (word.length() > 64) {
            return null;    // no name is that long; spare the quadratic distance
        }
        int limit = Math.min(Math.min(2, Math.max(word.length(), 3) / 3), word.length() - 1);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (c.equals(word)) {
                return null;
            }
            int d = c.equalsIgnoreCase(word) ? 0 : distance(word, c);
            if (d <= limit && (d < bestDistance || d == bestDistance && c.compareTo(best) < 0)) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** {@code "; did you mean 'x'?"}, or the empty string: appended to the message of an unknown-name error. */
    static String didYouMean(String word, Collection<String> candidates) {
        String s = closest(word, candidates);
        return s == null ? "" : "; did you mean '" + s + "'?";
    }

    /** {@code "expected WHAT (known: a, b)"}: the hint of an unknown-name error, with the names known, sorted. */
    static String known(String what, Collection<String> names) {
        java.util.List<String> sorted = new java.util.ArrayList<>(names);
        sorted.sort(null);
        return "expected " + what + (sorted.isEmpty() ? "" : " (known: " + String.join(", ", sorted) + ")");
    }

    /** Two different digits: another number, not a typo (linux-3.19 is not a misspelt linux-9.99). */
    private static boolean digits(char a, char b) {
        return Character.isDigit(a) && Character.isDigit(b);
    }

    /** Optimal string alignment distance, case-insensitive; replacing a digit by another digit costs 2. */
    static int distance(String a, String b) {
        a = a.toLowerCase(Locale.ROOT);
        b = b.toLowerCase(Locale.ROOT);
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : digits(a.charAt(i - 1), b.charAt(j - 1)) ? 2 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
