package io.pulse.dev.broker;

/** The embedded broker could not start, format its storage, or do what a helper asked. */
public class EmbeddedKafkaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EmbeddedKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
