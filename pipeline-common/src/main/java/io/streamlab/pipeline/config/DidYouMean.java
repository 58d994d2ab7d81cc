package io.streamlab.pipeline.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The names closest to a mistyped one, for "Did you mean ...?": the one spelling algorithm of the
 * project, for configuration keys (in a file, the environment or a flag) and command-line flags alike.
 *
 * <p>Names are compared without case and without their separators ({@code kafka.bootstrapservers} is
 * {@code kafka.bootstrap.servers}); a name at most two edits away (one for short names), or one that
 * contains the typed name (a key written without its prefix: {@code bootstrap.servers}), is close. Only
 * the closest ones are kept, at most three.
 */
public final class DidYouMean {
    private static final int MAX_SUGGESTIONS = 3;
    private static final int FAR = Integer.MAX_VALUE;

    private DidYouMean() {}

    public static List<String> among(String typed, Collection<String> names) {
        String wanted = normalize(typed);
        if (wanted.isEmpty()) {
            return List.of();
        }
        List<Scored> close = names.stream()
                .distinct()
                .map(name -> new Scored(name, score(wanted, normalize(name))))
                .filter(s -> s.score() != FAR)
                .sorted(Comparator.comparingInt(Scored::score).thenComparing(Scored::name))
                .toList();
        if (close.isEmpty()) {
            return List.of();
        }
        int best = close.get(0).score();
        return close.stream()
                .filter(s -> s.score() == best)
                .limit(MAX_SUGGESTIONS)
                .map(Scored::name)
                .toList();
    }

    private record Scored(String name, int score) {}

    private static int score(String wanted, String candidate) {
        int edits = distance(wanted, candidate);
        if (edits <= Math.min(2, wanted.length() / 2)) {
            return edits;
        }
        if (wanted.length() >= 4 && candidate.contains(wanted)) {
            return 3;
        }
        return FAR;
    }

    private static String normalize(String name) {
        return name.replaceAll("[._-]", "").toLowerCase(Locale.ROOT);
    }

    /** Edits (insert, delete, replace, swap two neighbours) from a to b. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
