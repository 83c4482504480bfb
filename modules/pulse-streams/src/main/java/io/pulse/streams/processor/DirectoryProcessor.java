package io.pulse.streams.processor;

import io.pulse.avro.control.DirectoryEntry;
import io.pulse.streams.state.DirectoryKeys;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Validates records of the directory topic: the value decodes as a {@link DirectoryEntry} with an employee
 * and a team, and the key (when given) is the employee. A valid entry or a tombstone is forwarded keyed by
 * employee (by {@code employee@validFrom} when it has one, {@link DirectoryKeys}), raw bytes unchanged, for the
 * validated directory topic; an invalid one is forwarded as a
 * rejection for the DLQ, so it never replaces the employee's last valid team.
 */
public final class DirectoryProcessor implements Processor<byte[], byte[], String, Object> {
    private final Deserializer<DirectoryEntry> deserializer;
    private ProcessorContext<String, Object> context;

    public DirectoryProcessor(Deserializer<DirectoryEntry> deserializer) {
        this.deserializer = deserializer;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            if (key == null || key.isBlank()) {
                reject(record, meta, "directory tombstone without an employee key");
            } else {
                context.forward(record.withKey(key).withValue((Object) null));
            }
            return;
        }
        DirectoryEntry entry;
        try {
            entry = deserializer.deserialize(meta == null ? "" : meta.topic(), record.value());
        } catch (io.pulse.serde.SchemaRegistryUnavailableException e) {
            throw e; // a registry that does not answer is not bad input: the thread is replaced and reads it again
        } catch (RuntimeException e) {
            reject(record, meta, "cannot decode directory entry: " + e.getMessage());
            return;
        }
        if (entry.getEmployee() == null || entry.getEmployee().isBlank()) {
            reject(record, meta, "invalid directory entry: missing required field 'employee'");
        } else if (entry.getTeam() == null || entry.getTeam().isBlank()) {
            reject(record, meta, "invalid directory entry for " + entry.getEmployee() + ": missing required field 'team'");
        } else if (entry.getEmployee().contains("@")) {
            reject(record, meta, "invalid directory entry: employee ids may not contain '@', got '" + entry.getEmployee() + "'");
        } else if (key != null && !key.equals(entry.getEmployee())) {
            reject(record, meta, "directory key '" + key + "' does not match the entry's employee '" + entry.getEmployee() + "'");
        } else {
            String validKey = entry.getValidFrom() == null ? DirectoryKeys.undated(entry.getEmployee())
                    : DirectoryKeys.dated(entry.getEmployee(), entry.getValidFrom().toEpochMilli());
            context.forward(record.withKey(validKey).withValue((Object) record.value()));
        }
    }

    private void reject(Record<byte[], byte[]> record, RecordMetadata meta, String reason) {
        context.forward(new Record<>((String) null,
                Decoded.rejected(record.key(), Rejections.of(meta, record.timestamp(), record.key(), record.value(), reason,
                        "directory", null)),
                record.timestamp()));
    }
}
