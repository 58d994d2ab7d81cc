package io.streamlab.pipeline.producer.publish;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A file's content at one moment, and the streams that read exactly that content or fail: the size is
 * taken when the run begins, the SHA-256 (what names the dataset) by the first read to the end, with one of
 * each block of {@value #BLOCK} bytes, and every later read checks each block against it before it hands
 * out a byte of it. Bytes appended since are not read, so a file an exporter is still writing is published
 * as it was when the run began, provided it ended with a whole row then. A file rewritten, shortened or
 * replaced meanwhile fails before a byte of other content is read: it was recorded complete under the id
 * of content it did not send, and every later run skipped what it had sent instead. Until 2026-12-03 the
 * check came at the end of the file only, and the rows read before it from a file rewritten in place were
 * published, and committed, under the id of the content the run began with.
 */
public final class FileContent {
    /** The bytes checked at once: what a read holds in memory. */
    static final int BLOCK = 1 << 20;

    private final Path file;
    private final long size;
    private String sha256;
    /** The SHA-256 of each block, in order, known with {@link #sha256}. */
    private List<byte[]> blockDigests;

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

    /**
     * The content's bytes; a {@link FileChangedException} instead of any byte the file no longer holds as it
     * did at the first read to the end (and at the end of that first read, if the file changed during it).
     */
    public InputStream open() throws IOException {
        InputStream in = Files.newInputStream(file);
        return sha256 == null ? new FirstRead(in) : new Checked(in, blockDigests);
    }

    /** The file changed while it was read: not the content the run began with. */
    public static final class FileChangedException extends IOException {
        FileChangedException(String message) {
            super(message);
        }
    }

    private FileChangedException changed(String problem) {
        return new FileChangedException(problem + ", so it is not the content this run began with."
                + " Publish a file once it is complete (a changed file is another dataset)");
    }

    private String shorter(long missing) {
        return file + " got shorter while it was read (" + missing + " of its " + size + " bytes missing)";
    }

    private String rewritten() {
        return file + " changed while it was read (rewritten or replaced)";
    }

    /** A last row cut short when the run began: it could be a valid row with a wrong value. */
    private String cutShort(int lastByte) throws IOException {
        return lastByte != '\n' && lastByte != '\r' && Files.size(file) > size
                ? file + " was still being written when the run began: its last row then was cut short"
                : null;
    }

    /** What both reads share: the bytes left, the last one read, and a failure that stays. */
    private abstract class Bounded extends FilterInputStream {
        private final byte[] one = new byte[1];
        long left = size;
        int lastByte = -1;
        FileChangedException changed;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
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
        public boolean markSupported() {
            return false;
        }

        FileChangedException fail(String problem) {
            changed = changed(problem);
            return changed;
        }
    }

    /** The first read to the end: takes the SHA-256 of the whole and of each block. */
    private final class FirstRead extends Bounded {
        private final MessageDigest whole = Fingerprint.sha256();
        private final MessageDigest ofBlock = Fingerprint.sha256();
        private final List<byte[]> blocks = new ArrayList<>();
        private int inBlock;
        private boolean ended;

        FirstRead(InputStream in) {
            super(in);
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
            whole.update(b, off, n);
            for (int done = 0; done < n; ) {
                int part = Math.min(n - done, BLOCK - inBlock);
                ofBlock.update(b, off + done, part);
                done += part;
                inBlock += part;
                if (inBlock == BLOCK) {
                    blocks.add(ofBlock.digest());
                    inBlock = 0;
                }
            }
            left -= n;
            lastByte = b[off + n - 1];
            return n;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), left);
        }

        private void end() throws IOException {
            if (ended) {
                return;
            }
            ended = true;
            String problem = left > 0 ? shorter(left) : cutShort(lastByte);
            if (problem != null) {
                throw fail(problem);
            }
            if (inBlock > 0) {
                blocks.add(ofBlock.digest());
            }
            String read = HexFormat.of().formatHex(whole.digest());
            if (sha256 == null) {
                sha256 = read;
                blockDigests = List.copyOf(blocks);
            } else if (!read.equals(sha256)) {
                throw fail(rewritten());
            }
        }
    }

    /** A later read: each block is read whole and checked before a byte of it is handed out. */
    private final class Checked extends Bounded {
        private final List<byte[]> digests;
        private final MessageDigest ofBlock = Fingerprint.sha256();
        private final byte[] block;
        private int index;
        private int position;
        private int length;

        Checked(InputStream in, List<byte[]> digests) {
            super(in);
            this.digests = digests;
            this.block = new byte[(int) Math.min(BLOCK, Math.max(size, 1))];
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (changed != null) {
                throw changed;
            }
            if (len == 0) {
                return 0;
            }
            if (position == length) {
                if (left == 0) {
                    String problem = cutShort(lastByte);
                    if (problem != null) {
                        throw fail(problem);
                    }
                    return -1;
                }
                nextBlock();
            }
            int n = Math.min(len, length - position);
            System.arraycopy(block, position, b, off, n);
            position += n;
            return n;
        }

        private void nextBlock() throws IOException {
            int wanted = (int) Math.min(BLOCK, left);
            int got = in.readNBytes(block, 0, wanted);
            if (got < wanted) {
                throw fail(shorter(left - got));
            }
            ofBlock.update(block, 0, got);
            if (index >= digests.size() || !MessageDigest.isEqual(ofBlock.digest(), digests.get(index))) {
                throw fail(rewritten());
            }
            index++;
            left -= got;
            lastByte = block[got - 1];
            position = 0;
            length = got;
        }

        @Override
        public int available() {
            return length - position;
        }
    }
}
