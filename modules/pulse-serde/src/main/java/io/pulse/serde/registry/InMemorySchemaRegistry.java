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
 *
 * <p>A registry may be given a {@link Journal} that records every change before it becomes visible, and be
 * rebuilt from such a record with the {@code restore…} methods: that is how the development registry of
 * pulse-dev keeps its schemas in a Kafka topic with exactly these rules.
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
    private final Journal journal;

    /**
     * Records each change before it becomes visible; a change whose recording throws does not happen.
     */
    public interface Journal {
        /** A new version of a subject, the schema in canonical form. */
        void schemaVersion(String subject, int version, int id, String canonicalSchema);

        /** A compatibility level for a subject, or for the whole registry when {@code subject} is null. */
        void compatibility(String subject, CompatibilityLevel level);
    }

    private static final Journal NO_JOURNAL = new Journal() {
        @Override
        public void schemaVersion(String subject, int version, int id, String canonicalSchema) {}

        @Override
        public void compatibility(String subject, CompatibilityLevel level) {}
    };

    /** A private registry, not reachable through a {@code mem://} URL. */
    public InMemorySchemaRegistry() {
        this(NO_JOURNAL);
    }

    /** A private registry whose changes are recorded in {@code journal}. */
    public InMemorySchemaRegistry(Journal journal) {
        this.journal = journal;
    }

    /** Replays a recorded schema version (see {@link Journal#schemaVersion}). */
    public synchronized void restoreVersion(String subject, int version, int id, String canonicalSchema) {
        Schema schema = AvroSchemas.parse(canonicalSchema);
        idByCanonical.put(AvroSchemas.canonical(schema), id);
        schemaById.putIfAbsent(id, schema);
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        while (versions.size() < version) {
            versions.add(null);
        }
        versions.set(version - 1, id);
        nextId = Math.max(nextId, id + 1);
    }

    /** Replays a recorded compatibility level (see {@link Journal#compatibility}). */
    public synchronized void restoreCompatibility(String subject, CompatibilityLevel level) {
        if (subject == null) {
            globalLevel = level;
        } else {
            levelBySubject.put(subject, level);
        }
    }

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
            throw RegistryException.of(
                    RegistryException.INCOMPATIBLE_SCHEMA,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\", details: " + problems);
        }
        int id = existingId != null ? existingId : nextId;
        journal.schemaVersion(subject, versions.size() + 1, id, canonical);
        restoreVersion(subject, versions.size() + 1, id, canonical);
        return id;
    }

    @Override
    public synchronized int getId(String subject, Schema schema) {
        return lookup(subject, schema).id();
    }

    /** The version of the subject that holds this schema. */
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        List<Integer> versions = versions(subject);
        Integer id = idByCanonical.get(AvroSchemas.canonical(schema));
        int index = id == null ? -1 : versions.indexOf(id);
        if (index < 0) {
            throw RegistryException.of(
                    RegistryException.SCHEMA_NOT_FOUND,
                    "Schema " + schema.getFullName() + " not found under subject \"" + subject + "\"");
        }
        return new RegisteredSchema(subject, index + 1, id, schemaById.get(id));
    }

    /** One version of a subject, from 1. */
    public synchronized RegisteredSchema getVersion(String subject, int version) {
        List<Integer> versions = versions(subject);
        if (version < 1 || version > versions.size()) {
            throw RegistryException.of(RegistryException.VERSION_NOT_FOUND, "Version " + version + " not found.");
        }
        int id = versions.get(version - 1);
        return new RegisteredSchema(subject, version, id, schemaById.get(id));
    }

    /** The subject's version numbers, 1 to the latest. */
    public synchronized List<Integer> versionNumbers(String subject) {
        int count = versions(subject).size();
        List<Integer> numbers = new ArrayList<>(count);
        for (int v = 1; v <= count; v++) {
            numbers.add(v);
        }
        return numbers;
    }

    /** How many versions the registry holds, over all subjects. */
    public synchronized int size() {
        return versionsBySubject.values().stream().mapToInt(List::size).sum();
    }

    /** The subject's own level, or null when it has none. */
    public synchronized CompatibilityLevel getSubjectCompatibility(String subject) {
        return levelBySubject.get(subject);
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
        return getVersion(subject, versions(subject).size());
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
        java.util.Objects.requireNonNull(subject, "subject");
        journal.compatibility(subject, level);
        restoreCompatibility(subject, level);
    }

    @Override
    public synchronized CompatibilityLevel getGlobalCompatibility() {
        return globalLevel;
    }

    @Override
    public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
        journal.compatibility(null, level);
        restoreCompatibility(null, level);
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
