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
            assertThat(NumberText.whole(l + ".000")).isEqualTo(l);
            assertThat(NumberText.whole(new java.math.BigDecimal(l).movePointLeft(3) + "e3"))
                    .isEqualTo(l);
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
        // a whole number in text is read exactly: a fraction a double would round away is still a fraction
        for (String text : new String[] {
            "2.5",
            "4.0000000000000001",
            "0.99999999999999999",
            "72.999999999999999999",
            "1e-400",
            "1e19",
            "9223372036854775808",
            "-9223372036854775809",
            "1e999999999",
            "1e-999999999",
            "1e-2147483649",
            "1" + "0".repeat(NumberText.MAX_WHOLE_CHARS)
        }) {
            assertThatThrownBy(() -> NumberText.whole(text)).as(text).isInstanceOf(NumberFormatException.class);
        }
        assertThat(NumberText.whole("9007199254740993.0")).isEqualTo(9_007_199_254_740_993L);
        assertThat(NumberText.whole("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(NumberText.whole("-9.223372036854775808e18")).isEqualTo(Long.MIN_VALUE);
        assertThat(NumberText.whole("0e999999999")).isZero();
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
