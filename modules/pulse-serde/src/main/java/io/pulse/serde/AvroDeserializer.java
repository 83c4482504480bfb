package io.pulse.serde;

import io.pulse.serde.registry.RegistryException;
import io.pulse.serde.registry.SchemaRegistryClient;
import io.pulse.serde.registry.SchemaRegistryClients;
import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.Utf8;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads records in the Confluent wire format. The writer's schema comes from the registry by the
 * id in the header; the record is resolved into the reader schema with Avro schema resolution, so
 * records of older and newer producers decode (fields the reader lacks are skipped, fields the
 * writer lacked take their defaults). The reader schema is, in order of precedence: one given to
 * the constructor; the generated class configured or given ({@code specific.avro.value.type});
 * with {@code specific.avro.reader}, the generated class named like the writer schema; otherwise
 * the writer schema itself (generic records).
 *
 * <p>The resolving reader is cached per (writer id, reader schema). Every failure is a {@link
 * SerializationException} saying what was wrong: bad magic byte, truncated bytes, unknown id,
 * schemas that do not resolve. A registry that does not answer (as opposed to one that answers "no such schema")
 * is a {@link SchemaRegistryUnavailableException}: the record is not known to be bad. Thread-safe once configured.
 */
public class AvroDeserializer<T> implements Deserializer<T> {

    private static final int MAX_CACHED = 1000;

    private record ReaderKey(int writerId, Schema reader) {}

    /** Reused per thread; it only wraps the record's own array. */
    private static final ThreadLocal<BinaryDecoder> DECODER = new ThreadLocal<>();

    private final Map<ReaderKey, DatumReader<Object>> readers = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> writerSchemas = new ConcurrentHashMap<>();
    /** The reader chosen for each writer id; finding a generated class costs reflection. */
    private final Map<Integer, ReaderKey> readerKeys = new ConcurrentHashMap<>();

    private final Schema fixedReaderSchema;
    private final Class<?> fixedType;
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private AvroSerdeConfig config;
    private Class<?> specificType;
    private GenericData genericData;

    /** For Kafka's reflective instantiation: call {@link #configure} before use. */
    public AvroDeserializer() {
        this(null, null);
    }

    /**
     * Unconfigured, with a fixed reader: a generated class or a schema for generic records (either
     * or neither may be null). Call {@link #configure} before use.
     */
    public AvroDeserializer(Class<T> type, Schema readerSchema) {
        if (type != null && !SpecificRecord.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(type.getName() + " is not a generated Avro record class");
        }
        this.fixedType = type;
        this.fixedReaderSchema = readerSchema;
    }

    /** Ready to use with a client the caller owns; the reader as configured. */
    public AvroDeserializer(SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey) {
        this(null, null);
        init(client, false, config, isKey);
    }

    /** Ready to use with a client of its own built from the configuration. */
    public AvroDeserializer(AvroSerdeConfig config, boolean isKey) {
        this(null, null);
        init(SchemaRegistryClients.create(config.registry()), true, config, isKey);
    }

