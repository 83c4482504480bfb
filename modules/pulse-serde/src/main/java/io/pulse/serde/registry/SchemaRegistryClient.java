package io.pulse.serde.registry;

import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry API Pulse needs. Every method throws {@link
 * RegistryException} with the registry's answer when the call fails. Implementations are safe for
 * use by many threads.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /**
     * Registers the schema under the subject (a no-op returning the existing id when it is already
     * a version of it) and returns its id.
     *
     * @throws RegistryException of kind {@code INCOMPATIBLE} when the subject's compatibility level
     *     rejects it, {@code INVALID_SCHEMA} when the registry cannot parse it
     */
    int register(String subject, Schema schema);

    /**
     * Returns the id of a schema already registered under the subject, without registering.
     *
     * @throws RegistryException of kind {@code SUBJECT_NOT_FOUND} or {@code SCHEMA_NOT_FOUND}
     */
    int getId(String subject, Schema schema);

    /**
     * Returns the schema with this id.
     *
     * @throws RegistryException of kind {@code SCHEMA_NOT_FOUND}
     */
    Schema getSchemaById(int id);

    /**
     * Returns the latest version of the subject.
     *
     * @throws RegistryException of kind {@code SUBJECT_NOT_FOUND}
     */
    RegisteredSchema getLatestVersion(String subject);

    /**
     * Checks the schema against the latest version of the subject under the subject's
     * compatibility level. A subject with no versions accepts any schema.
     */
    CompatibilityResult testCompatibility(String subject, Schema schema);

    /** The subject's compatibility level, or the global one when the subject has none of its own. */
    CompatibilityLevel getCompatibility(String subject);

    /** Sets the subject's own compatibility level. */
    void setCompatibility(String subject, CompatibilityLevel level);

    /** The registry-wide default compatibility level. */
    CompatibilityLevel getGlobalCompatibility();

    /** Sets the registry-wide default compatibility level. */
    void setGlobalCompatibility(CompatibilityLevel level);

    /**
     * Why the registry cannot be used right now, when the last request this client made failed without an answer
     * that judges the request (unreachable, timed out, 5xx): for example {@code "unreachable since
     * 2026-11-30T01:02:03Z: Connection refused"}. Empty once a request succeeds again, and for registries that
     * cannot fail this way (the default).
     */
    default java.util.Optional<String> outage() {
        return java.util.Optional.empty();
    }

    /** Releases what the client holds; the default does nothing. */
    @Override
    default void close() {}
}
