package io.streamlab.pipeline.producer.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamlab.pipeline.producer.Console;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RejectsTest {
    @Test
    void theFirst20AreReportedInFullTheRestCounted() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Rejects rejects = new Rejects(new Console(
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false));
        for (int line = 2; line < 52; line++) {
            rejects.reject(line, "reason " + line);
        }
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(50, rejects.count());
        assertEquals(21, lines.size());
        assertEquals("WARN  line 2: reason 2 (not published)", lines.get(0));
        assertEquals("WARN  line 21: reason 21 (not published)", lines.get(19));
        assertEquals("WARN  further invalid rows are only counted (see the summary)", lines.get(20));
    }
}
