package io.pulse.dev.registry;

import io.pulse.serde.registry.AvroCompatibility;
import io.pulse.serde.registry.AvroSchemas;
import io.pulse.serde.registry.CompatibilityLevel;
import io.pulse.serde.registry.CompatibilityResult;
import io.pulse.serde.registry.RegisteredSchema;
import io.pulse.serde.registry.RegistryException;
import io.pulse.serde.registry.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * The development registry's state and rules, behind the same interface as the clients: ids
 * shared by equal schemas across subjects, versions per subject, compatibility levels (BACKWARD
 * unless set), Confluent's error codes. Every change goes to the {@link SchemaStore} before it
 * becomes visible, and the store is replayed on construction.
 */
public final class DevSchemaRegistry implements SchemaRegistryClient {

    private final SchemaStore store;
    private final Map<String, Integer> idByCanonical = new HashMap<>();
    private final Map<Integer, Schema> schemaById = new HashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new TreeMap<>();
    private final Map<String, CompatibilityLevel> levelBySubject = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.DEFAULT;
    private int nextId = 1;

    public DevSchemaRegistry(SchemaStore store) {
        this.store = Objects.requireNonNull(store, "store");
        store.load().forEach(this::apply);
    }

    private void apply(StoreRecord record) {
        if (record instanceof StoreRecord.SchemaVersion v) {
            Schema schema = AvroSchemas.parse(v.schema());
            idByCanonical.put(AvroSchemas.canonical(schema), v.id());
            schemaById.putIfAbsent(v.id(), schema);
            List<Integer> versions = versionsBySubject.computeIfAbsent(v.subject(), s -> new ArrayList<>());
            while (versions.size() < v.version()) {
                versions.add(null);
            }
            versions.set(v.version() - 1, v.id());
            nextId = Math.max(nextId, v.id() + 1);
        } else if (record instanceof StoreRecord.Compatibility c) {
            if (c.subject() == null) {
                globalLevel = c.level();
            } else {
                levelBySubject.put(c.subject(), c.level());
            }
        }
    }

    /** How many versions ({@code schema} ids) the registry holds, for the startup log. */
    public synchronized int size() {
        return versionsBySubject.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        String canonical = AvroSchemas.canonical(schema);
        List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        Integer existing = idByCanonical.get(canonical);
        if (existing != null && versions.contains(existing)) {
            return existing;
        }
        List<String> problems = AvroCompatibility.check(getCompatibility(subject), schema, schemas(versions));
        if (!problems.isEmpty()) {
            throw RegistryException.of(RegistryException.INCOMPATIBLE_SCHEMA,
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                            + "\", details: " + problems);
        }
        int id = existing != null ? existing : nextId;
        StoreRecord.SchemaVersion record = new StoreRecord.SchemaVersion(subject, versions.size() + 1, id, canonical);
        store.append(record);
        apply(record);
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
            throw RegistryException.of(RegistryException.SCHEMA_NOT_FOUND, "Schema not found");
        }
        return new RegisteredSchema(subject, index + 1, id, schemaById.get(id));
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

    /** One version of a subject, from 1. */
    public synchronized RegisteredSchema getVersion(String subject, int version) {
        List<Integer> versions = versions(subject);
        if (version < 1 || version > versions.size()) {
            throw RegistryException.of(RegistryException.VERSION_NOT_FOUND, "Version " + version + " not found.");
        }
        int id = versions.get(version - 1);
        return new RegisteredSchema(subject, version, id, schemaById.get(id));
    }

    /** The subject's version numbers. */
    public synchronized List<Integer> versionNumbers(String subject) {
        int count = versions(subject).size();
        List<Integer> numbers = new ArrayList<>(count);
        for (int v = 1; v <= count; v++) {
            numbers.add(v);
        }
        return numbers;
    }

    /** Subjects with at least one version, sorted. */
    public synchronized List<String> subjects() {
        return List.copyOf(versionsBySubject.keySet());
    }

    @Override
    public synchronized CompatibilityResult testCompatibility(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        List<String> problems = AvroCompatibility.check(getCompatibility(subject), schema, schemas(versions));
        return new CompatibilityResult(problems.isEmpty(), problems);
    }

    @Override
    public synchronized CompatibilityLevel getCompatibility(String subject) {
        return levelBySubject.getOrDefault(subject, globalLevel);
    }

    /** The subject's own level, or null when it has none. */
    public synchronized CompatibilityLevel getSubjectCompatibility(String subject) {
        return levelBySubject.get(subject);
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        StoreRecord record = new StoreRecord.Compatibility(Objects.requireNonNull(subject, "subject"), level);
        store.append(record);
        apply(record);
    }

    @Override
    public synchronized CompatibilityLevel getGlobalCompatibility() {
        return globalLevel;
    }

    @Override
    public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
        StoreRecord record = new StoreRecord.Compatibility(null, level);
        store.append(record);
        apply(record);
    }

    private List<Integer> versions(String subject) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw RegistryException.of(RegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
        return versions;
    }

    private List<Schema> schemas(List<Integer> ids) {
        return ids.stream().map(schemaById::get).toList();
    }
}
