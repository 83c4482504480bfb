package io.pulse.serde;

import io.pulse.serde.registry.AvroSchemas;
import io.pulse.serde.registry.RegistryException;
import io.pulse.serde.registry.SchemaRegistryClient;
import io.pulse.serde.registry.SchemaRegistryClients;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes generated (specific) records, generic records and Avro primitives in the Confluent wire
 * format. The schema is registered under the subject the {@link SubjectNameStrategy} names, or
 * only looked up when {@code auto.register.schemas} is false; ids are cached, so the registry is
 * asked once per schema and subject. Logical types (decimal, timestamp-millis...) are written
 * through the generated class's own model, so BigDecimal and Instant fields encode exactly.
 *
 * <p>Thread-safe once configured.
 */
public class AvroSerializer<T> implements Serializer<T> {

    /** Bounds the per-instance caches; a topic sees a handful of schemas, not thousands. */
    private static final int MAX_CACHED = 1000;

    private record SubjectSchema(String subject, Schema schema) {}

    private record WriterKey(Schema schema, Class<?> model) {}

    /** Per-thread buffer and encoder: a record allocates only its result array. */
    private static final ThreadLocal<ReusableOutput> OUTPUT = ThreadLocal.withInitial(ReusableOutput::new);

    private static final ThreadLocal<BinaryEncoder> ENCODER = new ThreadLocal<>();

    /**
     * The topic, schema and model last written, with their id and writer: a stream of one type to one topic (a sink's)
     * skips building lookup keys and hashing them per record. Compared by identity; any other combination takes the
     * maps.
     */
    private record Last(String topic, Schema schema, Class<?> model, int id, DatumWriter<Object> writer) {}

    private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
    private volatile Last last;
    private final Map<WriterKey, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private AvroSerdeConfig config;
    private boolean isKey;

    /** For Kafka's reflective instantiation: call {@link #configure} before use. */
    public AvroSerializer() {}

    /** Ready to use, with a client the caller owns (and closes). */
    public AvroSerializer(SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey) {
        init(client, false, config, isKey);
    }

    /** Ready to use, with a client of its own built from the configuration. */
    public AvroSerializer(AvroSerdeConfig config, boolean isKey) {
        init(SchemaRegistryClients.create(config.registry()), true, config, isKey);
    }

    final void init(SchemaRegistryClient client, boolean ownsClient, AvroSerdeConfig config, boolean isKey) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.config = Objects.requireNonNull(config, "config");
        this.isKey = isKey;
        ids.clear();
        last = null;
    }

    /** Reads the configuration; a client given to the constructor is kept. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig parsed = AvroSerdeConfig.fromMap(configs);
        if (client != null) {
            init(client, ownsClient, parsed, isKey);
        } else {
            init(SchemaRegistryClients.create(parsed.registry()), true, parsed, isKey);
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (config == null) {
            throw new IllegalStateException(
                    "AvroSerializer is not configured: call configure() or use a configured constructor");
        }
        Schema schema = AvroModels.schemaOf(data);
        Object datum = data instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : data;
        Class<?> model = datum instanceof SpecificRecord ? datum.getClass() : null;
        Last l = last;
        if (l == null || l.topic() != topic || l.schema() != schema || l.model() != model) {
            l = new Last(topic, schema, model, schemaId(topic, schema), writer(schema, model));
            last = l;
        }
        int id = l.id();
        ReusableOutput out = OUTPUT.get();
        // The encoder's buffer is empty here (flushed after every record, dropped after a failure),
        // so the header written straight to the stream comes first.
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, ENCODER.get());
        ENCODER.set(encoder);
        out.reset();
        byte[] header = new byte[WireFormat.HEADER_SIZE];
        WireFormat.writeHeader(header, id);
        out.write(header, 0, header.length);
        try {
            l.writer().write(datum, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            ENCODER.remove();
            throw new SerializationException(
                    "Could not encode " + schema.getFullName() + " for topic " + topic + " with schema id " + id + ": "
                            + e.getMessage(),
                    e);
        }
        byte[] result = out.toByteArray();
        if (out.oversized()) {
            OUTPUT.remove();
        }
        return result;
    }

    /**
     * Registers (or, without auto-registration, looks up) the schema of values for {@code topic} now, as the first
     * {@link #serialize} would, and returns its id. Every serializer over the same client then finds it cached, so a
     * service that prepares its output schemas at start needs no registry to write outputs later.
     */
    public int prepare(String topic, Schema schema) {
        return schemaId(topic, schema);
    }

    private int schemaId(String topic, Schema schema) {
        String subject = config.subjectNameStrategy(isKey).subject(topic, isKey, schema);
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = ids.get(key);
        if (cached != null) {
            return cached;
        }
        Schema registered = config.removeJavaProperties() ? AvroSchemas.withoutJavaProperties(schema) : schema;
        int id;
        try {
            id = config.autoRegister() ? client.register(subject, registered) : client.getId(subject, registered);
        } catch (RegistryException e) {
            throw registryFailure(subject, schema, e);
        }
        if (ids.size() >= MAX_CACHED) {
            ids.clear();
        }
        ids.put(key, id);
        return id;
    }

    private SerializationException registryFailure(String subject, Schema schema, RegistryException e) {
        String what = "schema " + schema.getFullName() + " under subject '" + subject + "'";
        if (!config.autoRegister() && e.isNotFound()) {
            return new SerializationException(
                    "Schema " + schema.getFullName() + " is not registered under subject '"
                            + subject + "' and " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS
                            + " is false: register it first ("
                            + e.registryMessage() + ")",
                    e);
        }
        if (e.kind() == RegistryException.Kind.INCOMPATIBLE) {
            return new SerializationException(
                    "The registry rejected " + what + " as incompatible with its earlier " + "versions: "
                            + e.getMessage(),
                    e);
        }
        return new SerializationException(
                "Could not " + (config.autoRegister() ? "register " : "look up ") + what + ": " + e.getMessage(), e);
    }

    @SuppressWarnings("unchecked")
    private DatumWriter<Object> writer(Schema schema, Class<?> model) {
        WriterKey key = new WriterKey(schema, model);
        DatumWriter<Object> writer = writers.get(key);
        if (writer == null) {
            // The generated class's MODEL$ carries its logical-type conversions (decimal, timestamps).
            writer = model != null
                    ? new SpecificDatumWriter<>(schema, SpecificData.getForClass(model))
                    : new GenericDatumWriter<>(schema, AvroModels.WITH_LOGICAL_TYPES);
            if (writers.size() >= MAX_CACHED) {
                writers.clear();
            }
            writers.put(key, writer);
        }
        return writer;
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }
}
