package io.streamlab.pipeline.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A number in text is plain ASCII decimal notation, the same for the job's parser and the producer's files. */
class NumberTextTest {
    @Test
    void takesWhatJavaWritesAndTheUsualDecimalForms() {
        SplittableRandom random = new SplittableRandom(20_261_202L);
        for (int i = 0; i < 20_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(d)) {
                assertThat(NumberText.decimal(Double.toString(d))).isEqualTo(d);
            }
            long l = random.nextLong();
            assertThat(NumberText.whole(Long.toString(l))).isEqualTo(l);
            long exact = random.nextLong(-(1L << 53) + 1, 1L << 53);
            assertThat(NumberText.whole(exact + ".0")).isEqualTo(exact);
        }
        assertThat(NumberText.decimal(" .5 ")).isEqualTo(0.5);
        assertThat(NumberText.decimal("+1E3")).isEqualTo(1000.0);
        assertThat(NumberText.whole("+42")).isEqualTo(42L);
        assertThat(NumberText.whole("4.2e1")).isEqualTo(42L);
        assertThat(NumberText.whole(" 007 ")).isEqualTo(7L);
    }

    @Test
    void refusesWhatJavasParsersAlsoTake() {
        for (String text : new String[] {
            "0x1p6",
            "120d",
            "0.5f",
            "NaN",
            "Infinity",
            "-Infinity",
            "1_000",
            "",
            " ",
            "-",
            "+",
            "e5",
            "1e",
            "--1",
            "\u0665\u0660",
            "\uff11\uff17",
            "\u00a012",
            "1 2"
        }) {
            assertThat(NumberText.decimal(text)).as(text).isNaN();
            assertThatThrownBy(() -> NumberText.whole(text)).as(text).isInstanceOf(NumberFormatException.class);
        }
        // whole, but not exactly: the parse already rounded it
        assertThatThrownBy(() -> NumberText.whole("9007199254740993.0")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> NumberText.whole("1e19")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> NumberText.whole("9223372036854775808")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> NumberText.whole("2.5")).isInstanceOf(NumberFormatException.class);
    }

    /** Any text: NaN or Java's value of it, and then only ASCII decimal characters. */
    @Test
    void randomTextIsPlainDecimalOrNothing() {
        String alphabet = "0123456789.+-eExXpPdDfF_ \u0665\uff11\u00a0IN";
        SplittableRandom random = new SplittableRandom(7L);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(8); k > 0; k--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String t = text.toString();
            double d = NumberText.decimal(t);
            if (!Double.isNaN(d)) {
                assertThat(t.trim()).as(t).matches("[0-9.+\\-eE]+");
                assertThat(d).as(t).isEqualTo(Double.parseDouble(t));
            }
        }
    }
}
