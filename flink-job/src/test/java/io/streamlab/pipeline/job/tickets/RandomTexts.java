package io.streamlab.pipeline.job.tickets;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Seeded random texts for the tokenizer's property tests: strings over an alphabet, arbitrary UTF-16 (lone
 * surrogates, combining marks, supplementary characters), joins of fragments, mutations of sample texts and
 * big texts. {@link #forAll} runs a property a fixed number of tries; try {@code i} of base seed {@code s}
 * draws from {@link #forTry(long, int) forTry(s, i)}, so every failure names what reproduces it.
 *
 * <p>{@code -DrandomTexts.seed=N} mixes {@code N} into every base seed, to explore other inputs than the
 * reproducible default ones.
 */
final class RandomTexts {
    /** Combining marks: diacritics, supplement, extended, for symbols, half marks. */
    static final String COMBINING_MARKS = "\u0300\u0301\u0302\u0303\u0308\u030A\u0316\u0323\u0327\u0340\u0344"
            + "\u0345\u034F\u0361\u036F\u1AB0\u1DC0\u20D0\u20DD\u20E3\uFE20\uFE2F";
    /** Characters that text processing tends to get wrong. */
    static final String TRICKY = "\u0000\t\n\r\u000B\f\u0085\u00A0\u00AD\u1680\u2000\u2028\u2029\u200B\u200C"
            + "\u200D\u2060\u3000\uFEFF\uFFFD\uFFFE\uFFFF'’ʼ{}<>&;#@:/.-_ΣσςİıßǅẞΩÅK";

    private static final long SEED_OVERRIDE = Long.getLong("randomTexts.seed", 0L);
    private static final int MAX_SHOWN = 400;

    private final SplittableRandom random;

    RandomTexts(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The generator of try {@code tryIndex} of a property with base seed {@code baseSeed}. */
    static RandomTexts forTry(long baseSeed, int tryIndex) {
        return new RandomTexts(mix(baseSeed ^ SEED_OVERRIDE) + tryIndex * 0x9E3779B97F4A7C15L);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Checks {@code property} on {@code tries} inputs drawn by {@code generator}; a failure is rethrown with the
     * try, the seed and the (escaped, shortened) input.
     */
    static <T> void forAll(long baseSeed, int tries, Function<RandomTexts, T> generator, Consumer<T> property) {
        for (int i = 0; i < tries; i++) {
            T input = generator.apply(forTry(baseSeed, i));
            try {
                property.accept(input);
            } catch (Throwable failure) {
                String override = SEED_OVERRIDE == 0 ? "" : " with -DrandomTexts.seed=" + SEED_OVERRIDE;
                throw new AssertionError(
                        String.format(
                                "property failed at try %d of %d; reproduce with RandomTexts.forTry(0x%XL, %d)%s%ninput: %s%n%s",
                                i, tries, baseSeed, i, override, show(input), failure.getMessage()),
                        failure);
            }
        }
    }

    /** The input as Java-escaped text, its middle cut if long. */
    static String show(Object input) {
        String text = String.valueOf(input);
        StringBuilder s = new StringBuilder();
        if (text.length() > MAX_SHOWN) {
            escape(s, text, 0, MAX_SHOWN / 2);
            s.append("…[")
                    .append(text.length() - MAX_SHOWN)
                    .append(" of ")
                    .append(text.length())
                    .append(" chars cut]…");
            escape(s, text, text.length() - MAX_SHOWN / 2, text.length());
        } else {
            escape(s, text, 0, text.length());
        }
        return s.toString();
    }

    private static void escape(StringBuilder s, String text, int from, int to) {
        s.append('"');
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7F) {
                s.append(c);
            } else {
                s.append(String.format("\\u%04X", (int) c));
            }
        }
        s.append('"');
    }

    // ---- numbers and choices

    /** Uniform in {@code [min, max]}. */
    int between(int min, int max) {
        return random.nextInt(min, max + 1);
    }

    /** A length in {@code [min, max]}, with the bounds more often than uniform (as edge cases). */
    int length(int min, int max) {
        int r = random.nextInt(20);
        if (r == 0) {
            return min;
        }
        if (r == 1) {
            return max;
        }
        if (r < 5) {
            return between(min, Math.min(max, min + 5));
        }
        return between(min, max);
    }

    boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    @SafeVarargs
    final <T> T oneOf(Supplier<? extends T>... generators) {
        return generators[random.nextInt(generators.length)].get();
    }

    // ---- strings

    /** Between {@code min} and {@code max} chars of {@code alphabet} (chars of the alphabet, repeats weigh). */
    String chars(String alphabet, int min, int max) {
        int n = length(min, max);
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /**
     * Up to {@code max} UTF-16 chars of anything: ASCII, Latin and Greek, combining marks, tricky characters,
     * lone high and low surrogates, surrogate pairs and any char of the BMP.
     */
    String anyChars(int max) {
        int n = length(0, max);
        StringBuilder s = new StringBuilder(n + 1);
        while (s.length() < n) {
            int kind = random.nextInt(100);
            if (kind < 30) {
                s.append((char) between(0x20, 0x7E));
            } else if (kind < 40) {
                s.append((char) between(0xA0, 0x3FF));
            } else if (kind < 50) {
                s.append(COMBINING_MARKS.charAt(random.nextInt(COMBINING_MARKS.length())));
            } else if (kind < 58) {
                s.append(TRICKY.charAt(random.nextInt(TRICKY.length())));
            } else if (kind < 63) {
                s.append((char) between(Character.MIN_HIGH_SURROGATE, Character.MAX_HIGH_SURROGATE));
            } else if (kind < 68) {
                s.append((char) between(Character.MIN_LOW_SURROGATE, Character.MAX_LOW_SURROGATE));
            } else if (kind < 75 && s.length() + 2 <= n) {
                s.appendCodePoint(between(Character.MIN_SUPPLEMENTARY_CODE_POINT, Character.MAX_CODE_POINT));
            } else {
                s.append((char) between(0, 0xFFFF));
            }
        }
        return s.toString();
    }

    /**
     * Up to {@code max} UTF-16 chars of well-formed text: valid code points only (no lone surrogate), from
     * letters of many scripts, combining marks, digits, spaces and punctuation to any assigned code point.
     */
    String codePoints(int max) {
        int n = length(0, max);
        StringBuilder s = new StringBuilder(n + 1);
        while (s.length() < n) {
            int kind = random.nextInt(100);
            int cp;
            if (kind < 30) {
                cp = between(0x20, 0x7E);
            } else if (kind < 45) {
                cp = between(0xA0, 0x24F);
            } else if (kind < 55) {
                cp = COMBINING_MARKS.charAt(random.nextInt(COMBINING_MARKS.length()));
            } else if (kind < 65) {
                cp = between(0x370, 0x52F); // Greek, Cyrillic
            } else if (kind < 72) {
                cp = between(0x4E00, 0x9FFF); // CJK
            } else if (kind < 80 && s.length() + 2 <= n) {
                cp = between(Character.MIN_SUPPLEMENTARY_CODE_POINT, 0x1FAFF); // emoji, historic scripts
            } else {
                cp = between(0, 0xFFFF);
            }
            if (Character.isSurrogate((char) cp) && cp <= 0xFFFF
                    || !Character.isDefined(cp)
                    || s.length() + Character.charCount(cp) > n) {
                continue;
            }
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    /** The concatenation of up to {@code maxParts} fragments. */
    String join(List<String> fragments, int maxParts) {
        int n = length(0, maxParts);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(pick(fragments));
        }
        return s.toString();
    }

    /** The concatenation of up to {@code maxParts} parts drawn by {@code part}. */
    String concat(int maxParts, Supplier<String> part) {
        int n = length(0, maxParts);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(part.get());
        }
        return s.toString();
    }

    /**
     * {@code text} with up to {@code maxMutations} fragments, each repeated 1 to 20 times, inserted at random
     * places, never inside a surrogate pair of {@code text}.
     */
    String mutate(String text, int maxMutations, Supplier<String> fragment) {
        StringBuilder s = new StringBuilder(text);
        int n = length(0, maxMutations);
        for (int i = 0; i < n; i++) {
            String inserted = fragment.get().repeat(between(1, 20));
            int at = between(0, s.length());
            if (at > 0
                    && at < s.length()
                    && Character.isLowSurrogate(s.charAt(at))
                    && Character.isHighSurrogate(s.charAt(at - 1))) {
                at--;
            }
            s.insert(at, inserted);
        }
        return s.toString();
    }

    /**
     * A text of {@code min} to {@code max} chars: pieces drawn by {@code piece} joined by spaces, the last one
     * cut to fit.
     */
    String big(int min, int max, Supplier<String> piece) {
        int target = between(min, max);
        StringBuilder s = new StringBuilder(target);
        while (s.length() < target) {
            if (s.length() > 0) {
                s.append(' ');
            }
            String p = piece.get();
            s.append(p, 0, Math.min(p.length(), target - s.length()));
        }
        return s.toString();
    }
}
