package io.pulse.streams.plan;

import io.pulse.core.plan.DirectoryEntry;
import io.pulse.streams.AvroSerdeFactory;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The one mapper of directory entries from the Avro record of the directory topic to pulse-core's model, so the
 * topology sees only core entries.
 */
public final class DirectoryAvro {
    private DirectoryAvro() {}

    /** The core entry of an Avro record (the schema makes employee and team non-null; blank ones are the validator's). */
    public static DirectoryEntry toCore(io.pulse.avro.control.DirectoryEntry e) {
        return new DirectoryEntry(e.getEmployee(), e.getTeam(), e.getValidFrom());
    }

    /** Reads the directory topic as core entries. */
    public static Deserializer<DirectoryEntry> deserializer(AvroSerdeFactory avro) {
        Deserializer<io.pulse.avro.control.DirectoryEntry> records =
                avro.valueSerde(io.pulse.avro.control.DirectoryEntry.class).deserializer();
        return (topic, bytes) -> {
            io.pulse.avro.control.DirectoryEntry e = records.deserialize(topic, bytes);
            return e == null ? null : toCore(e);
        };
    }

    /** The Avro record of a core entry, for the directory topic. */
    public static io.pulse.avro.control.DirectoryEntry toAvro(DirectoryEntry e) {
        return io.pulse.avro.control.DirectoryEntry.newBuilder()
                .setEmployee(e.employee())
                .setTeam(e.team())
                .setValidFrom(e.validFrom())
                .build();
    }
}
