package io.pulse.streams.state;

/** What reaches the aggregator of one scope: a contribution of an event, or a change of one of its plans. */
public sealed interface ScopeInput permits ScopeInput.Of, ScopeInput.PlanUpdate {

    /** A contribution (or watermark). */
    record Of(Contribution contribution) implements ScopeInput {
    }

    /**
     * A plan of this scope was set or deleted.
     *
     * @param planKey {@code scope|id|period}
     * @param plan    the validated plan in Avro single-object encoding, or {@code null} when deleted
     */
    record PlanUpdate(String planKey, byte[] plan) implements ScopeInput {
    }
}
