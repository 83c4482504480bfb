package io.pulse.streams.event;

/** A record breaks a rule of SPEC §2; the message is the reason recorded in the dead-letter topic. */
public final class InvalidEventException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidEventException(String reason) {
        super(reason, null, false, false);
    }
}
