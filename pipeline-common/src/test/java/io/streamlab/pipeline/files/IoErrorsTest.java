package io.streamlab.pipeline.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reason of a failed file operation, where Java's message is only the path. */
class IoErrorsTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFolderIsNoSuchFileNotItsPath() {
        Path missing = dir.resolve("genre_stats");
        IOException e = catchThrowableOfType(
                IOException.class, () -> Files.list(missing).close());

        assertThat(e.getMessage()).isEqualTo(missing.toString());
        assertThat(IoErrors.describe(e, missing)).isEqualTo("no such file or directory");
    }

    @Test
    void aFileWhereAFolderIsExpectedIsNotADirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        IOException under =
                catchThrowableOfType(FileSystemException.class, () -> Files.createDirectories(file.resolve("sub")));
        IOException listed =
                catchThrowableOfType(IOException.class, () -> Files.list(file).close());

        assertThat(IoErrors.describe(under, file.resolve("sub"))).isEqualTo("not a directory");
        assertThat(IoErrors.describe(listed, file)).isEqualTo("not a directory");
    }

    @Test
    void theFileIsNamedWhenItIsNotTheOneTheMessageNames() {
        Path report = dir.resolve("report");
        AccessDeniedException denied =
                new AccessDeniedException(report.resolve("summary.json").toString());

        assertThat(IoErrors.describe(denied, report))
                .isEqualTo("permission denied (" + report.resolve("summary.json") + ")");
        assertThat(IoErrors.describe(new AccessDeniedException(report.toString()), report))
                .isEqualTo("permission denied");
        assertThat(IoErrors.describe(new FileSystemException(report.toString(), null, "Read-only file system"), report))
                .isEqualTo("read-only file system");
        assertThat(IoErrors.describe(new FileSystemException(report.toString()), report))
                .isEqualTo("file system error");
        assertThat(IoErrors.describe(new IOException("No space left on device"), report))
                .isEqualTo("No space left on device");
        assertThat(IoErrors.describe(new IOException(), null)).isEqualTo("IOException");
    }
}
