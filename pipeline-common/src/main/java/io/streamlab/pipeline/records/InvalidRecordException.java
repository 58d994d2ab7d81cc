package io.streamlab.pipeline.records;

/**
 * A record that breaks the contract. Expected in normal operation (bad input is routed to the dead
 * letters), so it carries no stack trace: the message is the reason a person reads, and the category
 * is what metrics count.
 */
public final class InvalidRecordException extends Exception {
    private static final long serialVersionUID = 1L;
    private final RejectCategory category;

    public InvalidRecordException(RejectCategory category, String reason) {
        super(reason, null, false, false);
        this.category = category;
    }

    public RejectCategory category() {
        return category;
    }
}
