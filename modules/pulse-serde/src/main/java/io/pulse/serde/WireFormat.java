package io.pulse.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: byte 0 is the magic byte {@value #MAGIC_BYTE}, bytes 1-4 the schema
 * id as a big-endian int, then the Avro binary encoding of the record.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {}

    /** Writes the header into the first five bytes of {@code target}. */
    public static void writeHeader(byte[] target, int schemaId) {
        target[0] = MAGIC_BYTE;
        target[1] = (byte) (schemaId >>> 24);
        target[2] = (byte) (schemaId >>> 16);
        target[3] = (byte) (schemaId >>> 8);
        target[4] = (byte) schemaId;
    }

    /**
     * Checks the header and returns the schema id.
     *
     * @throws SerializationException when the bytes are too short or the magic byte is wrong
     */
    public static int readSchemaId(String topic, byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new SerializationException("Truncated record on topic " + topic + ": " + data.length
                    + " byte(s), but the Confluent wire format needs at least " + HEADER_SIZE
                    + " (magic byte 0 and a 4-byte schema id)");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Unknown magic byte 0x%02X on topic %s (expected 0x00): not Avro in the Confluent wire format "
                            + "(plain JSON, or Avro without the 5-byte header?)",
                    data[0] & 0xff, topic));
        }
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }
}
