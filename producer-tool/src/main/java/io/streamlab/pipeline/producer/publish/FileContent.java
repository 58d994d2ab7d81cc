package io.streamlab.pipeline.producer.publish;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A file's content at one moment, and the streams that read exactly that content or fail: the size is
 * taken when the run begins, the SHA-256 (what names the dataset) by the first read to the end, and every
 * later read must find the same bytes. Bytes appended since are not read, so a file an exporter is still
 * writing is published as it was when the run began, provided it ended with a whole row then. A file
 * rewritten, shortened or replaced meanwhile fails at its end, before its dataset is recorded complete: it
 * was recorded complete under the id of content it did not send, and every later run skipped what it had
 * sent instead.
 */
public final class FileContent {
    private final Path file;
    private final long size;
    private String sha256;

    private FileContent(Path file, long size) {
        this.file = file;
        this.size = size;
    }

    /** The file as it is now: its size. */
    public static FileContent of(Path file) throws IOException {
        return new FileContent(file, Files.size(file));
    }

    public long size() {
        return size;
    }

    /** The SHA-256 of the content, known once a stream of {@link #open()} was read to its end. */
    public String sha256() {
        if (sha256 == null) {
            throw new IllegalStateException(file + " was not read to its end yet");
        }
        return sha256;
    }

    /** The content's bytes; at their end, a {@link FileChangedException} if the file no longer holds them. */
    public InputStream open() throws IOException {
        return new Verified(Files.newInputStream(file));
    }

    /** The file changed while it was read: not the content the run began with. */
    public static final class FileChangedException extends IOException {
        FileChangedException(String message) {
            super(message);
        }
    }

    private final class Verified extends FilterInputStream {
        private final MessageDigest digest = Fingerprint.sha256();
        private final byte[] one = new byte[1];
        private long left = size;
        private int lastByte = -1;
        private boolean ended;
        private FileChangedException changed;

        Verified(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (changed != null) {
                throw changed;
            }
            if (len == 0) {
                return 0;
            }
            int n = left == 0 ? -1 : in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                end();
                return -1;
            }
            digest.update(b, off, n);
            left -= n;
            lastByte = b[off + n - 1];
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            if (n <= 0) {
                return 0;
            }
            byte[] skipped = new byte[(int) Math.min(n, 1 << 16)];
            return Math.max(read(skipped, 0, skipped.length), 0);
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), left);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void end() throws IOException {
            if (ended) {
                return;
            }
            ended = true;
            String problem = null;
            if (left > 0) {
                problem = file + " got shorter while it was read (" + left + " of its " + size + " bytes missing)";
            } else {
                String read = HexFormat.of().formatHex(digest.digest());
                if (sha256 == null) {
                    sha256 = read;
                } else if (!read.equals(sha256)) {
                    problem = file + " changed while it was read (rewritten or replaced)";
                }
                if (problem == null && lastByte != '\n' && lastByte != '\r' && Files.size(file) > size) {
                    problem =
                            file + " was still being written when the run began: its last row then was cut" + " short";
                }
            }
            if (problem != null) {
                changed = new FileChangedException(problem + ", so it is not the content this run began with."
                        + " Publish a file once it is complete (a changed file is another dataset)");
                throw changed;
            }
        }
    }
}
