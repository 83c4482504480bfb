package io.pulse.serde;

import java.nio.ByteBuffer;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.common.errors.SerializationException;

/** The Avro data models the serde reads and writes with. */
final class AvroModels {

    /** Generic data that maps logical types to Java types (BigDecimal, Instant, LocalDate, UUID...). */
    static final GenericData WITH_LOGICAL_TYPES = withConversions();

    /** Plain generic data: logical types stay raw (ByteBuffer, long, int). */
    static final GenericData RAW = GenericData.get();

    private static final Schema NULL = Schema.create(Schema.Type.NULL);
    private static final Schema BOOLEAN = Schema.create(Schema.Type.BOOLEAN);
    private static final Schema INT = Schema.create(Schema.Type.INT);
    private static final Schema LONG = Schema.create(Schema.Type.LONG);
    private static final Schema FLOAT = Schema.create(Schema.Type.FLOAT);
    private static final Schema DOUBLE = Schema.create(Schema.Type.DOUBLE);
    private static final Schema STRING = Schema.create(Schema.Type.STRING);
    private static final Schema BYTES = Schema.create(Schema.Type.BYTES);

    private AvroModels() {}

    private static GenericData withConversions() {
        GenericData data = new GenericData();
        data.addLogicalTypeConversion(new Conversions.DecimalConversion());
        data.addLogicalTypeConversion(new Conversions.UUIDConversion());
        data.addLogicalTypeConversion(new TimeConversions.DateConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        data.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
        data.addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
        return data;
    }

    /** The schema of a datum: its own for records, enums and fixed; Avro's primitive otherwise. */
    static Schema schemaOf(Object datum) {
        if (datum instanceof GenericContainer container) {
            return container.getSchema();
        }
        if (datum instanceof CharSequence) {
            return STRING;
        }
        if (datum instanceof Integer) {
            return INT;
        }
        if (datum instanceof Long) {
            return LONG;
        }
        if (datum instanceof Boolean) {
            return BOOLEAN;
        }
        if (datum instanceof Double) {
            return DOUBLE;
        }
        if (datum instanceof Float) {
            return FLOAT;
        }
        if (datum instanceof byte[] || datum instanceof ByteBuffer) {
            return BYTES;
        }
        if (datum == null) {
            return NULL;
        }
        throw new SerializationException(
                "Cannot serialize a " + datum.getClass().getName()
                        + " as Avro: expected a generated record, a GenericRecord or a primitive (String, int, long, boolean, "
                        + "float, double, bytes)");
    }
}
