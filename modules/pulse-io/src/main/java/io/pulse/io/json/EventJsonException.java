package io.pulse.io.json;

/** A JSON line that is not an input event of SPEC §2; the message says what is wrong in one line. */
public class EventJsonException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public EventJsonException(String message) {
        super(message);
    }
}
