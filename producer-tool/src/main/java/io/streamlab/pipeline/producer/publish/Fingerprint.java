package io.streamlab.pipeline.producer.publish;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 fingerprints that name a dataset: of a file's content ({@link FileContent}), or of the parameters of a generator. */
public final class Fingerprint {
    private Fingerprint() {}

    /** SHA-256 of the parts, each followed by a NUL so ("ab","c") and ("a","bc") differ. */
    public static String of(String... parts) {
        MessageDigest digest = sha256();
        for (String part : parts) {
            digest.update(part.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A SHA-256 digest, for the fingerprints here and {@link FileContent}. */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
