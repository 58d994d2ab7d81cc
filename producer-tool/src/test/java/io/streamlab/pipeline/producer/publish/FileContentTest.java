package io.streamlab.pipeline.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file published is the content its dataset id names: one that changed while it was published was
 * recorded complete under the id of content it never sent.
 */
class FileContentTest {
    static final String ROWS = "a,b\n1,2\n3,4\n";

    @TempDir
    Path dir;

    @Test
    void theFirstReadToTheEndTakesTheSha256AndLaterReadsFindTheSameBytes() throws Exception {
        Path file = Files.writeString(dir.resolve("f.csv"), ROWS);
        FileContent content = FileContent.of(file);
        assertThatThrownBy(content::sha256).isInstanceOf(IllegalStateException.class);

        assertThat(content.size()).isEqualTo(ROWS.length());
        assertThat(readAll(content)).isEqualTo(ROWS);
        assertThat(content.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(ROWS.getBytes(StandardCharsets.UTF_8))));
        assertThat(readAll(content)).as("read again").isEqualTo(ROWS);
    }

    /** An exporter still writing: the run publishes the file as it was when it began, whole rows. */
    @Test
    void bytesAppendedAfterAWholeRowAreNotRead() throws Exception {
        Path file = Files.writeString(dir.resolve("f.csv"), ROWS);
        FileContent content = FileContent.of(file);
        Files.writeString(file, "5,6\n", StandardOpenOption.APPEND);

        assertThat(readAll(content)).isEqualTo(ROWS);
        Files.writeString(file, "7,8\n", StandardOpenOption.APPEND);
        assertThat(readAll(content)).isEqualTo(ROWS);
    }

    /** Its size taken in the middle of a row: that row, cut short, could be a valid one with a wrong value. */
    @Test
    void aFileTakenInTheMiddleOfARowThatThenGrewFails() throws Exception {
        Path file = Files.writeString(dir.resolve("f.csv"), "a,b\n1,2\n3,4");
        FileContent content = FileContent.of(file);
        Files.writeString(file, "5\n", StandardOpenOption.APPEND);

        assertThatThrownBy(() -> readAll(content))
                .isInstanceOf(FileContent.FileChangedException.class)
                .hasMessageContaining(
                        file + " was still being written when the run began: its last row then was cut" + " short");

        Path ended = Files.writeString(dir.resolve("no-newline-at-the-end.csv"), "a,b\n1,2\n3,4");
        assertThat(readAll(FileContent.of(ended)))
                .as("a file that stays as it is")
                .isEqualTo("a,b\n1,2\n3,4");
    }

    @Test
    void aFileRewrittenShortenedOrReplacedFailsAtItsEndEveryTime() throws Exception {
        Path file = Files.writeString(dir.resolve("f.csv"), ROWS);
        FileContent content = FileContent.of(file);
        readAll(content);

        Files.writeString(file, ROWS.replace('3', '9')); // same size, in place
        try (InputStream in = content.open()) {
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOf(FileContent.FileChangedException.class)
                    .hasMessageContaining(file + " changed while it was read");
            assertThatThrownBy(in::read).as("and again").isInstanceOf(FileContent.FileChangedException.class);
        }

        Files.writeString(file, "a,b\n1,2\n");
        assertThatThrownBy(() -> readAll(content))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file + " got shorter while it was read (4 of its 12 bytes missing)");

        Path other = Files.writeString(dir.resolve("other.csv"), "x,y\n7,8\n9,0\n");
        Files.move(other, file, StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> readAll(content)).hasMessageContaining("changed while it was read");
    }

    /**
     * Through the reader it is published with: a file rewritten in place while it is read gives rows of the
     * content the run began with, then the failure, never a row of the new content and never a clean end.
     * Until 2026-12-03 the rows read from the new content before the end were handed out, and published.
     */
    @Test
    void aChangedFileGivesNoRowOfItsNewContentAndNeverAnEndOfRows() throws Exception {
        StringBuilder csv = new StringBuilder("a,b\n");
        for (int i = 0; i < 400_000; i++) {
            csv.append(i).append(",x\n");
        }
        assertThat(csv.length()).as("several blocks").isGreaterThan(3 * FileContent.BLOCK);
        Path file = Files.writeString(dir.resolve("big.csv"), csv);
        FileContent content = FileContent.of(file);
        readAll(content);
        List<String> values = new ArrayList<>();
        try (CsvRows rows = new CsvRows(content.open(), content.size(), 1 << 20)) {
            rows.next();
            rows.next();
            // rewritten in place after the first rows were read: the reader is well inside the file
            Files.writeString(file, csv.toString().replace(",x\n", ",y\n"));
            assertThatThrownBy(() -> {
                        for (CsvRows.CsvRow row = rows.next(); row != null; row = rows.next()) {
                            values.add(row.fields().get(1));
                        }
                    })
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("changed while it was read");
        }
        assertThat(values)
                .as("the rest of the first block, read before the change")
                .isNotEmpty();
        assertThat(values).containsOnly("x");

        // and a file of tickets, one JSON object per line
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            lines.append("{\"ticket_id\":\"T-")
                    .append(i)
                    .append("\",\"client_id\":\"C\",")
                    .append("\"created_at\":\"2025-01-31T10:00:00Z\",\"type\":\"incident\",\"priority\":\"low\"}\n");
        }
        assertThat(lines.length()).as("several blocks").isGreaterThan(2 * FileContent.BLOCK);
        Path tickets = Files.writeString(dir.resolve("t.jsonl"), lines);
        FileContent ticketsContent = FileContent.of(tickets);
        readAll(ticketsContent);
        List<String> priorities = new ArrayList<>();
        try (var reader = io.streamlab.pipeline.producer.tickets.TicketFileReader.open(
                ticketsContent,
                io.streamlab.pipeline.producer.tickets.TicketFileReader.Format.JSONL,
                java.util.Map.of(),
                io.streamlab.pipeline.config.PipelineConfig.defaults().limits())) {
            reader.next();
            Files.writeString(tickets, lines.toString().replace("low", "max"));
            assertThatThrownBy(() -> {
                        for (var row = reader.next(); row != null; row = reader.next()) {
                            priorities.add(row.toString());
                        }
                    })
                    .hasMessageContaining("changed while it was read");
        }
        assertThat(priorities).isNotEmpty().noneMatch(row -> row.contains("max"));
    }

    /**
     * Each byte handed out is one of the content the run began with, whatever changes in the file and
     * wherever the read is: a change in a block already checked is not seen (what was handed out is that
     * content), a change ahead fails before its block is handed out.
     */
    @Test
    void everyByteHandedOutIsOfTheContentTheRunBeganWith() throws Exception {
        byte[] original = new byte[3 * FileContent.BLOCK + 12_345];
        new java.util.Random(7).nextBytes(original);
        original[original.length - 1] = '\n';
        Path file = Files.write(dir.resolve("random.bin"), original);
        FileContent content = FileContent.of(file);
        readAll(content);
        for (int changedAt :
                new int[] {10, FileContent.BLOCK - 1, FileContent.BLOCK, 2 * FileContent.BLOCK + 5, original.length - 1
                }) {
            Files.write(file, original);
            java.io.ByteArrayOutputStream handedOut = new java.io.ByteArrayOutputStream();
            try (InputStream in = content.open()) {
                handedOut.write(in.readNBytes(100));
                byte[] changed = original.clone();
                changed[changedAt] ^= 1;
                Files.write(file, changed);
                byte[] buffer = new byte[8192];
                try {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        handedOut.write(buffer, 0, n);
                    }
                    assertThat(changedAt)
                            .as("only a change in the block already checked reads to the end")
                            .isLessThan(FileContent.BLOCK);
                } catch (FileContent.FileChangedException e) {
                    assertThat(changedAt)
                            .as("the first block was checked before the change")
                            .isGreaterThanOrEqualTo(FileContent.BLOCK);
                    assertThat(handedOut.size())
                            .as("up to the block of the change")
                            .isEqualTo(changedAt / FileContent.BLOCK * FileContent.BLOCK);
                }
            }
            assertThat(java.util.Arrays.equals(
                            handedOut.toByteArray(), 0, handedOut.size(), original, 0, handedOut.size()))
                    .as("changed at " + changedAt)
                    .isTrue();
        }
    }

    private static String readAll(FileContent content) throws IOException {
        try (InputStream in = content.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
