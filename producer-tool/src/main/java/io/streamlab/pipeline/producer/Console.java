package io.streamlab.pipeline.producer;

import java.io.PrintStream;

/**
 * What the tool tells its user: results and progress on {@code out}, warnings and errors on
 * {@code err}, in a short human format. On a terminal, {@link #status} keeps one line updated in place
 * ({@code \r}); other messages first clear it. Thread-safe: the shutdown hook may print too.
 */
public final class Console {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private int statusLength;

    public Console(PrintStream out, PrintStream err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /** True when a person watches: progress is one line updated in place instead of periodic lines. */
    public boolean terminal() {
        return terminal;
    }

    public synchronized void info(String message) {
        clearStatus();
        out.println(message);
        out.flush();
    }

    public synchronized void warn(String message) {
        clearStatus();
        err.println("WARN  " + message);
        err.flush();
    }

    /** The final line of a failed run. */
    public synchronized void error(String message) {
        clearStatus();
        err.println("ERROR " + message);
        err.flush();
    }

    /** Replaces the status line on a terminal; elsewhere prints an ordinary line. */
    public synchronized void status(String line) {
        if (!terminal) {
            info(line);
            return;
        }
        StringBuilder sb = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < statusLength; i++) {
            sb.append(' ');
        }
        out.print(sb);
        out.flush();
        statusLength = line.length();
    }

    private void clearStatus() {
        if (statusLength > 0) {
            out.print("\r" + " ".repeat(statusLength) + "\r");
            statusLength = 0;
        }
    }
}
