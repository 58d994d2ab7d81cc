package io.streamlab.pipeline.producer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@link JsonRows} cuts JSON lines and array elements, and that a row above the bound is never held. */
class JsonRowsTest {

    /** A row as the test sees it: line, text or "TOO LONG n". */
    private static List<String> all(JsonRows rows) throws IOException {
        List<String> seen = new ArrayList<>();
        for (JsonRows.Chunk c = rows.next(); c != null; c = rows.next()) {
            seen.add(c.line() + ": "
                    + (c.tooLong() ? "TOO LONG " + c.length() : new String(c.bytes(), StandardCharsets.UTF_8)));
        }
        return seen;
    }

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void linesAreCutAtLineBreaksWithTheirNumbers() throws IOException {
        assertThat(all(JsonRows.lines(text("{\"a\":1}\r\n\n  \n{\"b\":\"é\"}\n{\"c\":3}"), 1024)))
                .containsExactly("1: {\"a\":1}", "2: ", "3:   ", "4: {\"b\":\"é\"}", "5: {\"c\":3}");
        assertThat(all(JsonRows.lines(text(""), 1024))).isEmpty();
        assertThat(all(JsonRows.lines(text("x\n"), 1024))).containsExactly("1: x");
    }

    @Test
    void aLineAboveTheBoundIsMeasuredAndSkippedAndTheNextOneIsRead() throws IOException {
        String line = "{\"x\":\"" + "a".repeat(100) + "\"}";
        assertThat(all(JsonRows.lines(text("{}\n" + line + "\n{\"y\":1}\n"), 100)))
                .containsExactly("1: {}", "2: TOO LONG " + line.length(), "3: {\"y\":1}");
        assertThat(all(JsonRows.lines(text(line), line.length()))).containsExactly("1: " + line);
    }

    @Test
    void aLineLongerThanAnyArrayCostsNoMemory() throws IOException {
        JsonRows rows = JsonRows.lines(
                EndlessInput.of("{\"ok\":1}\n{\"x\":\"", EndlessInput.BEYOND_ANY_ARRAY, 'a', "\"}\r\n{\"ok\":2}\n"),
                1024);
        assertThat(all(rows))
                .containsExactly(
                        "1: {\"ok\":1}", "2: TOO LONG " + (EndlessInput.BEYOND_ANY_ARRAY + 8), "3: {\"ok\":2}");
    }

    @Test
    void arrayElementsFollowStringsEscapesAndNesting() throws IOException {
        String file = "\uFEFF \n [\n {\"a\":\"],\\\"[{\"},\n{\"b\":[1,{\"c\":[]}]} ,\n  [2,3],\"s\" ,4\n] \n";
        assertThat(all(JsonRows.arrayOrLines(text(file), 1024)))
                .containsExactly(
                        "3: {\"a\":\"],\\\"[{\"}", "4: {\"b\":[1,{\"c\":[]}]} ", "5: [2,3]", "5: \"s\" ", "5: 4\n");
        assertThat(all(JsonRows.arrayOrLines(text("[]"), 1024))).isEmpty();
        assertThat(all(JsonRows.arrayOrLines(text(" [ \n ] "), 1024))).isEmpty();
    }

    @Test
    void aLoneCarriageReturnEndsALineAsInOldMacFiles() throws IOException {
        assertThat(all(JsonRows.lines(text("{\"a\":1}\r{\"b\":2}\r\r\n{\"c\":3}\r"), 1024)))
                .containsExactly("1: {\"a\":1}", "2: {\"b\":2}", "3: ", "4: {\"c\":3}");
        assertThat(all(JsonRows.arrayOrLines(text("\r\r{\"a\":1}\r{\"b\":2}"), 1024)))
                .containsExactly("3: {\"a\":1}", "4: {\"b\":2}");
        assertThat(all(JsonRows.arrayOrLines(text("[\r{\"a\":1},\r\n{\"b\":2}\r]"), 1024)))
                .containsExactly("2: {\"a\":1}", "3: {\"b\":2}\r");
    }

    @Test
    void aCarriageReturnAndItsLineFeedInTwoReadsAreOneLineBreak() throws IOException {
        InputStream oneByteAtATime = new InputStream() {
            private final InputStream bytes = text("{\"a\":1}\r\n{\"b\":2}\r\n");

            @Override
            public int read() throws IOException {
                return bytes.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return bytes.read(b, off, Math.min(len, 1));
            }
        };
        assertThat(all(JsonRows.lines(oneByteAtATime, 1024))).containsExactly("1: {\"a\":1}", "2: {\"b\":2}");
    }

    @Test
    void anEmptyElementIsABlankRowAndACommaBeforeTheEndIsNot() throws IOException {
        assertThat(all(JsonRows.arrayOrLines(text("[,1,\n, ,2,]"), 1024)))
                .containsExactly("1: ", "1: 1", "2: ", "2: ", "2: 2");
    }

    @Test
    void whatFollowsTheArrayIsAnErrorNotLeftUnread() throws IOException {
        JsonRows twoArrays = JsonRows.arrayOrLines(text("[{\"a\":1}]\n[{\"b\":2}]"), 1024);
        assertThat(twoArrays.next().line()).isEqualTo(1);
        assertThatThrownBy(twoArrays::next)
                .isInstanceOf(IOException.class)
                .hasMessage("line 2: the file goes on after its JSON array, which ends on line 1;"
                        + " nothing after the array was read (two arrays in one file?)");
        JsonRows empty = JsonRows.arrayOrLines(text("[ ]\n\n]"), 1024);
        assertThatThrownBy(empty::next).isInstanceOf(IOException.class).hasMessageStartingWith("line 3:");
    }

    @Test
    void withoutAnOpeningBracketTheFileIsJsonLines() throws IOException {
        assertThat(all(JsonRows.arrayOrLines(text("\n\n{\"a\":1}\n{\"b\":[2]}\n"), 1024)))
                .containsExactly("3: {\"a\":1}", "4: {\"b\":[2]}");
    }

    @Test
    void anElementLongerThanAnyArrayIsSkippedAndTheNextOneIsRead() throws IOException {
        JsonRows rows = JsonRows.arrayOrLines(
                EndlessInput.of("[{\"ok\":1},\n{\"x\":[\"", EndlessInput.BEYOND_ANY_ARRAY, ',', "\"]},{\"ok\":2}]"),
                1024);
        assertThat(all(rows))
                .containsExactly(
                        "1: {\"ok\":1}", "2: TOO LONG " + (EndlessInput.BEYOND_ANY_ARRAY + 10), "2: {\"ok\":2}");
    }

    @Test
    void anArrayThatIsNeverClosedIsAnError() throws IOException {
        JsonRows rows = JsonRows.arrayOrLines(text("[{\"a\":1},\n{\"b\":\"]\"}"), 1024);
        assertThat(rows.next().line()).isEqualTo(1);
        assertThatThrownBy(rows::next)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("no closing ']'");
        JsonRows open = JsonRows.arrayOrLines(text("[{\"a\":1},  "), 1024);
        open.next();
        assertThatThrownBy(open::next).isInstanceOf(IOException.class).hasMessageContaining("no closing ']'");
    }
}
