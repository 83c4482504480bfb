package io.pulse.app.access;

/**
 * A request the access rules turn away: 401 for missing or bad credentials, 403 for a valid caller asking for what
 * is not theirs, 429 for a client over its rate, 503 when the rules cannot be evaluated now (the identity
 * provider's keys or the directory unavailable). The message is one line, safe to show the caller: it never holds
 * a credential.
 */
public final class AccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public AccessException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static AccessException unauthorized(String message) {
        return new AccessException(401, message);
    }

    public static AccessException forbidden(String message) {
        return new AccessException(403, message);
    }

    public int status() {
        return status;
    }
}
