package io.pulse.streams.processor;

import io.pulse.core.Scope;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.period.PeriodKind;
import io.pulse.core.plan.Plan;
import io.pulse.core.plan.PlanValidator;
import io.pulse.serde.SchemaRegistryUnavailableException;
import io.pulse.streams.state.ScopeInput;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Validates records of the plans topic with pulse-core's rules. A valid plan (or a tombstone) is forwarded
 * keyed by its scope key, so it meets the aggregates of that scope; an invalid one is forwarded as a
 * rejection for the DLQ and never replaces the last valid version. Plans are timeless: they are forwarded
 * with timestamp 0 so that loading a plan never moves event time.
 */
public final class PlanProcessor implements Processor<byte[], byte[], String, Validated<ScopeInput.PlanUpdate>> {
    private final Deserializer<Plan> deserializer;
    private final KpiCatalog catalog;
    private ProcessorContext<String, Validated<ScopeInput.PlanUpdate>> context;

    /** @param deserializer reads the plans topic as core plans ({@link io.pulse.streams.plan.PlanAvro#deserializer}) */
    public PlanProcessor(Deserializer<Plan> deserializer, KpiCatalog catalog) {
        this.deserializer = deserializer;
        this.catalog = catalog;
    }

    @Override
    public void init(ProcessorContext<String, Validated<ScopeInput.PlanUpdate>> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            Plan parsed = keyOnly(key);
            if (parsed == null) {
                reject(record, meta, "plan tombstone with key '" + key + "': expected scope|id|period");
            } else {
                forward(parsed, null);
            }
            return;
        }
        Plan plan;
        try {
            plan = deserializer.deserialize(meta == null ? "" : meta.topic(), record.value());
            PlanValidator.validate(plan, catalog);
        } catch (SchemaRegistryUnavailableException e) {
            throw e; // a registry that does not answer is not bad input: the thread is replaced and reads it again
        } catch (RuntimeException e) {
            reject(record, meta, "invalid plan: " + e.getMessage());
            return;
        }
        if (key != null && !key.equals(plan.key())) {
            reject(
                    record,
                    meta,
                    "plan key '" + key + "' does not match the plan's scope|id|period '" + plan.key() + "'");
            return;
        }
        forward(plan, plan);
    }

    private static Plan keyOnly(String key) {
        if (key == null) {
            return null;
        }
        String[] parts = key.split("\\|", -1);
        if (parts.length != 3) {
            return null;
        }
        try {
            return new Plan(Scope.parse(parts[0]), parts[1], PeriodKind.parse(parts[2]), null, null, null, null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code plan} names the scope and key; {@code value} is the plan to set, or {@code null} to delete it. */
    private void forward(Plan plan, Plan value) {
        context.forward(new Record<>(
                plan.scope().id() + '|' + plan.id(),
                new Validated.Valid<>(new ScopeInput.PlanUpdate(plan.key(), value)),
                0L));
    }

    private void reject(Record<byte[], byte[]> record, RecordMetadata meta, String reason) {
        context.forward(new Record<>(
                (String) null, Rejections.rejected(meta, record, reason, "plan", null), record.timestamp()));
    }
}
