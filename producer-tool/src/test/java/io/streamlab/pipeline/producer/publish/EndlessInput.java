package io.streamlab.pipeline.producer.publish;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Input that no reader can hold: {@code head}, then {@code count} bytes of {@code filler} made up as they
 * are read (more than any Java array takes, so a reader that buffered them would fail), then {@code tail}.
 */
final class EndlessInput extends InputStream {
    /** Over 2 GiB: more than an array or a String can hold. */
    static final long BEYOND_ANY_ARRAY = (1L << 31) + 12_345;

    private long left;
    private final byte filler;

    private EndlessInput(long count, byte filler) {
        this.left = count;
        this.filler = filler;
    }

    static InputStream of(String head, long count, char filler, String tail) {
        return new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(head.getBytes(StandardCharsets.UTF_8)),
                new EndlessInput(count, (byte) filler),
                new ByteArrayInputStream(tail.getBytes(StandardCharsets.UTF_8)))));
    }

    @Override
    public int read() {
        if (left == 0) {
            return -1;
        }
        left--;
        return filler;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (left == 0) {
            return -1;
        }
        int n = (int) Math.min(len, left);
        Arrays.fill(b, off, off + n, filler);
        left -= n;
        return n;
    }
}
