package io.pulse.app.config;

/**
 * A configuration value Pulse cannot start with. The message is one line that starts with the key's full
 * name ({@code streams.grace: 'abc' is not an ISO-8601 duration such as PT10M}) and, when the value came from
 * an environment variable, names the variable too.
 */
public class InvalidConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String origin;
    private final String problem;

    /** A problem with {@code key}, e.g. {@code streams.grace}. */
    public InvalidConfigException(String key, String problem) {
        this(key, null, problem);
    }

    /** A problem with {@code key} whose value came from {@code origin} (an environment variable), if not null. */
    public InvalidConfigException(String key, String origin, String problem) {
        super(key + (origin == null ? "" : " (from " + origin + ")") + ": " + problem);
        this.key = key;
        this.origin = origin;
        this.problem = problem;
    }

    /** The full key, e.g. {@code streams.grace} or {@code kafka.sasl.mechanism}. */
    public String key() {
        return key;
    }

    /** The environment variable the value came from, or null when it came from the file or a default. */
    public String origin() {
        return origin;
    }

    /** What is wrong, without the key. */
    public String problem() {
        return problem;
    }

    /** The same problem, saying which environment variable the value came from. */
    InvalidConfigException from(String variable) {
        if (variable == null || origin != null) {
            return this;
        }
        InvalidConfigException e = new InvalidConfigException(key, variable, problem);
        e.initCause(this);
        return e;
    }
}
