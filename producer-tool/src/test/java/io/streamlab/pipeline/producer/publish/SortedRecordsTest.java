package io.streamlab.pipeline.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sorting by time in bounded memory: the same order as a stable sort in memory, whatever the budget. */
class SortedRecordsTest {
    @TempDir
    Path temp;

    private static List<SortedRecords.Timed> records(int n, long seed) {
        Random random = new Random(seed);
        List<SortedRecords.Timed> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // few distinct times, so most records tie with others and stability is tested
            long time = random.nextInt(50) - 25L + (random.nextInt(10) == 0 ? Long.MIN_VALUE / 2 : 0);
            String key = "k" + i + (i % 7 == 0 ? "\uD800" : "") + (i % 11 == 0 ? "é\n\t" : "");
            byte[] value = ("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(random.nextInt(200)) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            // a position where the record was read, kept on disk too (a resumed replay skips through it)
            SourcePosition position = i % 3 == 0 ? null : new SourcePosition(time, i);
            records.add(new SortedRecords.Timed(time, new OutgoingRecord(key, value, position)));
        }
        return records;
    }

    private static List<String> read(SortedRecords sorted) throws IOException {
        List<String> seen = new ArrayList<>();
        for (SortedRecords.Timed t = sorted.next(); t != null; t = sorted.next()) {
            seen.add(t.time() + " " + t.record().key() + " "
                    + new String(t.record().value(), StandardCharsets.UTF_8) + " "
                    + t.record().position());
        }
        return seen;
    }

    private static List<String> stableSort(List<SortedRecords.Timed> records) {
        return records.stream()
                .sorted(Comparator.comparingLong(SortedRecords.Timed::time))
                .map(t -> t.time() + " " + t.record().key() + " "
                        + new String(t.record().value(), StandardCharsets.UTF_8) + " "
                        + t.record().position())
                .toList();
    }

    private long filesUnder(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(p -> !p.equals(dir)).count();
        }
    }

    @Test
    void runsOnDiskMergeToTheOrderOfAStableSortInMemory() throws IOException {
        for (long budget : new long[] {1, 2_000, 50_000, 1L << 30}) {
            List<SortedRecords.Timed> records = records(3_000, budget);
            try (SortedRecords sorted = new SortedRecords(budget, temp)) {
                for (SortedRecords.Timed t : records) {
                    sorted.add(t.time(), t.record());
                }
                sorted.finish();
                assertThat(sorted.size()).isEqualTo(3_000);
                if (budget == 1) {
                    assertThat(sorted.runs())
                            .as("a run per record, merged in passes of %d", SortedRecords.MAX_OPEN_RUNS)
                            .isGreaterThan(3_000);
                } else if (budget < 1L << 30) {
                    assertThat(sorted.runs()).as("budget %d", budget).isGreaterThan(1);
                } else {
                    assertThat(sorted.runs()).isZero();
                    assertThat(filesUnder(temp))
                            .as("nothing on disk within the budget")
                            .isZero();
                }
                assertThat(read(sorted)).as("budget %d", budget).isEqualTo(stableSort(records));
                assertThat(sorted.next()).isNull();
            }
            assertThat(filesUnder(temp)).as("run files deleted on close").isZero();
        }
    }

    /** A replay reports an invalid row when it reaches its place, so the rows keep their place on disk too. */
    @Test
    void invalidRowsKeepTheirPlaceAmongTheRecordsWhateverTheBudget() throws IOException {
        for (long budget : new long[] {1, 2_000, 1L << 30}) {
            try (SortedRecords sorted = new SortedRecords(budget, temp)) {
                for (int row = 1; row <= 600; row++) {
                    long time = (row * 7919L) % 50;
                    SourcePosition position = new SourcePosition(time, row);
                    if (row % 4 == 0) {
                        sorted.addInvalid(time, row * 2L, "reason of row " + row + " \uD800é", position);
                    } else {
                        sorted.add(time, new OutgoingRecord("k" + row, new byte[] {(byte) row}, position));
                    }
                }
                sorted.finish();
                assertThat(sorted.size()).isEqualTo(600);
                List<SourcePosition> positions = new ArrayList<>();
                for (SortedRecords.Timed t = sorted.next(); t != null; t = sorted.next()) {
                    positions.add(t.position());
                    long row = t.position().minor();
                    if (row % 4 == 0) {
                        assertThat(t.record()).isNull();
                        assertThat(t.invalidRow())
                                .isEqualTo(new SortedRecords.InvalidRow(
                                        row * 2, "reason of row " + row + " \uD800é", t.position()));
                    } else {
                        assertThat(t.record().key()).isEqualTo("k" + row);
                        assertThat(t.invalidRow()).isNull();
                    }
                }
                assertThat(positions).as("budget %d", budget).isSorted().hasSize(600);
            }
        }
    }

    @Test
    void closingBeforeTheEndDeletesTheRuns() throws IOException {
        SortedRecords sorted = new SortedRecords(10_000, temp);
        for (SortedRecords.Timed t : records(1_000, 7)) {
            sorted.add(t.time(), t.record());
        }
        sorted.finish();
        assertThat(filesUnder(temp)).isGreaterThan(2);
        sorted.next();
        sorted.close();
        assertThat(filesUnder(temp)).isZero();
    }

    @Test
    void theRunsOfAKilledSortAreDeletedByTheNextOneAndALiveOnesAreKept() throws Exception {
        // a killed sort: its lock file is there, and nobody holds the lock any more
        Path killed = Files.createDirectories(temp.resolve(SortedRecords.RUN_DIR_PREFIX + "123"));
        Files.writeString(killed.resolve(SortedRecords.LOCK_FILE), "");
        Files.writeString(killed.resolve("run-0"), "left by a killed sort");
        Path unrelated = Files.createDirectories(temp.resolve(SortedRecords.RUN_DIR_PREFIX + "no-lock-file"));

        try (SortedRecords live = new SortedRecords(1, temp)) {
            for (SortedRecords.Timed t : records(10, 3)) {
                live.add(t.time(), t.record());
            }
            assertThat(killed).doesNotExist();
            assertThat(unrelated).exists();
            List<Path> liveDirs;
            try (Stream<Path> dirs = Files.list(temp)) {
                liveDirs = dirs.filter(d -> !d.equals(unrelated)).toList();
            }
            assertThat(liveDirs).hasSize(1);

            // another sort meanwhile leaves the live one alone
            try (SortedRecords other = new SortedRecords(1, temp)) {
                other.add(1, new OutgoingRecord("k", new byte[10]));
                other.add(2, new OutgoingRecord("k", new byte[10]));
                assertThat(liveDirs.get(0)).exists();
            }
            live.finish();
            assertThat(read(live)).hasSize(10);
        }
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left).containsExactly(unrelated);
        }
    }

    @Test
    void closingTwiceIsHarmless() throws IOException {
        SortedRecords sorted = new SortedRecords(1, temp);
        sorted.add(1, new OutgoingRecord("a", new byte[1]));
        sorted.add(2, new OutgoingRecord("b", new byte[1]));
        sorted.close();
        sorted.close();
        assertThat(filesUnder(temp)).isZero();
    }

    @Test
    void nothingAddedIsNothingRead() throws IOException {
        try (SortedRecords sorted = new SortedRecords(1, temp)) {
            sorted.finish();
            assertThat(sorted.next()).isNull();
            assertThat(sorted.size()).isZero();
        }
    }
}
