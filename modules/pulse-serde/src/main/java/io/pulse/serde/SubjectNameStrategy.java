package io.pulse.serde;

import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

/** How the subject a schema is registered under is named. */
public enum SubjectNameStrategy {
    /** {@code <topic>-key} / {@code <topic>-value}: one schema lineage per topic (the default). */
    TOPIC,
    /** The record's full name: one lineage per record type, across topics. */
    RECORD,
    /** {@code <topic>-<record full name>}: several record types on one topic. */
    TOPIC_RECORD;

    /** The subject for a record written to a topic. */
    public String subject(String topic, boolean isKey, Schema schema) {
        return switch (this) {
            case TOPIC -> topic + (isKey ? "-key" : "-value");
            case RECORD -> recordName(schema);
            case TOPIC_RECORD -> topic + "-" + recordName(schema);
        };
    }

    private static String recordName(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new SerializationException(
                    "subject.name.strategy record needs an Avro record, got a " + schema.getType());
        }
        return schema.getFullName();
    }

    /**
     * Parses {@code topic}, {@code record} or {@code topic_record} (any case, '-' or '_'), and
     * Confluent's class names ({@code ...TopicNameStrategy}, {@code ...RecordNameStrategy}, {@code
     * ...TopicRecordNameStrategy}) so existing configurations carry over.
     */
    public static SubjectNameStrategy parse(String value) {
        String v = value.trim();
        String simple = v.substring(v.lastIndexOf('.') + 1);
        switch (simple) {
            case "TopicNameStrategy":
                return TOPIC;
            case "RecordNameStrategy":
                return RECORD;
            case "TopicRecordNameStrategy":
                return TOPIC_RECORD;
            default:
                break;
        }
        String normalized = v.toUpperCase(Locale.ROOT).replace('-', '_');
        for (SubjectNameStrategy s : values()) {
            if (s.name().equals(normalized)) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "unknown subject name strategy '" + value + "', expected topic, record or topic_record");
    }

    /** The configuration value naming this strategy. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
