package io.streamlab.pipeline.ops.local;

import io.streamlab.pipeline.files.FileTrees;
import io.streamlab.pipeline.files.IoErrors;
import io.streamlab.pipeline.ops.OpsFailure;
import io.streamlab.pipeline.snapshots.Snapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The job's output.dir on this machine, and clearing it without ever deleting more than the output. */
record OutputDirectory(Path path) {
    static OutputDirectory of(String outputDir) {
        Path local = Snapshots.localPath(outputDir)
                .orElseThrow(() -> new OpsFailure("output.dir " + outputDir
                        + " is not a local directory: the local run writes, and clears, local output only"));
        return new OutputDirectory(local.toAbsolutePath().normalize());
    }

    boolean exists() {
        return Files.isDirectory(path);
    }

    /** Left by a bounded run in the output it rewrote: no streaming snapshot goes with that output. */
    static final String BOUNDED_RUN_MARK = "_written-by-a-bounded-run";

    boolean writtenByABoundedRun() {
        return Files.isRegularFile(path.resolve(BOUNDED_RUN_MARK));
    }

    void markWrittenByABoundedRun() {
        try {
            Files.createDirectories(path);
            Files.writeString(
                    path.resolve(BOUNDED_RUN_MARK),
                    "./run-local.sh --bounded rewrote this output: the next streaming run starts over\n");
        } catch (IOException e) {
            throw new OpsFailure("cannot write " + path.resolve(BOUNDED_RUN_MARK) + ": " + IoErrors.describe(e, path));
        }
    }

    /**
     * Deletes the output. A typo such as {@code --output.dir .} or {@code ~} must not delete the
     * checkout or a home directory: a folder that holds the working directory or the checkout, the
     * file system root or the home directory is refused.
     */
    void clear(Path checkout) {
        Path cwd = Path.of("").toAbsolutePath().normalize();
        Path home = Path.of(System.getProperty("user.home")).toAbsolutePath().normalize();
        if (path.getParent() == null || path.equals(home) || cwd.startsWith(path) || checkout.startsWith(path)) {
            throw new OpsFailure("refusing to delete " + path + " (output.dir): it is /, your home directory, or holds"
                    + " the working directory or the checkout; give the output a folder of its own");
        }
        // the configuration refuses a file here (PipelineConfig); checked again right before the delete,
        // which would take a file created since just as well
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new OpsFailure("refusing to delete " + path + " (output.dir): it is a file, not an output folder");
        }
        try {
            FileTrees.deleteRecursively(path);
        } catch (IOException e) {
            throw new OpsFailure("cannot clear " + path + ": " + IoErrors.describe(e, path)
                    + " (files written by the compose cluster's containers belong to uid 9999: remove them with sudo)");
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
