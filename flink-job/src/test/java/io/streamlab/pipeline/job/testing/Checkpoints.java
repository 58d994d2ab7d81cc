package io.streamlab.pipeline.job.testing;

import io.streamlab.pipeline.files.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The retained checkpoints of a job on disk: {@code <checkpoint.dir>/<job id>/chk-<n>/_metadata}. A
 * checkpoint directory without {@code _metadata} is one that was in progress (or being deleted) and
 * cannot be restored from.
 */
public final class Checkpoints {
    private static final Pattern CHK = Pattern.compile("chk-(\\d+)");

    private Checkpoints() {}

    /** The job directories under a checkpoint directory (one per job id that has checkpointed). */
    public static List<Path> jobDirs(Path checkpointDir) {
        return list(checkpointDir)
                .filter(Files::isDirectory)
                .filter(d -> d.getFileName().toString().matches("[0-9a-f]{32}"))
                .toList();
    }

    /** The completed checkpoint with the highest number under one job directory, if any. */
    public static Optional<Path> latest(Path jobDir) {
        return list(jobDir)
                .filter(d -> CHK.matcher(d.getFileName().toString()).matches())
                .filter(d -> Files.isRegularFile(d.resolve("_metadata")))
                .max(Comparator.comparingLong(Checkpoints::number));
    }

    /** The completed checkpoint with the highest number of any job under {@code checkpointDir}. */
    public static Optional<Path> latestOfAnyJob(Path checkpointDir) {
        return jobDirs(checkpointDir).stream()
                .map(Checkpoints::latest)
                .flatMap(Optional::stream)
                .max(Comparator.comparingLong(Checkpoints::number));
    }

    public static long number(Path chkDir) {
        Matcher m = CHK.matcher(chkDir.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a checkpoint directory: " + chkDir);
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * Files of the job's {@code shared/} directory: what incremental checkpoints (RocksDB) upload once and
     * reference from later checkpoints. Empty for the hashmap backend, which writes full snapshots.
     */
    public static long sharedFiles(Path jobDir) {
        Path shared = jobDir.resolve("shared");
        if (!Files.isDirectory(shared)) {
            return 0;
        }
        // Flink deletes the files of subsumed checkpoints while this counts: what vanishes is not counted
        long[] files = {0};
        try {
            FileTrees.forEachFile(shared, (file, attributes) -> files[0] += attributes.isRegularFile() ? 1 : 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files[0];
    }

    private static Stream<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList().stream();
        } catch (NoSuchFileException gone) {
            return Stream.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
