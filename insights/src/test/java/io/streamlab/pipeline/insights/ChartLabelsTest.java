package io.streamlab.pipeline.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChartLabelsTest {

    @Test
    void aShortLabelIsOneLineAsItIs() {
        assertThat(ChartLabels.wrap("pop")).containsExactly("pop");
        assertThat(ChartLabels.wrap("client_tickets: late")).containsExactly("client_tickets: late");
    }

    @Test
    void aLongLabelIsWrappedOnWordsAndKeepsEveryWord() {
        String reason = "spotify-tracks: field 'timestamp' must be a whole number";
        List<String> lines = ChartLabels.wrap(reason);
        assertThat(lines)
                .hasSizeBetween(2, ChartLabels.LINES)
                .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(ChartLabels.LINE));
        assertThat(lines).containsExactly("spotify-tracks: field", "'timestamp' must be a whole", "number");
        assertThat(String.join(" ", lines)).isEqualTo(reason);
    }

    @Test
    void aLabelTooLongForItsLinesLosesItsEndNotItsStart() {
        String reason = "spotify-tracks: " + "word ".repeat(60).strip();
        List<String> lines = ChartLabels.wrap(reason);
        assertThat(lines)
                .hasSize(ChartLabels.LINES)
                .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(ChartLabels.LINE));
        assertThat(lines.get(0)).startsWith("spotify-tracks: word");
        String shown = String.join(" ", lines);
        assertThat(shown).endsWith("…");
        assertThat(reason).startsWith(shown.substring(0, shown.length() - 1));
    }

    @Test
    void aWordLongerThanALineIsSplitWhereTheLineEnds() {
        String name = "A".repeat(50) + "B".repeat(50);
        List<String> lines = ChartLabels.wrap(name, 36, 3);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("A".repeat(36));
        assertThat(lines.get(1)).isEqualTo("A".repeat(14) + "B".repeat(22));
        assertThat(lines.get(2)).isEqualTo("B".repeat(28));
        assertThat(ChartLabels.wrap("x".repeat(500), 36, 3).get(2)).isEqualTo("x".repeat(35) + "…");
    }

    @Test
    void aCharacterOutsideTheBasicPlaneIsNeverCutInTwo() {
        String name = "a".repeat(35) + "😀" + "b".repeat(10);
        List<String> lines = ChartLabels.wrap(name, 36, 3);
        assertThat(lines).containsExactly("a".repeat(35), "😀" + "b".repeat(10));
    }
}
