package io.streamlab.pipeline.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DuckDB's spill of a report stopped by Ctrl+C or a kill does not stay in the temporary folder for good. */
class SpillFolderTest {
    @TempDir
    Path tmp;

    private Path folder(String name, boolean withLock) throws Exception {
        Path folder = Files.createDirectories(tmp.resolve(name));
        Files.write(folder.resolve("duckdb_temp_storage-0.tmp"), new byte[4096]);
        if (withLock) {
            Files.createFile(folder.resolve(SpillFolder.LOCK));
        }
        return folder;
    }

    @Test
    void theFoldersNobodyHoldsAreDeletedAndThoseInUseAreKept() throws Exception {
        Path abandoned = folder(SpillFolder.PREFIX + UUID.randomUUID(), true);
        Path inUse = folder(SpillFolder.PREFIX + UUID.randomUUID(), true);
        Path olderKind = folder(SpillFolder.PREFIX + UUID.randomUUID(), false);
        Path olderKindADayOld = folder(SpillFolder.PREFIX + UUID.randomUUID(), false);
        Files.setLastModifiedTime(olderKindADayOld, FileTime.from(Instant.now().minus(Duration.ofHours(25))));
        Path notOurs = folder("duckdb-other", true);

        try (FileChannel held = FileChannel.open(inUse.resolve(SpillFolder.LOCK), StandardOpenOption.WRITE);
                var lock = held.lock();
                SpillFolder mine = SpillFolder.create(tmp)) {
            assertThat(abandoned).doesNotExist();
            assertThat(olderKindADayOld).doesNotExist();
            assertThat(inUse).as("its lock is held").isDirectory();
            assertThat(olderKind).as("without a lock, less than a day old").isDirectory();
            assertThat(notOurs).isDirectory();

            assertThat(mine.path()).isDirectory().hasParent(tmp);
            assertThat(mine.path().getFileName().toString()).startsWith(SpillFolder.PREFIX);
            // a second catalog's sweep leaves the first's folder: its lock is held
            try (SpillFolder second = SpillFolder.create(tmp)) {
                assertThat(mine.path()).isDirectory();
                assertThat(second.path()).isDirectory().isNotEqualTo(mine.path());
            }
            Files.write(mine.path().resolve("duckdb_temp_storage-1.tmp"), new byte[4096]);
        }
        try (var left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("closed, a folder deletes itself with its spill")
                    .containsExactlyInAnyOrder(
                            inUse.getFileName().toString(),
                            olderKind.getFileName().toString(),
                            "duckdb-other");
        }
    }

    @Test
    void aCatalogSpillsToItsOwnFolderAndDeletesItOnClose() throws Exception {
        Path output = Files.createDirectories(tmp.resolve("output"));
        String before = System.getProperty("java.io.tmpdir");
        Path spills = Files.createDirectories(tmp.resolve("spills"));
        System.setProperty("java.io.tmpdir", spills.toString());
        try {
            try (ParquetCatalog catalog = ParquetCatalog.create(output)) {
                try (var folders = Files.list(spills)) {
                    assertThat(folders.map(p -> p.getFileName().toString()))
                            .singleElement()
                            .asString()
                            .startsWith(SpillFolder.PREFIX);
                }
            }
            try (var folders = Files.list(spills)) {
                assertThat(folders).isEmpty();
            }
        } finally {
            System.setProperty("java.io.tmpdir", before);
        }
    }
}
