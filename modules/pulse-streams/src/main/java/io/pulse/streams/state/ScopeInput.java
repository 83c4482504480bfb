package io.pulse.streams.state;

import io.pulse.core.plan.Plan;
import io.pulse.streams.time.Mark;

/**
 * What reaches the aggregator of one scope: a delta of its measures, a watermark announcement of an upstream
 * reading task, or a change of one of its plans.
 */
public sealed interface ScopeInput permits ScopeInput.Delta, ScopeInput.Tick, ScopeInput.PlanUpdate {

    /** Measures a reading task folded for this scope. */
    record Delta(ScopeDelta delta) implements ScopeInput {}

    /** A reading task's watermark (sent to every partition). */
    record Tick(Mark mark) implements ScopeInput {}

    /**
     * A plan of this scope was set or deleted.
     *
     * @param planKey {@code scope|id|period}
     * @param plan    the validated plan, or {@code null} when deleted
     */
    record PlanUpdate(String planKey, Plan plan) implements ScopeInput {}
}
