package io.pulse.app.http;

/**
 * A request that ends with an error status and a one-line reason, answered as {@code {"error": "..."}}.
 * Thrown by parameter parsing and queries; {@link HttpApi} turns it into the response.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** 400: a parameter the caller can fix. */
    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** 404: nothing under that key. */
    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    /** 503: the answer exists but cannot be given now (not started, rebalancing, owner down). */
    public static ApiException unavailable(String message) {
        return new ApiException(503, message);
    }

    public int status() {
        return status;
    }
}
