package io.streamlab.pipeline.job.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Texts made to hit the worst case of the former implementation (minutes for 200 KB of {@code {{}): each
 * now goes through in one pass. Only the result is checked; the throughput is what
 * {@link TokenizerBenchmark} measures. The timeout is no speed check (each test takes about a second): a
 * return to quadratic time, minutes on these inputs, fails here instead of hanging the build.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TokenizerHostileInputTest {
    private static final int KB = 1024;
    private static final int MB = 1024 * KB;

    private final Tokenizer tokenizer = new Tokenizer(3, 20);

    private List<String> kw(String... texts) {
        return tokenizer.keywords(texts);
    }

    @Test
    void doubleBraces() {
        String braces = "{{".repeat(100 * KB); // 200 KB
        assertThat(kw("printer " + braces + " jammed")).containsExactly("printer", "jammed");
        assertThat(Tokenizer.stripMarkup(braces)).isEqualTo(braces);
        assertThat(kw("printer " + braces + "name}} jammed")).containsExactly("printer", "jammed");
        assertThat(Tokenizer.stripMarkup(braces + "}}")).isEqualTo(" ");
        assertThat(kw("{{name}} ".repeat(100 * KB) + "refund")).containsExactly("refund");
    }

    @Test
    void singleBraces() {
        String braces = "{".repeat(MB);
        assertThat(kw("printer " + braces + " jammed")).containsExactly("printer", "jammed");
        assertThat(Tokenizer.stripMarkup(braces + "name}")).isEqualTo("{".repeat(MB - 1) + " ");
        assertThat(kw("}".repeat(MB) + "printer")).containsExactly("printer");
        assertThat(kw("{a".repeat(MB / 2) + "}" + " printer")).containsExactly("printer");
    }

    @Test
    void angleBrackets() {
        String brackets = "<".repeat(MB);
        assertThat(kw("screen " + brackets + " flickers")).containsExactly("screen", "flickers");
        assertThat(Tokenizer.stripMarkup(brackets + "b>")).isEqualTo("<".repeat(MB - 1) + " ");
        assertThat(kw("<b>".repeat(MB / 3) + "screen")).containsExactly("screen");
    }

    @Test
    void ampersands() {
        String amps = "&".repeat(MB);
        assertThat(kw("screen " + amps + " flickers")).containsExactly("screen", "flickers");
        assertThat(Tokenizer.stripMarkup(amps + "nbsp;")).isEqualTo("&".repeat(MB - 1) + " ");
        assertThat(kw("&nbsp".repeat(MB / 5) + " screen &#x41;&#65;")).containsExactly("nbsp", "screen");
    }

    @Test
    void schemesWithoutEnd() {
        assertThat(kw("printer " + "a://".repeat(MB / 4) + " jammed")).containsExactly("printer", "jammed");
        assertThat(kw("printer " + "1://".repeat(MB / 4) + " jammed")).containsExactly("printer", "jammed");
        assertThat(kw("printer " + "a".repeat(MB) + "1://x jammed")).containsExactly("printer", "jammed");
        assertThat(kw("printer " + "www.".repeat(MB / 4) + " jammed")).containsExactly("printer", "jammed");
    }

    @Test
    void atSigns() {
        assertThat(kw("contact " + "@".repeat(MB) + " support")).containsExactly("contact", "support");
        assertThat(kw("abc@".repeat(MB / 4))).containsExactly("abc");
        assertThat(kw("contact " + "a@b.".repeat(MB / 4) + " support")).containsExactly("contact", "support");
        assertThat(kw("x".repeat(MB) + "@ support")).containsExactly("support");
    }

    @Test
    void apostrophes() {
        assertThat(kw("'".repeat(MB))).isEmpty();
        assertThat(kw("printer " + "'".repeat(MB) + " jammed")).containsExactly("printer", "jammed");
        assertThat(kw("l'".repeat(MB / 2) + "avion")).containsExactly("avion");
        assertThat(kw("qu'".repeat(MB / 3) + "imprimante")).containsExactly("imprimante");
        assertThat(kw("abc'".repeat(MB / 4))).containsExactly("abc");
        assertThat(kw("’".repeat(MB) + "printer's")).containsExactly("printer");
    }

    @Test
    void hugeWords() {
        assertThat(kw("a".repeat(MB) + " printer")).containsExactly("printer");
        assertThat(kw("printer " + "é".repeat(MB))).containsExactly("printer");
        assertThat(kw("\uD83D\uDE00".repeat(MB / 2) + " printer")).containsExactly("printer");
        assertThat(kw("\uD800".repeat(MB) + "printer" + "\uDC00".repeat(MB))).containsExactly("printer");
        assertThat(kw("Σ".repeat(MB) + " printer")).containsExactly("printer");
        assertThat(kw("ΟΔΥΣΣΕΥΣ ".repeat(MB / 9))).containsExactly("οδυσσευς");
    }

    @Test
    void combiningMarks() {
        String zalgo = "a" + "\u0301".repeat(MB / 2) + "\u0316".repeat(MB / 2);
        assertThat(kw("printer " + zalgo + " jammed")).containsExactly("printer", "jammed");
        assertThat(kw("e\u0301cran ".repeat(MB / 7))).containsExactly("écran");
        assertThat(kw(("e" + "\u0301\u0316".repeat(25) + " ").repeat(MB / 52) + "printer"))
                .containsExactly("printer");
    }

    @Test
    void mixedMarkup() {
        String mixed = "{{<&{<&a://@'l'".repeat(MB / 16);
        assertThat(kw("printer " + mixed + " jammed")).containsExactly("printer", "jammed");
    }
}
