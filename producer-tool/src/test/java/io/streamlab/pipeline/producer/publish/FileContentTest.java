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
import java.util.HexFormat;
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

    /** Through the reader it is published with: the rows before the end come, then the failure, never a clean end. */
    @Test
    void aChangedFileNeverReachesAnEndOfRows() throws Exception {
        StringBuilder csv = new StringBuilder("a,b\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append(i).append(",x\n");
        }
        Path file = Files.writeString(dir.resolve("big.csv"), csv);
        FileContent content = FileContent.of(file);
        readAll(content);
        try (CsvRows rows = new CsvRows(content.open(), content.size(), 1 << 20)) {
            rows.next();
            rows.next();
            // rewritten in place after the first rows were read: the reader is well inside the file
            Files.writeString(file, csv.toString().replace(",x\n", ",y\n"));
            assertThatThrownBy(() -> {
                        while (rows.next() != null) {
                            // every row until the end
                        }
                    })
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("changed while it was read");
        }

        // and a file of tickets, one JSON object per line
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            lines.append("{\"ticket_id\":\"T-")
                    .append(i)
                    .append("\",\"client_id\":\"C\",")
                    .append("\"created_at\":\"2025-01-31T10:00:00Z\",\"type\":\"incident\",\"priority\":\"low\"}\n");
        }
        Path tickets = Files.writeString(dir.resolve("t.jsonl"), lines);
        FileContent ticketsContent = FileContent.of(tickets);
        readAll(ticketsContent);
        try (var reader = io.streamlab.pipeline.producer.tickets.TicketFileReader.open(
                ticketsContent,
                io.streamlab.pipeline.producer.tickets.TicketFileReader.Format.JSONL,
                java.util.Map.of(),
                io.streamlab.pipeline.config.PipelineConfig.defaults().limits())) {
            reader.next();
            Files.writeString(tickets, lines.toString().replace("low", "max"));
            assertThatThrownBy(() -> {
                        while (reader.next() != null) {
                            // every row until the end
                        }
                    })
                    .hasMessageContaining("changed while it was read");
        }
    }

    private static String readAll(FileContent content) throws IOException {
        try (InputStream in = content.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
