package io.pulse.serde.registry;

/**
 * A schema-registry call that failed, with what the registry said: the HTTP status, its {@code
 * error_code} and message. {@link #kind()} classifies the variants real registries answer with
 * (an incompatible schema is HTTP 409 with {@code error_code} 409 on one registry and 0 on
 * another), so callers never compare numbers themselves.
 */
public class RegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Confluent's documented error codes. */
    public static final int SUBJECT_NOT_FOUND = 40401;

    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;

    /** What went wrong, independent of the registry's dialect. */
    public enum Kind {
        SUBJECT_NOT_FOUND,
        VERSION_NOT_FOUND,
        SCHEMA_NOT_FOUND,
        /** The subject has no subject-level compatibility (the global level applies). */
        CONFIG_NOT_FOUND,
        INCOMPATIBLE,
        INVALID_SCHEMA,
        INVALID_REQUEST,
        UNAUTHORIZED,
        FORBIDDEN,
        SERVER_ERROR,
        /** No answer: connection refused, timeout, TLS failure. */
        UNAVAILABLE,
        OTHER
    }

    private final int httpStatus;
    private final int errorCode;
    private final Kind kind;
    private final String registryMessage;

    public RegistryException(int httpStatus, int errorCode, Kind kind, String registryMessage, String message) {
        this(httpStatus, errorCode, kind, registryMessage, message, null);
    }

    public RegistryException(
            int httpStatus, int errorCode, Kind kind, String registryMessage, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.kind = kind;
        this.registryMessage = registryMessage;
    }

    /** An error as an in-JVM registry raises it, with the HTTP status a real registry would use. */
    public static RegistryException of(int errorCode, String registryMessage) {
        int status = errorCode >= 10000 ? errorCode / 100 : errorCode;
        return new RegistryException(
                status,
                errorCode,
                classify(status, errorCode, Kind.OTHER),
                registryMessage,
                registryMessage + " (error_code " + errorCode + ")");
    }

    /**
     * Maps a status and error code to a kind.
     *
     * @param notFound the kind a bare 404 (no specific error code) means for the resource asked for
     */
    public static Kind classify(int httpStatus, int errorCode, Kind notFound) {
        switch (errorCode) {
            case SUBJECT_NOT_FOUND:
                return Kind.SUBJECT_NOT_FOUND;
            case VERSION_NOT_FOUND:
                return Kind.VERSION_NOT_FOUND;
            case SCHEMA_NOT_FOUND:
                return Kind.SCHEMA_NOT_FOUND;
            case SUBJECT_COMPATIBILITY_NOT_CONFIGURED:
                return Kind.CONFIG_NOT_FOUND;
            case INVALID_SCHEMA:
                return Kind.INVALID_SCHEMA;
            case INVALID_VERSION, INVALID_COMPATIBILITY_LEVEL:
                return Kind.INVALID_REQUEST;
            default:
                break;
        }
        // 409 is "incompatible" whatever error_code accompanies it (409, 0 or none).
        if (httpStatus == 409 || errorCode == INCOMPATIBLE_SCHEMA) {
            return Kind.INCOMPATIBLE;
        }
        if (httpStatus == 422) {
            return Kind.INVALID_SCHEMA;
        }
        if (httpStatus == 404) {
            return notFound;
        }
        if (httpStatus == 401) {
            return Kind.UNAUTHORIZED;
        }
        if (httpStatus == 403) {
            return Kind.FORBIDDEN;
        }
        if (httpStatus >= 500) {
            return Kind.SERVER_ERROR;
        }
        if (httpStatus >= 400) {
            return Kind.INVALID_REQUEST;
        }
        return Kind.OTHER;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code}, or the HTTP status when the body had none. */
    public int errorCode() {
        return errorCode;
    }

    public Kind kind() {
        return kind;
    }

    /** The registry's own message, as it sent it. */
    public String registryMessage() {
        return registryMessage;
    }

    /** True for "this schema, subject or version does not exist". */
    public boolean isNotFound() {
        return kind == Kind.SUBJECT_NOT_FOUND || kind == Kind.SCHEMA_NOT_FOUND || kind == Kind.VERSION_NOT_FOUND;
    }
}
