package io.streamlab.pipeline.job.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hand-written, linear-time parts of {@link Tokenizer} give exactly what the obvious (and, on hostile
 * input, quadratic) implementations give: the former regular expressions for markup, the JDK's NFC and
 * lower-casing on whole texts. The references are only cheap on the small texts drawn here. Properties run
 * on seeded random texts ({@link RandomTexts}): a failure names the try and seed that reproduce it.
 */
class TokenizerEquivalenceTest {

    /** The former implementation of {@link Tokenizer#stripMarkup}, the reference. */
    static final class RegexReference {
        private static final Pattern DOUBLE_BRACE_PLACEHOLDER = Pattern.compile("\\{\\{.*?}}", Pattern.DOTALL);
        private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^{}]*}");
        private static final Pattern TAG = Pattern.compile("<[^<>]*>");
        private static final Pattern ENTITY = Pattern.compile("&(?:[a-zA-Z]{2,8}|#\\d{1,7}|#x[0-9a-fA-F]{1,6});");

        static String stripMarkup(String text) {
            String s = text;
            if (s.indexOf('{') >= 0) {
                s = DOUBLE_BRACE_PLACEHOLDER.matcher(s).replaceAll(" ");
                s = PLACEHOLDER.matcher(s).replaceAll(" ");
            }
            if (s.indexOf('<') >= 0) {
                s = TAG.matcher(s).replaceAll(" ");
            }
            if (s.indexOf('&') >= 0) {
                s = ENTITY.matcher(s).replaceAll(" ");
            }
            s = Tokenizer.stripUrls(s);
            if (s.indexOf('@') >= 0) {
                s = Tokenizer.stripEmails(s);
            }
            return s;
        }
    }

    /** Markup characters, letters of entities and URLs, digits, spaces, apostrophes, accents. */
    static final String MARKUP_ALPHABET = "{{{}}}<<>>&&;;##xxX@@..::///wwWaAbBfFzZ019 \n\t'’éÉè\u0301-_+\"%=?ç";

    static final List<String> MARKUP_FRAGMENTS = List.of(
            "{{",
            "}}",
            "{",
            "}",
            "<",
            ">",
            "</",
            "/>",
            "&",
            ";",
            "&amp;",
            "&nbsp;",
            "&#",
            "&#x",
            "&#233;",
            "&#xE9;",
            "&abcdefghi;",
            "#",
            "x",
            "1234567",
            "12345678",
            "abcdef",
            "name",
            " ",
            "\n",
            "'",
            "’",
            "é",
            "e\u0301",
            "http://",
            "https://",
            "a://",
            "1://",
            "://",
            "www.",
            "WWW.",
            "@",
            ".",
            "a.b",
            "-",
            "jean.dupont",
            "example.fr",
            "\"",
            "{{ name }}",
            "{product}",
            "<b>",
            "l'",
            "don't",
            "Ü",
            "\uD83D\uDE00",
            "\uD800");

    private static void stripMarkupEqualsTheRegexReference(String text) {
        assertThat(Tokenizer.stripMarkup(text)).isEqualTo(RegexReference.stripMarkup(text));
    }

    @Test
    void stripMarkupEqualsTheRegexReferenceOnMarkupCharacters() {
        RandomTexts.forAll(
                0xE0_01L,
                2000,
                r -> r.chars(MARKUP_ALPHABET, 0, 200),
                TokenizerEquivalenceTest::stripMarkupEqualsTheRegexReference);
    }

    @Test
    void stripMarkupEqualsTheRegexReferenceOnMarkupFragments() {
        RandomTexts.forAll(
                0xE0_02L,
                2000,
                r -> r.join(MARKUP_FRAGMENTS, 60),
                TokenizerEquivalenceTest::stripMarkupEqualsTheRegexReference);
    }

    @Test
    void stripMarkupEqualsTheRegexReferenceOnAnyText() {
        RandomTexts.forAll(
                0xE0_03L, 500, r -> r.anyChars(200), TokenizerEquivalenceTest::stripMarkupEqualsTheRegexReference);
    }

    @Test
    void stripMarkupOnTicketTexts() {
        for (String text : TestTickets.DESCRIPTIONS) {
            assertThat(Tokenizer.stripMarkup(text)).isEqualTo(RegexReference.stripMarkup(text));
        }
        for (String text : List.of(
                "I bought {product_purchased} and {{name}} said {{ customer.name }} {Product Name}",
                "<p>The <b>screen</b>&nbsp;flickers</p><br/>",
                "{{a}b}}c}}",
                "{{{x}}}",
                "{{}}}",
                "{a{b}c}",
                "{{x}",
                "<a<b>c>",
                "&amp&amp;&#;&#x;&#12345678;&#1234567;&#xABCDEF;&#xABCDEFA;&a;&ab;&abcdefgh;&abcdefghi;",
                "&#X41; &#x41; &#0; &AMP;",
                "multi {{line\nplaceholder}} here")) {
            assertThat(Tokenizer.stripMarkup(text)).as(text).isEqualTo(RegexReference.stripMarkup(text));
        }
    }

    /** Combining marks, precomposed letters, Hangul jamo, Greek with its accents and iota subscript. */
    static final String NFC_ALPHABET = "aeoAEOéÉ \u0301\u0300\u0302\u0308\u0316\u0323\u0327\u0345\u0344\u0340"
            + "\u1100\u1161\u11A8\uAC00ΑΣσωΩ\u212B\u2126\u0F71\u0F72\u0F73\u093F\u0915\u20DD";

    private static void nfcEqualsTheJdk(String text) {
        assertThat(Tokenizer.nfc(text)).isEqualTo(Normalizer.normalize(text, Normalizer.Form.NFC));
    }

    @Test
    void nfcEqualsTheJdkWhenNoRunOfMarksIsTooLong() {
        // up to 12 times a base of 1 to 3 characters then up to 15 marks: at most 30 marks in a row
        RandomTexts.forAll(
                0xE0_04L,
                1000,
                r -> r.concat(
                        12,
                        () -> r.chars("aeoAEOé \u1100\u1161\u11A8ΑΣωΩ\u212B", 1, 3)
                                + r.chars("\u0301\u0300\u0302\u0308\u0316\u0323\u0327\u0345\u0344", 0, 15)),
                TokenizerEquivalenceTest::nfcEqualsTheJdk);
    }

    @Test
    void nfcEqualsTheJdkOnShortRandomText() {
        RandomTexts.forAll(
                0xE0_05L, 1000, r -> r.chars(NFC_ALPHABET, 0, 30), TokenizerEquivalenceTest::nfcEqualsTheJdk);
    }

    @Test
    void nfcOfALongRunOfMarksIsLinearAndKeepsEveryMark() {
        String zalgo = "a" + "\u0301".repeat(100_000) + "\u0316".repeat(100_000);
        String nfc = Tokenizer.nfc(zalgo);
        assertThat(nfc).startsWith("\u00E1").hasSize(zalgo.length() - 1);
        assertThat(nfc.chars().filter(c -> c == '\u0316').count()).isEqualTo(100_000);
    }

    /** Greek capitals with sigma, lower case, accents, marks, apostrophes, punctuation, digits, spaces. */
    static final String GREEK_ALPHABET = "ΣΣΣΑΒΟσςαά\u0301\u0345'’.:,-1 \n\u00A0aAİ\u00AD\u200D";

    private static void lowerCaseEqualsTheJdk(String text) {
        assertThat(Tokenizer.lowerCase(text)).isEqualTo(text.toLowerCase(Locale.ROOT));
    }

    @Test
    void lowerCaseEqualsTheJdkWhenNoRunIsTooLong() {
        String runAlphabet = GREEK_ALPHABET.replace(" ", "").replace("\n", "");
        List<String> spaces = List.of(" ", "\n", "  ", "\t", " \u0301", " \u0345");
        // up to 12 runs between spaces: at most MAX_SIGMA_RUN / 4 characters each
        RandomTexts.forAll(
                0xE0_06L,
                2000,
                r -> r.concat(12, () -> r.chars(runAlphabet, 0, Tokenizer.MAX_SIGMA_RUN / 4) + r.pick(spaces)),
                TokenizerEquivalenceTest::lowerCaseEqualsTheJdk);
    }

    @Test
    void lowerCaseEqualsTheJdkOnShortRandomText() {
        RandomTexts.forAll(
                0xE0_07L,
                1000,
                r -> r.chars(GREEK_ALPHABET, 0, Tokenizer.MAX_SIGMA_RUN),
                TokenizerEquivalenceTest::lowerCaseEqualsTheJdk);
    }

    @Test
    void lowerCaseOfALongRunWithSigmas() {
        assertThat(Tokenizer.lowerCase("ΟΔΥΣΣΕΥΣ ".repeat(100_000))).isEqualTo("οδυσσευς ".repeat(100_000));
        String sigmas = Tokenizer.lowerCase("Σ".repeat(1_000_000));
        assertThat(sigmas).isEqualTo("σ".repeat(999_999) + "ς");
        assertThat(Tokenizer.lowerCase("ΑΣ,".repeat(100) + "ΑΣ1Β")).isEqualTo("ας,".repeat(100) + "ας1β");
    }

    /**
     * The former word splitting, the reference for the index-based one: a copy of each character into a
     * builder, apostrophes as {@code '}, then the same {@link Tokenizer#emit}.
     */
    static List<String> formerWords(Tokenizer tokenizer, String text) {
        List<String> all = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return all;
        }
        String clean = Tokenizer.lowerCase(Tokenizer.nfc(Tokenizer.stripMarkup(text)));
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < clean.length(); ) {
            int cp = clean.codePointAt(i);
            i += Character.charCount(cp);
            if (Tokenizer.isApostrophe(cp)) {
                token.append('\'');
            } else if (Tokenizer.isWordChar(cp)) {
                token.appendCodePoint(cp);
            } else if (!token.isEmpty()) {
                if (token.length() >= tokenizer.minLength()) {
                    tokenizer.emit(token.toString(), all, false);
                }
                token.setLength(0);
            }
        }
        if (token.length() >= tokenizer.minLength()) {
            tokenizer.emit(token.toString(), all, false);
        }
        return all;
    }

    /** Apostrophes of every kind, inside, around and between words, with marks, surrogates and markup. */
    static final String WORD_ALPHABET = "abcéÉœ1 '\u2019\u2018\u02BC-.,\u0301\u00A0\u2013\uD83D\uDE00\uD800ΣİK";

    @Test
    void wordsEqualTheFormerSplittingOnWordsAndApostrophes() {
        for (int minLength : new int[] {1, 2, 3}) {
            Tokenizer tokenizer = new Tokenizer(minLength, 20);
            RandomTexts.forAll(
                    0xE0_08L + minLength,
                    2000,
                    r -> r.chars(WORD_ALPHABET, 0, 60),
                    text -> assertThat(tokenizer.words(text)).isEqualTo(formerWords(tokenizer, text)));
        }
    }

    @Test
    void wordsEqualTheFormerSplittingOnAnyText() {
        Tokenizer tokenizer = new Tokenizer(2, 20);
        RandomTexts.forAll(
                0xE0_0BL,
                2000,
                r -> r.anyChars(200),
                text -> assertThat(tokenizer.words(text)).isEqualTo(formerWords(tokenizer, text)));
        for (String text : TestTickets.DESCRIPTIONS) {
            assertThat(tokenizer.words(text)).isEqualTo(formerWords(tokenizer, text));
        }
    }

    /**
     * {@link Tokenizer#mayNeedComposition} lets text through without normalising it when it only holds
     * characters below U+0300 and from {@link Tokenizer#NFC_INERT_FROM} to {@link Tokenizer#NFC_INERT_TO}:
     * each of those is in NFC and stays as it is after any character of the BMP.
     */
    @Test
    void theCharactersLeftUnnormalisedNeverComposeWithTheCharacterBefore() {
        for (char c = Tokenizer.NFC_INERT_FROM; c <= Tokenizer.NFC_INERT_TO; c++) {
            String inert = String.valueOf(c);
            assertThat(Normalizer.isNormalized(inert, Normalizer.Form.NFC))
                    .as("U+%04X", (int) c)
                    .isTrue();
            for (char before = 0; before < 0xFFFF; before++) {
                if (Character.isSurrogate(before)) {
                    continue;
                }
                String b = String.valueOf(before);
                String expected = Normalizer.normalize(b, Normalizer.Form.NFC) + inert;
                if (!Normalizer.normalize(b + inert, Normalizer.Form.NFC).equals(expected)) {
                    throw new AssertionError(String.format("U+%04X composes after U+%04X", (int) c, (int) before));
                }
            }
        }
        assertThat(Tokenizer.mayNeedComposition("l\u2019écran \u2013 « 20 € » \u2026"))
                .isFalse();
        assertThat(Tokenizer.mayNeedComposition("e\u0301")).isTrue();
        assertThat(Tokenizer.mayNeedComposition("\u2001")).isTrue();
        assertThat(Tokenizer.mayNeedComposition("\u20D0")).isTrue();
    }

    @Test
    void nfcEqualsTheJdkWithTypographicPunctuation() {
        RandomTexts.forAll(
                0xE0_0CL,
                1000,
                r -> r.chars(NFC_ALPHABET + "\u2019\u2013\u20AC\u2001\u2000\u20CF\u20D0", 0, 30),
                TokenizerEquivalenceTest::nfcEqualsTheJdk);
    }
}
