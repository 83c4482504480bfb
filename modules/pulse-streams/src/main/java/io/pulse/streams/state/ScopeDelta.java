package io.pulse.streams.state;

import io.pulse.core.Scope;
import io.pulse.core.measure.MeasureVector;
import java.util.List;

/**
 * What the events of one bucket of time added to one scope, folded where the events were read and sent to
 * the task that owns the scope (DESIGN "pre-aggregate"). The bucket is an hour of the business zone (a second
 * for scopes with sliding-window rules), so it lies in exactly one period of every kind.
 *
 * @param bucket       start of the bucket, epoch millis
 * @param closedKinds  bit mask of the period kinds (by ordinal) whose window had already closed when these
 *                     events were read: they were reported late and must not be added there
 * @param latest       the latest event time folded in (the time plan alerts carry)
 * @param newCustomers distinct customer ids of the bucket's orders (the aggregator counts each once per window)
 */
public record ScopeDelta(
        Scope scope,
        String id,
        long bucket,
        int closedKinds,
        long latest,
        MeasureVector measures,
        List<String> newCustomers) {

    /** The partitioning key of the scope: {@code scope|id}, as plans are keyed. */
    public String scopeKey() {
        return scope.id() + '|' + id;
    }
}
