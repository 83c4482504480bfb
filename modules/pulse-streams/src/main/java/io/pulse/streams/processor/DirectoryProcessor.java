package io.pulse.streams.processor;

import io.pulse.core.plan.DirectoryEntry;
import io.pulse.serde.SchemaRegistryUnavailableException;
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
 * employee (by {@code employee@validFrom} when it has one, {@link DirectoryKeys}), for the validated directory
 * topic; an invalid one is forwarded as a rejection for the DLQ, so it never replaces the employee's last valid team.
 */
public final class DirectoryProcessor implements Processor<byte[], byte[], String, Validated<DirectoryEntry>> {
    private final Deserializer<DirectoryEntry> deserializer;
    private ProcessorContext<String, Validated<DirectoryEntry>> context;

    /** @param deserializer reads the directory topic as core entries ({@link io.pulse.streams.plan.DirectoryAvro#deserializer}) */
    public DirectoryProcessor(Deserializer<DirectoryEntry> deserializer) {
        this.deserializer = deserializer;
    }

    @Override
    public void init(ProcessorContext<String, Validated<DirectoryEntry>> context) {
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
                context.forward(record.withKey(key).withValue(new Validated.Valid<DirectoryEntry>(null)));
            }
            return;
        }
        DirectoryEntry entry;
        try {
            entry = deserializer.deserialize(meta == null ? "" : meta.topic(), record.value());
        } catch (SchemaRegistryUnavailableException e) {
            throw e; // a registry that does not answer is not bad input: the thread is replaced and reads it again
        } catch (RuntimeException e) {
            reject(record, meta, "cannot decode directory entry: " + e.getMessage());
            return;
        }
        if (entry.employee().isBlank()) {
            reject(record, meta, "invalid directory entry: missing required field 'employee'");
        } else if (entry.team().isBlank()) {
            reject(record, meta, "invalid directory entry for " + entry.employee() + ": missing required field 'team'");
        } else if (entry.employee().contains("@")) {
            reject(
                    record,
                    meta,
                    "invalid directory entry: employee ids may not contain '@', got '" + entry.employee() + "'");
        } else if (key != null && !key.equals(entry.employee())) {
            reject(
                    record,
                    meta,
                    "directory key '" + key + "' does not match the entry's employee '" + entry.employee() + "'");
        } else {
            String validKey = entry.validFrom() == null
                    ? DirectoryKeys.undated(entry.employee())
                    : DirectoryKeys.dated(entry.employee(), entry.validFrom().toEpochMilli());
            context.forward(record.withKey(validKey).withValue(new Validated.Valid<>(entry)));
        }
    }

    private void reject(Record<byte[], byte[]> record, RecordMetadata meta, String reason) {
        context.forward(new Record<>(
                (String) null, Rejections.rejected(meta, record, reason, "directory", null), record.timestamp()));
    }
}
