package io.streamlab.pipeline.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A CSV row above the bound is not held: its fields are read past, and one endless field is refused. */
class CsvRowsTest {

    @Test
    void aRowOfTooManyFieldsIsReadPastAndTheNextRowIsWhole() throws Exception {
        String wide = "x," + "1,".repeat(5_000) + "1\n";
        String csv = "a,b\n1,2\n" + wide + "3,4\n";
        try (CsvRows rows = new CsvRows(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), -1, 1024)) {
            assertThat(rows.next().fields()).containsExactly("a", "b");
            assertThat(rows.next().fields()).containsExactly("1", "2");
            CsvRows.CsvRow tooLong = rows.next();
            assertThat(tooLong.tooLong()).isTrue();
            assertThat(tooLong.line()).isEqualTo(3);
            assertThat(tooLong.chars()).isEqualTo(wide.length()); // with the line break before it
            CsvRows.CsvRow next = rows.next();
            assertThat(next.line()).isEqualTo(4);
            assertThat(next.fields()).containsExactly("3", "4");
            assertThat(rows.next()).isNull();
        }
    }

    @Test
    void aRowIsMeasuredFromTheEndOfThePreviousOneWhateverItsLastField() throws Exception {
        // the parser's token offsets lag a field behind: measured from them, a row after one that ends in a
        // long field was counted with that field and refused
        String csv = "a,b\n1," + "x".repeat(600) + "\n2," + "y".repeat(600) + "\n3,z\n";
        try (CsvRows rows = new CsvRows(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), -1, 1024)) {
            assertThat(rows.next().chars()).isEqualTo(3);
            for (int i = 1; i <= 2; i++) {
                CsvRows.CsvRow row = rows.next();
                assertThat(row.tooLong()).isFalse();
                assertThat(row.chars()).isEqualTo(603);
            }
            assertThat(rows.next().fields()).containsExactly("3", "z");
        }
    }

    /**
     * A quarter of a billion empty fields (a gigabyte of references if they were kept): read past, and the
     * row after it is whole. The fields stop being kept at the bound, so the size changes only the time.
     */
    @Test
    void aRowOfAQuarterOfABillionFieldsIsReadPastAndTheNextRowIsWhole() throws Exception {
        long commas = 1L << 28;
        try (CsvRows rows = new CsvRows(EndlessInput.of("a,b\n1,2\n3", commas, ',', "\n4,5\n"), -1, 1024 * 1024)) {
            rows.next();
            rows.next();
            CsvRows.CsvRow endless = rows.next();
            assertThat(endless.tooLong()).as("its fields not kept").isTrue();
            assertThat(endless.line()).isEqualTo(3);
            assertThat(endless.chars()).isEqualTo(commas + 2); // the line break before it and "3"
            CsvRows.CsvRow next = rows.next();
            assertThat(next.line()).isEqualTo(4);
            assertThat(next.fields()).containsExactly("4", "5");
            assertThat(rows.next()).isNull();
        }
    }

    @Test
    void aQuoteNeverClosedIsRefusedBeforeTheRestOfTheFileIsHeld() throws Exception {
        try (CsvRows rows = new CsvRows(
                EndlessInput.of("a,b\n1,2\n3,\"", EndlessInput.BEYOND_ANY_ARRAY, 'z', ""), -1, 1024 * 1024)) {
            rows.next();
            rows.next();
            assertThatThrownBy(rows::next)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("starts on line 3")
                    .hasMessageContaining("limits.file-row.max-bytes (1048576)")
                    .hasMessageContaining("quoted field not closed");
        }
    }

    @Test
    void aFileWhoseFirstBytesAreNoTextIsRefusedAsNotText() {
        // an icon (00 00 01 00) and a font (00 01 00 00): the parser's encoding guess fails on them
        for (byte[] start :
                List.of(new byte[] {0, 0, 1, 0, 1, 0}, new byte[] {0, 1, 0, 0, 0, 12}, new byte[] {0, 0, -1, -2})) {
            assertThatThrownBy(() -> new CsvRows(new ByteArrayInputStream(start), -1, 1024))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageStartingWith("the start of the file is not UTF-8 text (")
                    .hasMessageEndingWith("is the file a CSV file?");
        }
    }

    @Test
    void aFileThatIsNotUtf8TextOrEndsInsideAQuoteIsNamedWithTheLine() throws Exception {
        byte[] binary = {'a', ',', 'b', '\n', '1', ',', (byte) 0x8d, (byte) 0xff, '\n'};
        try (CsvRows rows = new CsvRows(new ByteArrayInputStream(binary), -1, 1024)) {
            rows.next();
            assertThatThrownBy(rows::next)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("line 2 is not UTF-8 text")
                    .hasMessageContaining("is the file a CSV file?");
        }
        byte[] unclosed = "a,b\n1,\"two\n3,4\n".getBytes(StandardCharsets.UTF_8);
        try (CsvRows rows = new CsvRows(new ByteArrayInputStream(unclosed), -1, 1024)) {
            rows.next();
            assertThatThrownBy(rows::next)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("starts on line 2")
                    .hasMessageContaining("quoted field");
        }
    }
}
