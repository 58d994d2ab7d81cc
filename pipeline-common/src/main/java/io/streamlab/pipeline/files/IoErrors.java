package io.streamlab.pipeline.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Why a file operation failed, in words, for messages such as "cannot list X: permission denied". The
 * message of Java's file exceptions is often only the path ({@link NoSuchFileException},
 * {@link AccessDeniedException}), which says nothing a person can act on.
 */
public final class IoErrors {
    private IoErrors() {}

    /**
     * The reason of {@code e}: "no such file or directory", "permission denied", "not a directory",
     * "read-only file system"… followed by the file it concerns when that is not {@code subject} (the
     * path the message names already), e.g. "permission denied (/out/report/summary.json)".
     */
    public static String describe(IOException e, Path subject) {
        String reason = reason(e);
        if (e instanceof FileSystemException fs && fs.getFile() != null) {
            String file = fs.getFile();
            boolean same = subject != null
                    && (file.equals(subject.toString())
                            || Path.of(file)
                                    .toAbsolutePath()
                                    .normalize()
                                    .equals(subject.toAbsolutePath().normalize()));
            if (!same) {
                return reason + " (" + file + ")";
            }
        }
        return reason;
    }

    public static String describe(UncheckedIOException e, Path subject) {
        return describe(e.getCause(), subject);
    }

    /** The reason alone, without a file name. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        if (e instanceof FileSystemLoopException) {
            return "a loop of symbolic links";
        }
        if (e instanceof FileSystemException fs) {
            // the operating system's words ("Not a directory", "Read-only file system", "No space left on device")
            return fs.getReason() != null && !fs.getReason().isBlank()
                    ? lowerFirst(fs.getReason())
                    : "file system error";
        }
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : message.lines().findFirst().orElse("");
    }

    private static String lowerFirst(String s) {
        // "Not a directory" → "not a directory", but "I/O error" and "EIO" stay as they are
        return s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))
                ? s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1)
                : s;
    }
}
