package io.streamlab.pipeline.cli;

import io.streamlab.pipeline.config.PipelineConfig;
import io.streamlab.pipeline.config.RawConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Flag values read the same way by every tool, with a usage error that names the flag, the value and
 * what was expected ("invalid value 'x' for --batch-size: expected a whole number from 1 to 1000000").
 * Commands call them from their options' setter methods, so a bad value is reported while parsing.
 */
public final class Flags {
    private Flags() {}

    public static ParameterException invalid(CommandSpec command, String flag, String value, String expected) {
        return usage(
                command,
                "invalid value '" + RawConfig.withoutCredentials(value) + "' for " + flag + ": expected " + expected);
    }

    public static ParameterException usage(CommandSpec command, String message) {
        return new ParameterException(command.commandLine(), message);
    }

    /** Whether the user wrote {@code flag} on the command line (a default does not count). */
    public static boolean given(CommandSpec command, String flag) {
        return command.commandLine().getParseResult().hasMatchedOption(flag);
    }

    /** Fails when both flags are given. */
    public static void exclusive(CommandSpec command, String a, String b) {
        if (given(command, a) && given(command, b)) {
            throw usage(command, a + " and " + b + " cannot be used together");
        }
    }

    public static String nonEmpty(CommandSpec command, String flag, String text) {
        if (text.isBlank()) {
            throw invalid(command, flag, text, "a non-empty value");
        }
        return text;
    }

    /** A whole number from min to max; underscores may group digits (1_000_000). */
    public static long wholeNumber(CommandSpec command, String flag, String text, long min, long max) {
        String expected = "a whole number from " + min + " to " + max;
        try {
            long parsed = Long.parseLong(text.trim().replace("_", ""));
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, as a value out of range is
        }
        throw invalid(command, flag, text, expected);
    }

    public static int wholeNumber(CommandSpec command, String flag, String text, int min, int max) {
        return (int) wholeNumber(command, flag, text, (long) min, (long) max);
    }

    public static double number(CommandSpec command, String flag, String text, double min, double max) {
        try {
            double parsed = Double.parseDouble(text.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, as a value out of range is
        }
        throw invalid(command, flag, text, "a number from " + min + " to " + max);
    }

    /** A positive duration written as in the configuration: 500ms, 5s, 2min, 1h or 7d. */
    public static Duration duration(CommandSpec command, String flag, String text) {
        Duration parsed = PipelineConfig.parseDuration(text);
        if (parsed == null || parsed.isZero()) {
            throw invalid(
                    command,
                    flag,
                    text,
                    "a positive duration such as 500ms, 5s, 2min or 1h, at most " + PipelineConfig.MAX_DURATION);
        }
        return parsed;
    }

    /** An instant written as ISO-8601 (2025-01-31T10:00:00Z, or with an offset) or as epoch seconds. */
    public static Instant instant(CommandSpec command, String flag, String text) {
        String t = text.trim();
        try {
            if (t.matches("\\d{1,12}")) {
                return Instant.ofEpochSecond(Long.parseLong(t));
            }
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw invalid(command, flag, t, "an ISO-8601 instant such as 2025-01-31T10:00:00Z, or epoch seconds");
        }
    }

    /** A file that must exist and be readable. */
    public static Path existingFile(CommandSpec command, String flag, Path path) {
        if (!Files.isRegularFile(path)) {
            throw usage(command, flag + ": file " + path.toAbsolutePath() + " does not exist or is not a file");
        }
        if (!Files.isReadable(path)) {
            throw usage(command, flag + ": file " + path.toAbsolutePath() + " is not readable");
        }
        return path;
    }
}
