package io.pulse.serde.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A schema registry inside the JVM, for tests and TopologyTestDriver: the same semantics as a
 * real one (registry-wide ids shared by equal schemas, versions per subject, compatibility levels
 * with {@link CompatibilityLevel#BACKWARD} by default, the same error codes), nothing on disk.
 *
 * <p>{@code mem://<scope>} URLs resolve to {@link #forScope(String)}: every serde configured with
 * the same scope in one JVM sees the same registry, like Confluent's {@code mock://} convention.
 * Tests call {@link #reset(String)} to start clean.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    /** The URL scheme that selects this registry. */
    public static final String URL_SCHEME = "mem://";

    private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final Map<String, Integer> idByCanonical = new HashMap<>();
    private final Map<Integer, Schema> schemaById = new HashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();
    private final Map<String, CompatibilityLevel> levelBySubject = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.DEFAULT;
    private int nextId = 1;

    /** A private registry, not reachable through a {@code mem://} URL. */
    public InMemorySchemaRegistry() {}

    /** The registry shared by everything in this JVM that uses {@code mem://<scope>}. */
    public static InMemorySchemaRegistry forScope(String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistry());
    }

    /** Forgets the scope's registry; the next use of {@code mem://<scope>} starts empty. */
    public static void reset(String scope) {
        InMemorySchemaRegistry removed = SCOPES.remove(scope);
        if (removed != null) {
            removed.clear();
        }
    }

    /** The scope of a {@code mem://<scope>} URL. */
    public static String scopeOf(String url) {
        if (!url.startsWith(URL_SCHEME)) {
            throw new IllegalArgumentException("not an in-memory registry URL: " + url);
        }
        String scope = url.substring(URL_SCHEME.length());
        int slash = scope.indexOf('/');
        return slash < 0 ? scope : scope.substring(0, slash);
    }

    private synchronized void clear() {
        idByCanonical.clear();
        schemaById.clear();
        versionsBySubject.clear();
        levelBySubject.clear();
        globalLevel = CompatibilityLevel.DEFAULT;
        nextId = 1;
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        String canonical = AvroSchemas.canonical(schema);
        List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        Integer existingId = idByCanonical.get(canonical);
        if (existingId != null && versions.contains(existingId)) {
            return existingId;
        }
        List<String> problems = AvroCompatibility.check(getCompatibility(subject), schema, schemasOf(versions));
        if (!problems.isEmpty()) {
            throw RegistryException.of(RegistryException.INCOMPATIBLE_SCHEMA,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\", details: " + problems);
        }
        int id = existingId != null ? existingId : nextId++;
        idByCanonical.put(canonical, id);
        schemaById.putIfAbsent(id, AvroSchemas.parse(canonical));
        versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        return id;
    }

    @Override
    public synchronized int getId(String subject, Schema schema) {
        List<Integer> versions = versions(subject);
        Integer id = idByCanonical.get(AvroSchemas.canonical(schema));
        if (id == null || !versions.contains(id)) {
            throw RegistryException.of(RegistryException.SCHEMA_NOT_FOUND,
                    "Schema " + schema.getFullName() + " not found under subject \"" + subject + "\"");
        }
        return id;
    }

    @Override
    public synchronized Schema getSchemaById(int id) {
        Schema schema = schemaById.get(id);
        if (schema == null) {
            throw RegistryException.of(RegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema getLatestVersion(String subject) {
        List<Integer> versions = versions(subject);
        int id = versions.get(versions.size() - 1);
        return new RegisteredSchema(subject, versions.size(), id, schemaById.get(id));
    }

    @Override
    public synchronized CompatibilityResult testCompatibility(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        List<String> problems = AvroCompatibility.check(getCompatibility(subject), schema, schemasOf(versions));
        return new CompatibilityResult(problems.isEmpty(), problems);
    }

    @Override
    public synchronized CompatibilityLevel getCompatibility(String subject) {
        return levelBySubject.getOrDefault(subject, globalLevel);
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        levelBySubject.put(subject, level);
    }

    @Override
    public synchronized CompatibilityLevel getGlobalCompatibility() {
        return globalLevel;
    }

    @Override
    public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
        globalLevel = level;
    }

    /** The subjects with at least one version, for tests and diagnostics. */
    public synchronized List<String> subjects() {
        return versionsBySubject.keySet().stream().sorted().toList();
    }

    private List<Integer> versions(String subject) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw RegistryException.of(RegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
        return versions;
    }

    private List<Schema> schemasOf(List<Integer> ids) {
        return ids.stream().map(schemaById::get).toList();
    }
}
