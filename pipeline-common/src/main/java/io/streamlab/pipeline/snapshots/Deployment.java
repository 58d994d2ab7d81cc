package io.streamlab.pipeline.snapshots;

import io.streamlab.pipeline.config.PipelineConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * One place the pipeline runs and keeps its history: a job name and the checkpoint directory its jobs
 * write to (the local run, the compose cluster, a test's cluster).
 *
 * <p>Every job a deployment starts gets an id that begins with the deployment's {@link #fingerprint}.
 * Flink names a savepoint {@code savepoint-<first 6 hex digits of the job id>-<random>} and a retained
 * checkpoint {@code <checkpoint dir>/<job id>/chk-<n>}, so every snapshot says which deployment wrote it,
 * wherever it is copied: a deployment resumes, and prunes, only its own. A job started by other means
 * (the web UI, {@code flink run}) has a random id and is nobody's.
 */
public record Deployment(String jobName, String checkpointDir) {
    /** Hex digits of a job id that Flink keeps in a savepoint's name. */
    public static final int FINGERPRINT_LENGTH = 6;

    private static final int JOB_ID_LENGTH = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    public static Deployment of(PipelineConfig config) {
        return new Deployment(config.job().name(), config.faultTolerance().checkpointDir());
    }

    /** The first 6 hex digits of SHA-256 over the job name and the normalised checkpoint directory. */
    public String fingerprint() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((jobName + "\n" + normalise(checkpointDir)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, FINGERPRINT_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** A fresh job id of this deployment: its fingerprint, then 26 random hex digits. */
    public String newJobId() {
        byte[] random = new byte[JOB_ID_LENGTH / 2];
        RANDOM.nextBytes(random);
        return fingerprint() + HexFormat.of().formatHex(random).substring(FINGERPRINT_LENGTH);
    }

    /** Whether a job id, or the 6-digit prefix a savepoint's name keeps of it, is one of this deployment's. */
    public boolean started(String jobIdOrPrefix) {
        return jobIdOrPrefix.length() >= FINGERPRINT_LENGTH
                && jobIdOrPrefix.toLowerCase(Locale.ROOT).startsWith(fingerprint());
    }

    /**
     * The same directory written differently gives the same fingerprint: {@code file:///a/b/},
     * {@code file:/a/b} and {@code /a/b} are one, {@code ./.local/checkpoints} and
     * {@code .local/checkpoints} are one. A relative path stays relative, so a checkout that moves
     * keeps its deployment.
     */
    static String normalise(String dir) {
        String trimmed = dir.trim();
        Optional<Path> local = Snapshots.localPath(trimmed);
        if (local.isEmpty()) {
            return trimmed.replaceAll("/+$", "");
        }
        String normalised = local.get().normalize().toString();
        return normalised.isEmpty() ? "." : normalised;
    }
}
