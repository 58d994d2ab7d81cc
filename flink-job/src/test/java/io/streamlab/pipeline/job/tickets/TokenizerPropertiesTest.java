package io.streamlab.pipeline.job.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Whatever the text (random unicode with lone surrogates, ticket texts mutated with markup, huge texts),
 * {@link Tokenizer#keywords} never throws and returns at most {@code maxKeywords} distinct keywords, each
 * a plausible word: between {@code minLength} and {@value Tokenizer#MAX_WORD_LENGTH} code points,
 * lower case, no stop word, at least one letter, no white space, no apostrophe, no markup character.
 * Properties run on seeded random texts ({@link RandomTexts}): a failure names the try and seed that
 * reproduce it.
 */
class TokenizerPropertiesTest {

    /** A text, a minimum length of 1 to 5 and a maximum number of keywords of 1 to 30. */
    record Input(String text, int minLength, int maxKeywords) {
        static Input of(RandomTexts r, String text) {
            return new Input(text, r.length(1, 5), r.length(1, 30));
        }
    }

    @Test
    void keywordsOfAnyText() {
        RandomTexts.forAll(
                0xF0_01L,
                1000,
                r -> Input.of(r, anyText(r)),
                in -> checkKeywords(new Tokenizer(in.minLength(), in.maxKeywords()), in.text()));
    }

    @Test
    void keywordsOfMutatedTickets() {
        RandomTexts.forAll(
                0xF0_02L,
                1000,
                r -> Input.of(r, mutatedTicket(r)),
                in -> checkKeywords(new Tokenizer(in.minLength(), in.maxKeywords()), in.text()));
    }

    @Test
    void keywordsOfHugeTexts() {
        RandomTexts.forAll(0xF0_03L, 6, TokenizerPropertiesTest::hugeText, text -> {
            checkKeywords(new Tokenizer(3, 20), text);
            checkKeywords(new Tokenizer(1, 1000), text);
        });
    }

    @Test
    void keywordsOfSeveralTexts() {
        RandomTexts.forAll(0xF0_04L, 300, r -> List.of(mutatedTicket(r), anyText(r)), texts -> {
            String subject = texts.get(0);
            String description = texts.get(1);
            Tokenizer tokenizer = new Tokenizer(3, 20);
            List<String> keywords = tokenizer.keywords(subject, null, description);
            checkKeywords(tokenizer, keywords);
            List<String> ofSubject = tokenizer.keywords(subject);
            assertThat(keywords.subList(0, ofSubject.size()))
                    .as("the subject's keywords first")
                    .isEqualTo(ofSubject);
        });
    }

    private static void checkKeywords(Tokenizer tokenizer, String text) {
        List<String> keywords = tokenizer.keywords(text);
        checkKeywords(tokenizer, keywords);
        List<String> words = tokenizer.words(text);
        assertThat(words).allSatisfy(word -> checkWord(tokenizer, word));
        List<String> expected =
                words.stream().distinct().limit(tokenizer.maxKeywords()).toList();
        assertThat(keywords).as("the first distinct words").isEqualTo(expected);
    }

    private static void checkKeywords(Tokenizer tokenizer, List<String> keywords) {
        assertThat(keywords).hasSizeLessThanOrEqualTo(tokenizer.maxKeywords()).doesNotHaveDuplicates();
        assertThat(keywords).allSatisfy(word -> checkWord(tokenizer, word));
    }

    private static void checkWord(Tokenizer tokenizer, String word) {
        int codePoints = word.codePointCount(0, word.length());
        assertThat(codePoints).as(word).isBetween(tokenizer.minLength(), Tokenizer.MAX_WORD_LENGTH);
        assertThat(word.toLowerCase(Locale.ROOT)).as("lower case").isEqualTo(word);
        assertThat(Tokenizer.isStopWord(word)).as("stop word %s", word).isFalse();
        assertThat(word.codePoints().anyMatch(Character::isLetter))
                .as("a letter in %s", word)
                .isTrue();
        assertThat(word.codePoints().noneMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp)))
                .as("no white space in %s", word)
                .isTrue();
        assertThat(word).doesNotContain("'", "’", "{", "}", "<", ">", "&", "@", "/", ":");
    }

    /** Up to 300 chars: any UTF-16 (lone surrogates too), well-formed text, or markup, Greek and marks. */
    static String anyText(RandomTexts r) {
        return r.oneOf(
                () -> r.anyChars(300),
                () -> r.codePoints(300),
                () -> r.chars(
                        TokenizerEquivalenceTest.MARKUP_ALPHABET
                                + TokenizerEquivalenceTest.GREEK_ALPHABET
                                + TokenizerEquivalenceTest.NFC_ALPHABET,
                        0,
                        300));
    }

    private static final List<String> SPECIAL_FRAGMENTS = List.of(
            "Σ",
            "ΟΔΥΣΣΕΥΣ",
            "\u0301",
            "\u0345",
            "İ",
            "ß",
            "ǅ",
            "l'",
            "qu'",
            "n't",
            "'s",
            "’",
            "don't",
            "jusqu'à",
            "aujourd'hui",
            "x".repeat(41),
            "é".repeat(40),
            "12345",
            "mp3");

    /** A ticket text with up to 8 fragments of markup, unicode or words, repeated 1 to 20 times, inserted. */
    static String mutatedTicket(RandomTexts r) {
        return r.mutate(
                r.pick(TestTickets.DESCRIPTIONS),
                8,
                () -> r.oneOf(
                        () -> r.pick(TokenizerEquivalenceTest.MARKUP_FRAGMENTS),
                        () -> r.anyChars(5),
                        () -> r.pick(SPECIAL_FRAGMENTS)));
    }

    private static final List<String> HOSTILE_UNITS =
            List.of("{{", "{", "<", "&", "'", "l'", "a://", "@", "a@b.", "Σ", "\u0301\u0316", "www.", "x");

    /** 10 K to 100 K chars: ticket texts, random unicode and hostile runs of up to 20,000 units, mixed. */
    static String hugeText(RandomTexts r) {
        return r.big(
                10_000,
                100_000,
                () -> r.oneOf(
                        () -> r.pick(TestTickets.DESCRIPTIONS),
                        () -> r.anyChars(2000),
                        () -> r.pick(HOSTILE_UNITS).repeat(r.between(1, 20_000))));
    }
}
