package io.streamlab.pipeline.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path dir;

    @Test
    void deletesTheFolderAndEverythingUnderIt() throws IOException {
        Path tree = tree(dir.resolve("output"), 3, 5);
        Path sibling = Files.writeString(dir.resolve("keep.txt"), "x");

        FileTrees.deleteRecursively(tree);

        assertThat(tree).doesNotExist();
        assertThat(sibling).exists();
    }

    @Test
    void aMissingFolderIsNothingToDo() throws IOException {
        FileTrees.deleteRecursively(dir.resolve("none"));
        assertThat(dir).exists();
    }

    @Test
    void whatAnotherProcessDeletesMeanwhileIsSkippedNotAnError() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < 8; round++) {
                Path tree = tree(dir.resolve("round-" + round), 20, 100);
                List<Path> files;
                try (Stream<Path> listed = Files.walk(tree)) {
                    files = new ArrayList<>(listed.filter(Files::isRegularFile).toList());
                }
                Collections.shuffle(files, new Random(round));
                // another process deletes the same files in its own order, and is under way when this starts
                AtomicInteger deleted = new AtomicInteger();
                Future<?> deleting = other.submit(() -> {
                    for (Path file : files) {
                        try {
                            Files.deleteIfExists(file);
                        } catch (IOException ignored) {
                            // deleted by the delete under test
                        }
                        deleted.incrementAndGet();
                    }
                });
                while (deleted.get() < files.size() / 20 && !deleting.isDone()) {
                    Thread.onSpinWait();
                }
                FileTrees.deleteRecursively(tree);
                deleting.get(60, TimeUnit.SECONDS);
                assertThat(tree).doesNotExist();
            }
        } finally {
            other.shutdownNow();
        }
    }

    /** Day folders moved to another disk and linked back were listed, then silently not read. */
    @Test
    void linkedFoldersAreReadAndLoopsOrDanglingLinksSkipped() throws IOException {
        Path dataset = Files.createDirectories(dir.resolve("output/genre_stats"));
        Path moved = Files.createDirectories(dir.resolve("other-disk/dt=2026-01-01"));
        Files.writeString(moved.resolve("part-0.parquet"), "x");
        Files.createSymbolicLink(dataset.resolve("dt=2026-01-01"), moved);
        Files.writeString(
                Files.createDirectories(dataset.resolve("dt=2026-01-02")).resolve("part-1.parquet"), "x");
        Files.createSymbolicLink(moved.resolve("loop"), dataset);
        Files.createSymbolicLink(dataset.resolve("dangling.parquet"), dir.resolve("nowhere"));
        Files.createSymbolicLink(dataset.resolve("dt=latest"), dataset.resolve("dt=2026-01-02"));

        List<Path> seen = new ArrayList<>();
        FileTrees.forEachFile(dataset, (file, attributes) -> seen.add(dataset.relativize(file)));

        // the folder linked as dt=latest is given once, under whichever name the walk reached first
        assertThat(seen.stream().map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("part-0.parquet", "part-1.parquet");
        assertThat(seen)
                .containsAnyOf(Path.of("dt=2026-01-02/part-1.parquet"), Path.of("dt=latest/part-1.parquet"))
                .contains(Path.of("dt=2026-01-01/part-0.parquet"));
    }

    private static Path tree(Path root, int folders, int filesPerFolder) throws IOException {
        for (int f = 0; f < folders; f++) {
            Path folder = Files.createDirectories(
                    root.resolve("dt=2026-12-0" + (f % 9 + 1)).resolve("f" + f));
            for (int i = 0; i < filesPerFolder; i++) {
                Files.writeString(folder.resolve(".part-" + i + ".inprogress"), "x");
            }
        }
        return root;
    }
}
