package io.streamlab.pipeline.job.tickets;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Throughput of {@link Tokenizer} (all its words: markup removal, NFC, lower case, words) on hostile and
 * normal texts of 1 KB, 100 KB and 1 MB, in MB/s of UTF-8 input. Linear time means the figures of a kind
 * are about the same for every size. Not part of the test suite (surefire only runs {@code *Test}); run
 * it with
 *
 * <pre>./mvnw -B -pl flink-job -am test -Dtest=TokenizerBenchmark</pre>
 *
 * and read the table in
 * {@code flink-job/target/surefire-reports/io.streamlab.pipeline.job.tickets.TokenizerBenchmark-output.txt},
 * or run {@link #main} from an IDE. {@code TokenizerBenchmarkTest} runs the same code on tiny texts so it
 * keeps working. No figure is checked: the machine decides.
 */
public class TokenizerBenchmark {
    static final int KB = 1024;
    static final int MB = 1024 * KB;

    /** The kinds of text: a name and the text of a given length in characters. */
    static final Map<String, IntFunction<String>> KINDS = kinds();

    /** One measured figure. */
    record Row(String kind, int size, long bytes, double mbPerSecond) {}

    private static Map<String, IntFunction<String>> kinds() {
        Map<String, IntFunction<String>> kinds = new LinkedHashMap<>();
        kinds.put("normal tickets", size -> fill(String.join(" ", TestTickets.DESCRIPTIONS) + " ", size));
        kinds.put("{{ runs", size -> fill("{{", size));
        kinds.put("{ runs", size -> fill("{", size));
        kinds.put("< runs", size -> fill("<", size));
        kinds.put("& runs", size -> fill("&", size));
        kinds.put("apostrophes", size -> fill("'", size));
        kinds.put("l' elisions", size -> fill("l'", size));
        kinds.put("long words", size -> fill("a", size));
        kinds.put("a:// runs", size -> fill("a://", size));
        kinds.put("@ runs", size -> fill("a@", size));
        kinds.put("Σ runs", size -> fill("Σ", size));
        kinds.put("marks", size -> "a" + fill("\u0301\u0316", size - 1));
        kinds.put("mixed markup", size -> fill("{{<&{<&a@b. {{x}} <b>&amp; l'l' a:// ", size));
        return kinds;
    }

    /** {@code unit} repeated up to {@code size} characters (cut, never inside a surrogate pair). */
    static String fill(String unit, int size) {
        String s = unit.repeat(size / unit.length() + 1).substring(0, size);
        return !s.isEmpty() && Character.isHighSurrogate(s.charAt(s.length() - 1)) ? s.substring(0, s.length() - 1) : s;
    }

    /**
     * Measures every kind at every size (after a warm-up round over all of them when {@code warmups > 0}):
     * {@code warmups} passes, then the median of {@code passes}; a pass
     * tokenises the text again and again for at least {@code minBytes} bytes of input or
     * {@code minNanos} (and at least once). Prints the table to {@code out} and returns its rows.
     */
    static List<Row> run(int[] sizes, int warmups, int passes, long minBytes, long minNanos, PrintStream out) {
        Tokenizer tokenizer = new Tokenizer(3, 20);
        if (warmups > 0) {
            // one round over everything first, so the first kind measured does not pay for the JIT alone
            for (IntFunction<String> kind : KINDS.values()) {
                for (int size : sizes) {
                    String text = kind.apply(size);
                    pass(tokenizer, text, text.length(), minBytes, minNanos);
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, IntFunction<String>> kind : KINDS.entrySet()) {
            for (int size : sizes) {
                String text = kind.getValue().apply(size);
                long bytes = text.getBytes(StandardCharsets.UTF_8).length;
                for (int i = 0; i < warmups; i++) {
                    pass(tokenizer, text, bytes, minBytes, minNanos);
                }
                double[] figures = new double[passes];
                for (int i = 0; i < passes; i++) {
                    figures[i] = pass(tokenizer, text, bytes, minBytes, minNanos);
                }
                Arrays.sort(figures);
                rows.add(new Row(kind.getKey(), size, bytes, figures[passes / 2]));
            }
        }
        print(rows, sizes, out);
        return rows;
    }

    /** MB/s of one pass. */
    private static double pass(Tokenizer tokenizer, String text, long bytes, long minBytes, long minNanos) {
        long done = 0;
        long words = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            words += tokenizer.words(text).size();
            done += bytes;
            elapsed = System.nanoTime() - start;
        } while (done < minBytes && elapsed < minNanos);
        sink += words;
        return done / (double) MB / (Math.max(elapsed, 1) / 1e9);
    }

    /** Keeps the JIT from dropping the work. */
    static volatile long sink;

    static void print(List<Row> rows, int[] sizes, PrintStream out) {
        StringBuilder header = new StringBuilder(String.format("%-16s", "MB/s"));
        for (int size : sizes) {
            header.append(String.format(" | %9s", label(size)));
        }
        out.println(header);
        out.println("-".repeat(header.length()));
        for (String kind : KINDS.keySet()) {
            StringBuilder line = new StringBuilder(String.format("%-16s", kind));
            for (int size : sizes) {
                for (Row row : rows) {
                    if (row.kind().equals(kind) && row.size() == size) {
                        line.append(String.format(" | %9.1f", row.mbPerSecond()));
                    }
                }
            }
            out.println(line);
        }
        out.flush();
    }

    static String label(int size) {
        return size >= MB && size % MB == 0
                ? size / MB + " MB"
                : size >= KB && size % KB == 0 ? size / KB + " KB" : size + " B";
    }

    /** 1 KB, 100 KB and 1 MB; 3 warm-up passes, median of 7, a pass at least 4 MB or 0.2 s. */
    public static void main(String[] args) {
        System.out.printf(
                "Tokenizer throughput (words of the whole text), Java %s, %d cores%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        run(new int[] {KB, 100 * KB, MB}, 3, 7, 4L * MB, 200_000_000L, System.out);
    }

    @Test
    void benchmark() {
        main(new String[0]);
    }
}
