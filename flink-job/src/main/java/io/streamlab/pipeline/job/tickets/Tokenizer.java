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
    public static final int MAX_WORD_LENGTH = PipelineConfig.Tickets.MAX_KEYWORD_LENGTH;

    /** The stop-word lists, as classpath resources. */
    public static final List<String> STOP_WORD_RESOURCES = List.of("/stopwords/fr.txt", "/stopwords/en.txt");

    /**
     * Runs of combining marks longer than this are normalised in pieces of this many marks (the limit of
     * the Unicode Stream-Safe Text Format, UAX #15): the JDK's NFC reorders a run of marks by insertion,
     * quadratic in its length, and no real text has more than a handful of marks in a row.
     */
    static final int MAX_MARK_RUN = 30;

    /**
     * A run of non-space characters holding a capital sigma is lower-cased by the JDK only up to this
     * length: {@link String#toLowerCase} looks for the word boundaries around every {@code Σ} from the
     * start of its word, quadratic in the word's length. Longer runs use {@link #lowerCaseSigma}.
     */
    static final int MAX_SIGMA_RUN = 64;

    /** French elided words before an apostrophe: l'avion, d'un, qu'il, jusqu'à, lorsqu'on... */
    private static final Set<String> FRENCH_ELISIONS =
            Set.of("l", "d", "j", "qu", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu");

    /** Longest French elided word ({@code lorsqu}, {@code puisqu}...): a longer prefix is none of them. */
    private static final int MAX_ELISION_LENGTH =
            FRENCH_ELISIONS.stream().mapToInt(String::length).max().orElse(0);

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
        String clean = lowerCase(nfc(stripMarkup(text)));
        int length = clean.length();
        // a token is clean[start, i): no copy per character, one substring per token long enough
        int start = -1;
        boolean typographicApostrophe = false;
        int i = 0;
        while (i < length) {
            char c = clean.charAt(i);
            boolean apostrophe;
            boolean wordChar;
            int width = 1;
            if (c < 0x80) {
                apostrophe = c == '\'';
                wordChar = ASCII_WORD_CHAR[c];
            } else {
                int cp = clean.codePointAt(i);
                width = Character.charCount(cp);
                apostrophe = isApostrophe(cp);
                wordChar = !apostrophe && isWordChar(cp);
                typographicApostrophe |= apostrophe;
            }
            if (apostrophe || wordChar) {
                if (start < 0) {
                    start = i;
                }
            } else if (start >= 0) {
                // shorter than the minimum in chars: no word can come out of it, skip the String
                if (i - start >= minLength && !emit(token(clean, start, i, typographicApostrophe), out, bounded)) {
                    return false;
                }
                start = -1;
                typographicApostrophe = false;
            }
            i += width;
        }
        return start < 0
                || length - start < minLength
                || emit(token(clean, start, length, typographicApostrophe), out, bounded);
    }

    /** {@code text[start, end)} with every apostrophe as {@code '}. */
    private static String token(String text, int start, int end, boolean typographicApostrophe) {
        if (!typographicApostrophe) {
            return text.substring(start, end);
        }
        char[] chars = text.substring(start, end).toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (isApostrophe(chars[i])) {
                chars[i] = '\'';
            }
        }
        return new String(chars);
    }

    /** Letters and digits among the ASCII characters: the word characters below U+0080. */
    private static final boolean[] ASCII_WORD_CHAR = new boolean[0x80];

    static {
        for (char c = 0; c < 0x80; c++) {
            ASCII_WORD_CHAR[c] = Character.isLetterOrDigit(c);
        }
    }

    /**
     * The text in Unicode NFC. A run of more than {@value #MAX_MARK_RUN} combining marks (only found in
     * garbage such as "Zalgo" text) is cut after every {@value #MAX_MARK_RUN} marks and the pieces are
     * normalised one by one, so the time stays linear; any other text is normalised as a whole.
     */
    static String nfc(String s) {
        if (!mayNeedComposition(s)) {
            return s;
        }
        StringBuilder out = null;
        int from = 0;
        int marks = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (isMark(cp)) {
                if (++marks > MAX_MARK_RUN) {
                    if (out == null) {
                        out = new StringBuilder(s.length());
                    }
                    out.append(nfcPiece(s.substring(from, i)));
                    from = i;
                    marks = 1;
                }
            } else {
                marks = 0;
            }
            i += Character.charCount(cp);
        }
        if (out == null) {
            return nfcPiece(s);
        }
        return out.append(nfcPiece(s.substring(from))).toString();
    }

    private static String nfcPiece(String s) {
        return Normalizer.isNormalized(s, Normalizer.Form.NFC) ? s : Normalizer.normalize(s, Normalizer.Form.NFC);
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /**
     * {@code s.toLowerCase(Locale.ROOT)}, in linear time. Only the capital sigma depends on its context
     * (σ, or ς at the end of a word), and the JDK finds the word around each one from the word's start.
     * So a text with a {@code Σ} is lower-cased run by run of non-space characters: with the JDK when the
     * run is at most {@value #MAX_SIGMA_RUN} characters long (the same result as for the whole text), by
     * {@link #lowerCaseSigma} when it is longer (no real word is).
     */
    static String lowerCase(String s) {
        if (s.indexOf('\u03A3') < 0) {
            return s.toLowerCase(Locale.ROOT);
        }
        int n = s.length();
        StringBuilder out = new StringBuilder(n);
        int start = 0;
        int sigma = s.indexOf('\u03A3');
        while (start < n) {
            int end = start;
            while (end < n && !Character.isWhitespace(s.charAt(end))) {
                end++;
            }
            if (end == start) {
                out.append(s.charAt(end));
                start = end + 1;
                continue;
            }
            if (sigma >= 0 && sigma < start) {
                sigma = s.indexOf('\u03A3', start);
            }
            if (end - start <= MAX_SIGMA_RUN || sigma < 0 || sigma >= end) {
                out.append(s.substring(start, end).toLowerCase(Locale.ROOT));
            } else {
                lowerCaseSigma(s, start, end, out);
            }
            start = end;
        }
        return out.toString();
    }

    /**
     * Lower-cases {@code s[start, end)}, a long run holding a {@code Σ}: the parts between two {@code Σ}
     * with the JDK (no context there), each {@code Σ} as ς when a cased letter is right before it and
     * none right after, else as σ.
     */
    static void lowerCaseSigma(String s, int start, int end, StringBuilder out) {
        int from = start;
        int sigma = s.indexOf('\u03A3', from);
        while (sigma >= 0 && sigma < end) {
            out.append(s.substring(from, sigma).toLowerCase(Locale.ROOT));
            boolean casedBefore = sigma > start && isCased(s.codePointBefore(sigma));
            boolean casedAfter = sigma + 1 < end && isCased(s.codePointAt(sigma + 1));
            out.append(casedBefore && !casedAfter ? '\u03C2' : '\u03C3');
            from = sigma + 1;
            sigma = s.indexOf('\u03A3', from);
        }
        out.append(s.substring(from, end).toLowerCase(Locale.ROOT));
    }

    private static boolean isCased(int cp) {
        return Character.isUpperCase(cp) || Character.isLowerCase(cp) || Character.isTitleCase(cp);
    }

    /**
     * Text made only of characters below U+0300 (Latin-1, Latin Extended) and of punctuation and currency
     * signs from {@link #NFC_INERT_FROM} to {@link #NFC_INERT_TO} (typographic quotes and apostrophes,
     * dashes, ellipsis, €) is always in NFC: none of these composes with a neighbour or reorders.
     */
    static boolean mayNeedComposition(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '\u0300' && (c < NFC_INERT_FROM || c > NFC_INERT_TO)) {
                return true;
            }
        }
        return false;
    }

    /** General Punctuation to Currency Symbols, less U+2000 and U+2001 (they decompose to U+2002, U+2003). */
    static final char NFC_INERT_FROM = '\u2002';

    static final char NFC_INERT_TO = '\u20CF';

    /** What a token becomes: none, one or several words added to {@code out}; false once {@code out} is full. */
    boolean emit(String raw, java.util.Collection<String> out, boolean bounded) {
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
        // by index, one substring at the end: peeling l'l'l'... one copy at a time would be quadratic
        int start = 0;
        int apostrophe = token.indexOf('\'');
        while (apostrophe > start
                && apostrophe < token.length() - 1
                && apostrophe - start <= MAX_ELISION_LENGTH
                && FRENCH_ELISIONS.contains(token.substring(start, apostrophe))) {
            start = apostrophe + 1;
            apostrophe = token.indexOf('\'', start);
        }
        return token.substring(start);
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

    static boolean isWordChar(int cp) {
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        // combining marks left after NFC belong to their letter (Devanagari vowel signs, rare accents)
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    static boolean isApostrophe(int cp) {
        return cp == '\'' || cp == '\u2019' || cp == '\u2018' || cp == '\u02BC';
    }

    /**
     * Removes what is not prose before tokenising: placeholders, tags, entities, URLs and e-mail
     * addresses become a space. Each kind is found by hand in one pass over the text, never by a
     * regular expression (a backtracking regular expression such as {@code \{\{.*?}}} takes time
     * quadratic in the length of a text full of {@code {{}), in this order:
     *
     * <ol>
     *   <li>{@code {{...}}}: from a {@code {{} to the first {@code }}} after it (anything between,
     *       line breaks included);</li>
     *   <li>{@code {...}}: no brace between;</li>
     *   <li>{@code <...>}: no angle bracket between;</li>
     *   <li>entities: {@code &name;} (2 to 8 ASCII letters), {@code &#123;} (1 to 7 digits) and
     *       {@code &#x1F;} (1 to 6 hexadecimal digits);</li>
     *   <li>URLs, then e-mail addresses (see {@link #stripUrls} and {@link #stripEmails}).</li>
     * </ol>
     *
     * Cheap checks first, so plain text is returned as is. Linear time in the length of the text.
     */
    public static String stripMarkup(String text) {
        String s = text;
        if (s.indexOf('{') >= 0) {
            s = stripDoubleBracePlaceholders(s);
            s = stripEnclosed(s, '{', '}');
        }
        if (s.indexOf('<') >= 0) {
            s = stripEnclosed(s, '<', '>');
        }
        if (s.indexOf('&') >= 0) {
            s = stripEntities(s);
        }
        s = stripUrls(s);
        if (s.indexOf('@') >= 0) {
            s = stripEmails(s);
        }
        return s;
    }

    /**
     * Each {@code {{} with the first {@code }}} after it becomes a space; the scan goes on after that
     * {@code }}}. Once no {@code }}} follows a {@code {{}, none follows a later one either: the rest is
     * kept as is, so every character is looked at about once.
     */
    static String stripDoubleBracePlaceholders(String s) {
        StringBuilder out = null;
        int copied = 0;
        int open = s.indexOf("{{");
        while (open >= 0) {
            int close = s.indexOf("}}", open + 2);
            if (close < 0) {
                break;
            }
            if (out == null) {
                out = new StringBuilder(s.length());
            }
            out.append(s, copied, open).append(' ');
            copied = close + 2;
            open = s.indexOf("{{", copied);
        }
        return out == null ? s : out.append(s, copied, s.length()).toString();
    }

    /**
     * Each {@code open}, then no {@code open} nor {@code close}, then {@code close}, becomes a space. From
     * an {@code open}, the scan stops at the next {@code open} or {@code close}: on an {@code open} it
     * starts again from there, so every character is looked at about once.
     */
    static String stripEnclosed(String s, char open, char close) {
        int n = s.length();
        StringBuilder out = null;
        int copied = 0;
        int start = s.indexOf(open);
        while (start >= 0) {
            int j = start + 1;
            while (j < n && s.charAt(j) != open && s.charAt(j) != close) {
                j++;
            }
            if (j == n) {
                break;
            }
            if (s.charAt(j) == open) {
                start = j;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n);
            }
            out.append(s, copied, start).append(' ');
            copied = j + 1;
            start = s.indexOf(open, copied);
        }
        return out == null ? s : out.append(s, copied, n).toString();
    }

    /** Each HTML entity ({@code &amp;}, {@code &#233;}, {@code &#xE9;}) becomes a space. */
    static String stripEntities(String s) {
        StringBuilder out = null;
        int copied = 0;
        int amp = s.indexOf('&');
        while (amp >= 0) {
            int end = entityEnd(s, amp);
            if (end < 0) {
                amp = s.indexOf('&', amp + 1);
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length());
            }
            out.append(s, copied, amp).append(' ');
            copied = end;
            amp = s.indexOf('&', end);
        }
        return out == null ? s : out.append(s, copied, s.length()).toString();
    }

    /**
     * The end (after the {@code ;}) of the entity starting with the {@code &} at {@code amp}, or -1: 2 to
     * 8 ASCII letters, {@code #} and 1 to 7 ASCII digits, or {@code #x} and 1 to 6 hexadecimal digits,
     * then {@code ;}. Looks at 10 characters at most.
     */
    private static int entityEnd(String s, int amp) {
        int n = s.length();
        int from = amp + 1;
        if (from >= n) {
            return -1;
        }
        int kind; // 0 letters, 1 decimal digits, 2 hexadecimal digits
        int min;
        int max;
        if (isAsciiLetter(s.charAt(from))) {
            kind = 0;
            min = 2;
            max = 8;
        } else if (s.charAt(from) == '#') {
            from++;
            if (from < n && s.charAt(from) == 'x') {
                from++;
                kind = 2;
                max = 6;
            } else {
                kind = 1;
                max = 7;
            }
            min = 1;
        } else {
            return -1;
        }
        int j = from;
        while (j < n && j - from <= max && isEntityChar(kind, s.charAt(j))) {
            j++;
        }
        int count = j - from;
        return count >= min && count <= max && j < n && s.charAt(j) == ';' ? j + 1 : -1;
    }

    private static boolean isEntityChar(int kind, char c) {
        boolean digit = c >= '0' && c <= '9';
        switch (kind) {
            case 0:
                return isAsciiLetter(c);
            case 1:
                return digit;
            default:
                return digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }
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
            } else if ((c == 'w' || c == 'W')
                    && s.regionMatches(true, i, "www.", 0, 4)
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
                            words.add(Normalizer.normalize(word, Normalizer.Form.NFC)
                                    .toLowerCase(Locale.ROOT)
                                    .replace('\u2019', '\'')
                                    .replace('\u2018', '\'')
                                    .replace('\u02BC', '\''));
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
