package io.streamlab.pipeline.insights;

import java.util.ArrayList;
import java.util.List;

/**
 * Labels of the report's bar charts, as lines. A chart draws a long label on one line and lets the
 * canvas cut it at its left edge, so a reason such as "spotify-tracks: field 'timestamp' must be…" loses
 * its start, the part that says what it is about. Wrapped on words into a few short lines, a label keeps
 * its start; only a label too long for those lines loses its end, marked by "…" (the page shows the whole
 * text on hover).
 */
public final class ChartLabels {
    /**
     * Characters per line. A chart gives its label column at most half its width and right-aligns the
     * labels in it, so a longer line loses its first characters: 30 fit the half of a bar chart of the
     * report (each takes half of a 1280-pixel page; the 12-pixel font).
     */
    public static final int LINE = 30;

    /** Lines per label: bars are evenly spaced, so the tallest label sets the room of every bar. */
    public static final int LINES = 3;

    private static final String CUT = "…";

    private ChartLabels() {}

    /** {@code text} in lines of at most {@link #LINE} characters, at most {@link #LINES} of them. */
    public static List<String> wrap(String text) {
        return wrap(text, LINE, LINES);
    }

    static List<String> wrap(String text, int width, int maxLines) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            // a word longer than a line (a URL, a 500-character artist name) is split where the line ends
            while (word.length() > width - (line.isEmpty() ? 0 : line.length() + 1)) {
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                    line.setLength(0);
                } else {
                    int cut = cutAt(word, width);
                    lines.add(word.substring(0, cut));
                    word = word.substring(cut);
                }
            }
            if (!word.isEmpty()) {
                line.append(line.isEmpty() ? "" : " ").append(word);
            }
        }
        if (!line.isEmpty() || lines.isEmpty()) {
            lines.add(line.toString());
        }
        if (lines.size() <= maxLines) {
            return lines;
        }
        List<String> shown = new ArrayList<>(lines.subList(0, maxLines));
        String last = shown.get(maxLines - 1);
        shown.set(
                maxLines - 1,
                (last.length() < width
                                ? last
                                : last.substring(0, cutAt(last, width - CUT.length()))
                                        .stripTrailing())
                        + CUT);
        return shown;
    }

    /** {@code at}, or one less so as not to split a character outside the BMP (an emoji) in two. */
    private static int cutAt(String text, int at) {
        return Character.isHighSurrogate(text.charAt(at - 1)) ? at - 1 : at;
    }
}
