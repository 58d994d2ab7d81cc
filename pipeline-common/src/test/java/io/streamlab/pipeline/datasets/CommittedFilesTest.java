package io.streamlab.pipeline.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a reader of a dataset folder lists, also while the job renames and deletes files in it. */
class CommittedFilesTest {
    @TempDir
    Path output;

    @Test
    void listsOnlyCommittedParquetFilesAndTheHiddenPartFilesApart() throws IOException {
        Path day = Files.createDirectories(
                output.resolve(Dataset.TICKETS_ENRICHED.folder()).resolve("dt=2026-12-01"));
        Path committed = touch(day.resolve("compacted-tickets_enriched-a-0.parquet"));
        Path older = touch(day.resolve("part-b-0.parquet"));
        Path inProgress = touch(day.resolve(".part-c-1.inprogress.1234"));
        Path merging = touch(day.resolve(".tickets_enriched-d-3.parquet"));
        touch(day.resolve(".part-b-0.parquet.crc"));
        touch(day.resolve("_SUCCESS"));
        touch(day.resolve("notes.txt"));
        Path temporary = Files.createDirectories(day.resolve("_temporary"));
        touch(temporary.resolve("part-e-0.parquet"));

        CommittedFiles files = CommittedFiles.of(output, Dataset.TICKETS_ENRICHED);

        assertThat(files.committed()).containsExactly(committed, older);
        assertThat(files.hidden()).containsExactly(inProgress, merging);
        assertThat(files.notCommitted()).isEqualTo(2);
    }

    @Test
    void aMissingFolderHasNoFile() {
        CommittedFiles files = CommittedFiles.of(output, Dataset.GENRE_STATS);

        assertThat(files.committed()).isEmpty();
        assertThat(files.notCommitted()).isZero();
    }

    @Test
    void hiddenFilesAndFoldersVanishingWhileListedAreSkippedNotAnError() throws Exception {
        Path folder = output.resolve(Dataset.TICKETS_ENRICHED.folder());
        Path day = Files.createDirectories(folder.resolve("dt=2026-12-01"));
        Path committed = touch(day.resolve("compacted-tickets_enriched-a-0.parquet"));
        AtomicBoolean listing = new AtomicBoolean(true);
        AtomicReference<Throwable> churnFailed = new AtomicReference<>();
        // what a running job does beside the committed file: hidden part files (and whole day folders of
        // them) appear, are renamed for their merge and deleted
        Thread churn = new Thread(() -> {
            try {
                for (long n = 0; listing.get(); n++) {
                    Path dayOfHidden = Files.createDirectories(folder.resolve("dt=2026-12-02"));
                    List<Path> made = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        made.add(touch(day.resolve(".part-" + n + "-" + i + ".inprogress.x")));
                        made.add(touch(dayOfHidden.resolve(".part-" + n + "-" + i + ".inprogress.y")));
                    }
                    for (Path p : made) {
                        Path renamed = p.resolveSibling(".merging" + p.getFileName());
                        Files.move(p, renamed);
                        Files.delete(renamed);
                    }
                    Files.delete(dayOfHidden);
                }
            } catch (Throwable e) {
                churnFailed.set(e);
            }
        });
        churn.start();
        try {
            for (int i = 0; i < 3_000 && churnFailed.get() == null; i++) {
                assertThat(CommittedFiles.of(output, Dataset.TICKETS_ENRICHED).committed())
                        .containsExactly(committed);
            }
        } finally {
            listing.set(false);
            churn.join();
        }
        assertThat(churnFailed.get()).as("the file churn itself").isNull();
    }

    private static Path touch(Path file) {
        try {
            return Files.write(file, new byte[] {1});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
