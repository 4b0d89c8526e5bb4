package dev.mmuscript.run;

import java.util.ArrayList;
import java.util.List;

/** A unified diff of two texts (line LCS, three lines of context), for golden-test failures. */
public final class Diff {
    private Diff() {
    }

    public static String unified(String fromName, String toName, String from, String to) {
        List<String> a = lines(from);
        List<String> b = lines(to);
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        // ops: ' ' keep, '-' delete from a, '+' insert from b; with the line index in each file
        List<char[]> ops = new ArrayList<>();
        List<int[]> pos = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                ops.add(new char[] {' '});
                pos.add(new int[] {i++, j++});
            } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] > lcs[i + 1][j])) {
                ops.add(new char[] {'+'});
                pos.add(new int[] {i, j++});
            } else {
                ops.add(new char[] {'-'});
                pos.add(new int[] {i++, j});
            }
        }
        StringBuilder out = new StringBuilder("--- " + fromName + "\n+++ " + toName + "\n");
        int k = 0;
        while (k < ops.size()) {
            if (ops.get(k)[0] == ' ') {
                k++;
                continue;
            }
            int start = Math.max(0, k - 3);
            int end = k;
            while (end < ops.size()) {
                if (ops.get(end)[0] != ' ') {
                    end++;
                    continue;
                }
                int run = end;
                while (run < ops.size() && ops.get(run)[0] == ' ') {
                    run++;
                }
                if (run - end > 6 || run == ops.size()) {
                    end = Math.min(run, end + 3);
                    break;
                }
                end = run;
            }
            int aStart = pos.get(start)[0];
            int bStart = pos.get(start)[1];
            int aLen = 0;
            int bLen = 0;
            StringBuilder hunk = new StringBuilder();
            for (int h = start; h < end; h++) {
                char op = ops.get(h)[0];
                int[] p = pos.get(h);
                if (op == ' ') {
                    hunk.append(' ').append(a.get(p[0])).append('\n');
                    aLen++;
                    bLen++;
                } else if (op == '-') {
                    hunk.append('-').append(a.get(p[0])).append('\n');
                    aLen++;
                } else {
                    hunk.append('+').append(b.get(p[1])).append('\n');
                    bLen++;
                }
            }
            out.append("@@ -").append(aStart + 1).append(',').append(aLen).append(" +").append(bStart + 1)
                    .append(',').append(bLen).append(" @@\n").append(hunk);
            k = end;
        }
        return out.toString();
    }

    private static List<String> lines(String s) {
        List<String> out = new ArrayList<>(List.of(s.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }
}
