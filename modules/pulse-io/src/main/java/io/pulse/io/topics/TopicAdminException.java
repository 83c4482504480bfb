package io.pulse.io.topics;

/** The cluster could not be reached, or refused to create or describe a topic. */
public class TopicAdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TopicAdminException(String message, Throwable cause) {
        super(message, cause);
    }
}