    final void init(SchemaRegistryClient client, boolean ownsClient, AvroSerdeConfig config, boolean isKey) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.config = Objects.requireNonNull(config, "config");
        this.specificType = fixedType != null ? fixedType : config.specificType(isKey);
        if (specificType != null && !SpecificRecord.class.isAssignableFrom(specificType)) {
            throw new org.apache.kafka.common.config.ConfigException(
                    (isKey ? AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE : AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE),
                    specificType.getName(),
                    "not a generated Avro record class");
        }
        this.genericData = config.useLogicalTypeConverters() ? AvroModels.WITH_LOGICAL_TYPES : AvroModels.RAW;
        readers.clear();
        writerSchemas.clear();
        readerKeys.clear();
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
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (config == null) {
            throw new IllegalStateException(
                    "AvroDeserializer is not configured: call configure() or use a configured constructor");
        }
        int id = WireFormat.readSchemaId(topic, data);
        Schema writer = writerSchema(topic, id);
        ReaderKey key = readerKeys.get(id);
        if (key == null) {
            key = readerKey(id, writer);
            if (readerKeys.size() >= MAX_CACHED) {
                readerKeys.clear();
            }
            readerKeys.put(id, key);
        }
        requireSameRecord(topic, id, writer, key.reader());
        DatumReader<Object> reader = reader(key, writer);
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, DECODER.get());
        DECODER.set(decoder);
        Object value;
        try {
            value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException("Record on topic " + topic + " has bytes left after the Avro body of "
                        + writer.getFullName() + " (schema id " + id + "): the id does not match the body");
            }
        } catch (EOFException e) {
            throw new SerializationException(
                    "Truncated Avro body on topic " + topic + ": " + (data.length - WireFormat.HEADER_SIZE)
                            + " byte(s) end before a whole " + writer.getFullName() + " (schema id " + id
                            + ") was read",
                    e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException(
                    "Could not decode a record on topic " + topic + " written with schema id " + id + " ("
                            + writer.getFullName() + ") into reader schema "
                            + key.reader().getFullName() + ": " + e,
                    e);
        }
        return (T) (value instanceof Utf8 ? value.toString() : value);
    }

    /**
     * Avro resolves a record into a reader of another name as long as the fields fit (a spend event read as a
     * session: the session's fields all have defaults), which would count a record of one type as another. A reader
     * record accepts only writers of its own name or one of its aliases; evolution keeps the name.
     */
    private static void requireSameRecord(String topic, int id, Schema writer, Schema reader) {
        if (writer == reader || writer.getType() != Schema.Type.RECORD || reader.getType() != Schema.Type.RECORD) {
            return;
        }
        String name = writer.getFullName();
        if (!name.equals(reader.getFullName()) && !reader.getAliases().contains(name)) {
            throw new SerializationException("Record on topic " + topic + " was written with schema id " + id + " ("
                    + name + "), not as a " + reader.getFullName() + ": a record of another type");
        }
    }

    private Schema writerSchema(String topic, int id) {
        Schema cached = writerSchemas.get(id);
        if (cached != null) {
            return cached;
        }
        Schema schema;
        try {
            schema = client.getSchemaById(id);
        } catch (RegistryException e) {
            if (e.kind() == RegistryException.Kind.SCHEMA_NOT_FOUND) {
                throw new SerializationException(
                        "Unknown schema id " + id + " in a record on topic " + topic
                                + ": the schema registry has no such schema (" + e.registryMessage() + ")",
                        e);
            }
            // Unreachable, 5xx, refused credentials: the record may be perfectly good; the caller decides whether to
            // wait (Pulse's decode step does) instead of calling it bad input.
            throw new SchemaRegistryUnavailableException(
                    id,
                    "Could not fetch schema id " + id + " for a record on topic " + topic + ": " + e.getMessage(),
                    e);
        }
        if (writerSchemas.size() >= MAX_CACHED) {
            writerSchemas.clear();
        }
        writerSchemas.put(id, schema);
        return schema;
    }

    private ReaderKey readerKey(int id, Schema writer) {
        if (fixedReaderSchema != null) {
            return new ReaderKey(id, fixedReaderSchema);
        }
        if (specificType != null) {
            return new ReaderKey(id, SpecificData.getForClass(specificType).getSchema(specificType));
        }
        if (config.specificReader() && writer.getType() == Schema.Type.RECORD) {
            Class<?> generated = SpecificData.get().getClass(writer);
            if (generated != null && SpecificRecord.class.isAssignableFrom(generated)) {
                return new ReaderKey(id, SpecificData.getForClass(generated).getSchema(generated));
            }
        }
        return new ReaderKey(id, writer);
    }

    private DatumReader<Object> reader(ReaderKey key, Schema writer) {
        DatumReader<Object> reader = readers.get(key);
        if (reader == null) {
            reader = newReader(writer, key.reader());
            if (readers.size() >= MAX_CACHED) {
                readers.clear();
            }
            readers.put(key, reader);
        }
        return reader;
    }

    private DatumReader<Object> newReader(Schema writer, Schema readerSchema) {
        if (fixedReaderSchema == null
                && (specificType != null || config.specificReader())
                && readerSchema.getType() == Schema.Type.RECORD) {
            Class<?> generated =
                    specificType != null ? specificType : SpecificData.get().getClass(readerSchema);
            if (generated != null && SpecificRecord.class.isAssignableFrom(generated)) {
                // The generated class's MODEL$ turns decimal and timestamp fields into BigDecimal and Instant.
                return new SpecificDatumReader<>(
                        writer, readerSchema, ListSpecificData.modelFor(generated, readerSchema));
            }
        }
        return new GenericDatumReader<>(writer, readerSchema, genericData);
    }

    @Override
    public void close() {
        if (ownsClient && client != null) {
            client.close();
        }
    }
}
