package io.streamlab.pipeline.job.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever the text (random unicode with lone surrogates, ticket texts mutated with markup, huge texts),
 * {@link Tokenizer#keywords} never throws and returns at most {@code maxKeywords} distinct keywords, each
 * a plausible word: between {@code minLength} and {@value Tokenizer#MAX_WORD_LENGTH} code points,
 * lower case, no stop word, at least one letter, no white space, no apostrophe, no markup character.
 */
class TokenizerPropertiesTest {

    @Property(tries = 1000)
    void keywordsOfAnyText(@ForAll("anyText") String text, @ForAll @IntRange(min = 1, max = 5) int minLength,
                           @ForAll @IntRange(min = 1, max = 30) int maxKeywords) {
        checkKeywords(new Tokenizer(minLength, maxKeywords), text);
    }

    @Property(tries = 1000)
    void keywordsOfMutatedTickets(@ForAll("mutatedTicket") String text,
                                  @ForAll @IntRange(min = 1, max = 5) int minLength,
                                  @ForAll @IntRange(min = 1, max = 30) int maxKeywords) {
        checkKeywords(new Tokenizer(minLength, maxKeywords), text);
    }

    @Property(tries = 6)
    void keywordsOfHugeTexts(@ForAll("hugeText") String text) {
        checkKeywords(new Tokenizer(3, 20), text);
        checkKeywords(new Tokenizer(1, 1000), text);
    }

    @Property(tries = 300)
    void keywordsOfSeveralTexts(@ForAll("mutatedTicket") String subject, @ForAll("anyText") String description) {
        Tokenizer tokenizer = new Tokenizer(3, 20);
        List<String> keywords = tokenizer.keywords(subject, null, description);
        checkKeywords(tokenizer, keywords);
        List<String> ofSubject = tokenizer.keywords(subject);
        assertThat(keywords.subList(0, ofSubject.size())).as("the subject's keywords first").isEqualTo(ofSubject);
    }

    private static void checkKeywords(Tokenizer tokenizer, String text) {
        List<String> keywords = tokenizer.keywords(text);
        checkKeywords(tokenizer, keywords);
        List<String> words = tokenizer.words(text);
        assertThat(words).allSatisfy(word -> checkWord(tokenizer, word));
        List<String> expected = words.stream().distinct().limit(tokenizer.maxKeywords()).toList();
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
        assertThat(word.codePoints().anyMatch(Character::isLetter)).as("a letter in %s", word).isTrue();
        assertThat(word.codePoints().noneMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp)))
                .as("no white space in %s", word).isTrue();
        assertThat(word).doesNotContain("'", "’", "{", "}", "<", ">", "&", "@", "/", ":");
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().withChars(TokenizerEquivalenceTest.MARKUP_ALPHABET
                        + TokenizerEquivalenceTest.GREEK_ALPHABET + TokenizerEquivalenceTest.NFC_ALPHABET)
                        .ofMaxLength(300));
    }

    /** A ticket text with fragments of markup, unicode or repeats inserted at random places. */
    @Provide
    Arbitrary<String> mutatedTicket() {
        Arbitrary<String> ticket = Arbitraries.of(TestTickets.DESCRIPTIONS);
        Arbitrary<String> fragment = Arbitraries.oneOf(
                Arbitraries.of(TokenizerEquivalenceTest.MARKUP_FRAGMENTS),
                Arbitraries.strings().all().ofMaxLength(5),
                Arbitraries.of("Σ", "ΟΔΥΣΣΕΥΣ", "\u0301", "\u0345", "İ", "ß", "ǅ", "l'", "qu'", "n't", "'s", "’",
                        "don't", "jusqu'à", "aujourd'hui", "x".repeat(41), "é".repeat(40), "12345", "mp3"));
        Arbitrary<Mutation> mutation = Combinators.combine(
                        fragment, Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(1, 20))
                .as(Mutation::new);
        return Combinators.combine(ticket, mutation.list().ofMaxSize(8)).as(TokenizerPropertiesTest::mutate);
    }

    record Mutation(String fragment, int position, int repeat) {
    }

    static String mutate(String text, List<Mutation> mutations) {
        StringBuilder s = new StringBuilder(text);
        for (Mutation m : mutations) {
            int at = s.length() == 0 ? 0 : m.position() % (s.length() + 1);
            // never inside a surrogate pair of the ticket text
            if (at > 0 && at < s.length() && Character.isLowSurrogate(s.charAt(at))) {
                at--;
            }
            s.insert(at, m.fragment().repeat(m.repeat()));
        }
        return s.toString();
    }

    /** 10 KB to 100 KB: a ticket text, random unicode and hostile runs, repeated and mixed. */
    @Provide
    Arbitrary<String> hugeText() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of(TestTickets.DESCRIPTIONS),
                Arbitraries.strings().all().ofMaxLength(2000),
                Arbitraries.of("{{", "{", "<", "&", "'", "l'", "a://", "@", "a@b.", "Σ", "\u0301\u0316", "www.", "x")
                        .flatMap(unit -> Arbitraries.integers().between(1, 20_000).map(unit::repeat)));
        return piece.list().ofMinSize(1).ofMaxSize(30).map(parts -> {
            List<String> kept = new ArrayList<>();
            int length = 0;
            for (String part : parts) {
                if (length + part.length() > 100_000) {
                    break;
                }
                kept.add(part);
                length += part.length();
            }
            return String.join(" ", kept);
        }).filter(s -> s.length() >= 10_000);
    }
}
