package io.streamlab.pipeline.job.tickets;

import io.streamlab.pipeline.config.PipelineConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the free text of a ticket (subject, description) into keywords: normalised words without
 * markup, numbers or French and English stop words, each once, in order of first appearance.
 *
 * <ol>
 *   <li>Markup is removed before anything else, so it never becomes words: {@code {{name}}} and
 *       {@code {product_purchased}} placeholders, {@code <tags>}, HTML entities, URLs and e-mail
 *       addresses.</li>
 *   <li>The text is put in Unicode NFC (a decomposed {@code e + ́} becomes {@code é}) and lower-cased
 *       with {@link Locale#ROOT}. Accents are kept: {@code écran}, {@code facturé}, {@code straße}.</li>
 *   <li>Words are runs of letters, digits and apostrophes ({@code '}, {@code ’}, {@code ‘},
 *       {@code ʼ}); everything else separates words, hyphens included ({@code e-mail} gives
 *       {@code e} and {@code mail}).</li>
 *   <li>Apostrophes: a French elided article or pronoun is dropped ({@code l'application} gives
 *       {@code application}, {@code qu'il} gives {@code il}, then dropped as a stop word);
 *       English contractions are stop words ({@code don't}, {@code it's}) or lose their suffix
 *       ({@code 're}, {@code 've}, {@code 'll}, {@code 'd}, {@code 'm}, any {@code n't} word is
 *       dropped); a possessive {@code 's} or trailing {@code '} is removed ({@code customer's} gives
 *       {@code customer}). What still holds an apostrophe after that is split at it.</li>
 *   <li>A word is kept if it has at least one letter (digits-only words such as order numbers,
 *       amounts, years or error codes are dropped; letters with digits, such as {@code mp3},
 *       {@code ps5}, {@code 4g} or {@code windows10}, name products and are kept), has at least
 *       {@code minLength} and at most {@value #MAX_WORD_LENGTH} characters (longer runs are hashes or
 *       tokens, not words), and is not a stop word of {@code stopwords/fr.txt} or
 *       {@code stopwords/en.txt}.</li>
 * </ol>
 *
 * <p>Pure Java and deterministic: the same text gives the same keywords in the same order.
 * Serializable (only its two settings travel; the stop words are loaded once per JVM).
 */
public final class Tokenizer implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Longer letter runs are identifiers, hashes or encoded data, not words. */
    public static final int MAX_WORD_LENGTH = 40;

    /** The stop-word lists, as classpath resources. */
    public static final List<String> STOP_WORD_RESOURCES = List.of("/stopwords/fr.txt", "/stopwords/en.txt");

    private static final Pattern DOUBLE_BRACE_PLACEHOLDER = Pattern.compile("\\{\\{.*?}}", Pattern.DOTALL);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^{}]*}");
    private static final Pattern TAG = Pattern.compile("<[^<>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(?:[a-zA-Z]{2,8}|#\\d{1,7}|#x[0-9a-fA-F]{1,6});");

    /** French elided words before an apostrophe: l'avion, d'un, qu'il, jusqu'à, lorsqu'on... */
    private static final Set<String> FRENCH_ELISIONS = Set.of(
            "l", "d", "j", "qu", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu");

    /** English contraction suffixes whose stem is kept (usually a pronoun, then dropped as a stop word). */
    private static final List<String> ENGLISH_SUFFIXES = List.of("'re", "'ve", "'ll", "'d", "'m", "'s");

    private final int minLength;
    private final int maxKeywords;

    public Tokenizer(int minLength, int maxKeywords) {
        if (minLength < 1) {
            throw new IllegalArgumentException("minLength must be at least 1, got " + minLength);
        }
        if (maxKeywords < 1) {
            throw new IllegalArgumentException("maxKeywords must be at least 1, got " + maxKeywords);
        }
        this.minLength = minLength;
        this.maxKeywords = maxKeywords;
    }

    /** From {@code keywords.min-length} and {@code keywords.max-per-ticket}. */
    public static Tokenizer of(PipelineConfig.Tickets tickets) {
        return new Tokenizer(tickets.keywordMinLength(), tickets.maxKeywordsPerTicket());
    }

    public int minLength() {
        return minLength;
    }

    public int maxKeywords() {
        return maxKeywords;
    }

    /**
     * The keywords of a ticket: the distinct words of the texts (null texts are skipped), in order of
     * first appearance, at most {@code maxKeywords}.
     */
    public List<String> keywords(String... texts) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String text : texts) {
            if (text == null || text.isEmpty()) {
                continue;
            }
            if (!scan(text, distinct, true)) {
                break;
            }
        }
        return List.copyOf(distinct);
    }

    /** Every word of the text, repeats included, in order: what {@link #keywords} draws from. */
    public List<String> words(String text) {
        List<String> all = new ArrayList<>();
        if (text != null && !text.isEmpty()) {
            scan(text, all, false);
        }
        return all;
    }

    /** Adds the words of {@code text} to {@code out}; false once {@code out} is full (keywords only). */
    private boolean scan(String text, java.util.Collection<String> out, boolean bounded) {
        String clean = stripMarkup(text);
        if (mayNeedComposition(clean) && !Normalizer.isNormalized(clean, Normalizer.Form.NFC)) {
            clean = Normalizer.normalize(clean, Normalizer.Form.NFC);
        }
        clean = clean.toLowerCase(Locale.ROOT);
        int length = clean.length();
        int i = 0;
        StringBuilder token = new StringBuilder(32);
        while (i < length) {
            int cp = clean.codePointAt(i);
            i += Character.charCount(cp);
            if (isApostrophe(cp)) {
                token.append('\'');
            } else if (isWordChar(cp)) {
                token.appendCodePoint(cp);
            } else if (!token.isEmpty()) {
                // shorter than the minimum in chars: no word can come out of it, skip the String
                if (token.length() >= minLength && !emit(token.toString(), out, bounded)) {
                    return false;
                }
                token.setLength(0);
            }
        }
        return token.length() < minLength || emit(token.toString(), out, bounded);
    }

    /** Text made only of characters below U+0300 (Latin-1, Latin Extended) is always in NFC. */
    private static boolean mayNeedComposition(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= '\u0300') {
                return true;
            }
        }
        return false;
    }

    private boolean emit(String raw, java.util.Collection<String> out, boolean bounded) {
        String token = trimApostrophes(raw);
        if (token.isEmpty()) {
            return true;
        }
        if (token.indexOf('\'') >= 0) {
            if (isStopWord(token)) {
                return true;
            }
            token = dropElision(token);
            if (token.endsWith("n't")) {
                return true;
            }
            token = dropEnglishSuffix(token);
            if (token.indexOf('\'') >= 0 && !isStopWord(token)) {
                for (String part : token.split("'")) {
                    if (!add(part, out, bounded)) {
                        return false;
                    }
                }
                return true;
            }
        }
        return add(token, out, bounded);
    }

    private boolean add(String word, java.util.Collection<String> out, boolean bounded) {
        if (keep(word)) {
            out.add(word);
            return !bounded || out.size() < maxKeywords;
        }
        return true;
    }

    private boolean keep(String word) {
        int codePoints = word.codePointCount(0, word.length());
        if (codePoints < minLength || codePoints > MAX_WORD_LENGTH) {
            return false;
        }
        boolean letter = false;
        for (int i = 0; i < word.length() && !letter; ) {
            int cp = word.codePointAt(i);
            letter = Character.isLetter(cp);
            i += Character.charCount(cp);
        }
        return letter && !isStopWord(word);
    }

    /** {@code l'application} gives {@code application}; repeated ({@code qu'l'...}) it peels each one. */
    static String dropElision(String token) {
        String rest = token;
        int apostrophe = rest.indexOf('\'');
        while (apostrophe > 0 && apostrophe < rest.length() - 1
                && FRENCH_ELISIONS.contains(rest.substring(0, apostrophe))) {
            rest = rest.substring(apostrophe + 1);
            apostrophe = rest.indexOf('\'');
        }
        return rest;
    }

    static String dropEnglishSuffix(String token) {
        for (String suffix : ENGLISH_SUFFIXES) {
            if (token.endsWith(suffix) && token.length() > suffix.length()) {
                return token.substring(0, token.length() - suffix.length());
            }
        }
        return token;
    }

    private static String trimApostrophes(String token) {
        int start = 0;
        int end = token.length();
        while (start < end && token.charAt(start) == '\'') {
            start++;
        }
        while (end > start && token.charAt(end - 1) == '\'') {
            end--;
        }
        return token.substring(start, end);
    }

    private static boolean isWordChar(int cp) {
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        // combining marks left after NFC belong to their letter (Devanagari vowel signs, rare accents)
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    private static boolean isApostrophe(int cp) {
        return cp == '\'' || cp == '\u2019' || cp == '\u2018' || cp == '\u02BC';
    }

    /**
     * Removes what is not prose before tokenising: placeholders, tags, entities, URLs and e-mail
     * addresses become a space. Cheap checks first, so plain text costs no regular expression; URLs
     * and addresses are found by hand (around {@code ://}, {@code www.} and {@code @}), as a regular
     * expression for them would be tried at every position of every text.
     */
    public static String stripMarkup(String text) {
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
        s = stripUrls(s);
        if (s.indexOf('@') >= 0) {
            s = stripEmails(s);
        }
        return s;
    }

    /**
     * {@code scheme://...} (any scheme of letters, digits, '+', '.', '-' starting with a letter) and
     * {@code www....}, each at the start of a word, up to the next whitespace, '<', '>' or '"'.
     */
    static String stripUrls(String s) {
        int n = s.length();
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            int start = -1;
            if (c == ':' && i + 2 < n && s.charAt(i + 1) == '/' && s.charAt(i + 2) == '/') {
                int b = i;
                while (b > copied && isSchemeChar(s.charAt(b - 1))) {
                    b--;
                }
                while (b < i && !isAsciiLetter(s.charAt(b))) {
                    b++;
                }
                if (b < i && (b == 0 || !Character.isLetterOrDigit(s.charAt(b - 1)))) {
                    start = b;
                }
            } else if ((c == 'w' || c == 'W') && s.regionMatches(true, i, "www.", 0, 4)
                    && (i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1)))) {
                start = i;
            }
            if (start >= 0) {
                int end = i;
                while (end < n && !isUrlEnd(s.charAt(end))) {
                    end++;
                }
                if (out == null) {
                    out = new StringBuilder(n);
                }
                out.append(s, copied, start).append(' ');
                copied = end;
                i = end - 1;
            }
        }
        return out == null ? s : out.append(s, copied, n).toString();
    }

    /** {@code local@domain.tld}: local part of letters, digits and {@code ._%+-}; two domain labels or more. */
    static String stripEmails(String s) {
        int n = s.length();
        StringBuilder out = null;
        int copied = 0;
        int at = s.indexOf('@');
        while (at >= 0) {
            int start = at;
            while (start > copied && isLocalPartChar(s.charAt(start - 1))) {
                start--;
            }
            int end = domainEnd(s, at + 1);
            if (start < at && end > 0) {
                if (out == null) {
                    out = new StringBuilder(n);
                }
                out.append(s, copied, start).append(' ');
                copied = end;
                at = s.indexOf('@', end);
            } else {
                at = s.indexOf('@', at + 1);
            }
        }
        return out == null ? s : out.append(s, copied, n).toString();
    }

    /** The end of {@code label(.label)+} starting at {@code from}, or -1 when there is no such domain. */
    private static int domainEnd(String s, int from) {
        int n = s.length();
        int i = from;
        while (i < n && isDomainChar(s.charAt(i))) {
            i++;
        }
        if (i == from) {
            return -1;
        }
        int end = -1;
        while (i < n && s.charAt(i) == '.') {
            int j = i + 1;
            while (j < n && isDomainChar(s.charAt(j))) {
                j++;
            }
            if (j == i + 1) {
                break;
            }
            end = j;
            i = j;
        }
        return end;
    }

    private static boolean isSchemeChar(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isUrlEnd(char c) {
        return Character.isWhitespace(c) || c == '<' || c == '>' || c == '"';
    }

    private static boolean isLocalPartChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean isDomainChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-';
    }

    /** True for a word of either stop-word list (lower case, apostrophes written {@code '}). */
    public static boolean isStopWord(String word) {
        return StopWords.ALL.contains(word);
    }

    /** The union of the French and English lists. */
    public static Set<String> stopWords() {
        return StopWords.ALL;
    }

    /** Loaded on first use, once per JVM (class loading is thread-safe). */
    private static final class StopWords {
        static final Set<String> ALL = load();

        private static Set<String> load() {
            Set<String> words = new HashSet<>();
            for (String resource : STOP_WORD_RESOURCES) {
                try (InputStream in = Tokenizer.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("The stop-word list " + resource + " is missing from the jar");
                    }
                    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                    String line;
                    while ((line = reader.readLine()) != null) {
                        int comment = line.indexOf('#');
                        String word = (comment >= 0 ? line.substring(0, comment) : line).trim();
                        if (!word.isEmpty()) {
                            words.add(Normalizer.normalize(word, Normalizer.Form.NFC).toLowerCase(Locale.ROOT)
                                    .replace('\u2019', '\'').replace('\u2018', '\'').replace('\u02BC', '\''));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read the stop-word list " + resource, e);
                }
            }
            return Collections.unmodifiableSet(words);
        }
    }
}
