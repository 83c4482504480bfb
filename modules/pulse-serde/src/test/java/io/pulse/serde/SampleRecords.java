package io.pulse.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/** Builds a record for any schema: every field filled ({@code full}) or every optional one empty. */
final class SampleRecords {

    static final Instant AT = Instant.parse("2026-11-02T09:15:30.123Z");

    private SampleRecords() {}

    static GenericRecord generic(Schema schema, boolean full) {
        return (GenericRecord) value(schema, full, schema.getName());
    }

    /** The same content as an instance of the class generated from the schema. */
    @SuppressWarnings("unchecked")
    static <T extends SpecificRecord> T specific(Schema schema, boolean full) {
        try {
            Class<T> type = (Class<T>) Class.forName(schema.getFullName());
            SpecificData model = SpecificData.getForClass(type);
            GenericRecord generic = generic(schema, full);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(schema, AvroModels.WITH_LOGICAL_TYPES).write(generic, encoder);
            encoder.flush();
            Schema classSchema = model.getSchema(type);
            return new SpecificDatumReader<T>(schema, classSchema, ListSpecificData.forClass(type))
                    .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no generated class for " + schema.getFullName(), e);
        }
    }

    private static Object value(Schema schema, boolean full, String name) {
        if (schema.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
            // A negative amount with every digit of the scale used: sign and scale both must survive.
            return new BigDecimal(full ? "-12345.678901" : "0.5")
                    .setScale(decimal.getScale(), java.math.RoundingMode.HALF_EVEN);
        }
        if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
            return AT;
        }
        switch (schema.getType()) {
            case RECORD: {
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), value(field.schema(), full, field.name()));
                }
                return record;
            }
            case UNION: {
                boolean nullable = schema.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
                if (nullable && !full) {
                    return null;
                }
                Schema branch = schema.getTypes().stream()
                        .filter(t -> t.getType() != Schema.Type.NULL)
                        .findFirst()
                        .orElseThrow();
                return value(branch, full, name);
            }
            case ARRAY: {
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < (full ? 2 : 0); i++) {
                    items.add(value(schema.getElementType(), full, name + i));
                }
                return new GenericData.Array<>(schema, items);
            }
            case MAP: {
                Map<String, Object> map = new LinkedHashMap<>();
                if (full) {
                    map.put("k", value(schema.getValueType(), true, name));
                }
                return map;
            }
            case ENUM:
                return new GenericData.EnumSymbol(
                        schema,
                        schema.getEnumSymbols()
                                .get(full ? schema.getEnumSymbols().size() - 1 : 0));
            case STRING:
                return full ? name + "-Ünïcödé-€" : name;
            case BYTES:
                return ByteBuffer.wrap(full ? new byte[] {0, 1, (byte) 0x7f, (byte) 0x80, (byte) 0xff} : new byte[0]);
            case INT:
                return full ? 7 : -1;
            case LONG:
                return full ? Long.MAX_VALUE : -1L;
            case BOOLEAN:
                return full;
            case DOUBLE:
                return full ? 0.1 : -0.0;
            case FLOAT:
                return 1.5f;
            case NULL:
                return null;
            default:
                throw new IllegalArgumentException("no sample for " + schema);
        }
    }
}
