package io.pulse.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.avro.outputs.Scorecard;
import io.pulse.core.Scope;
import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import io.pulse.core.period.PeriodKind;
import io.pulse.streams.state.WindowKey;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

/** The dashboard's lists of scope ids, read from one instance's stores (the merge over instances is in HttpApiIT). */
class ScopeListerTest {
    private static final long TODAY = 1_796_072_400_000L; // 2026-12-01T00:00+03:00
    private static final long YESTERDAY = TODAY - 86_400_000L;
    private static final MeasureVector ONE_CLICK =
            MeasureVector.builder().add(Measure.CLICKS, 1).build();

    @Test
    void shouldListTheIdsOfOneScopeWithAnAggregateOfThatPeriodOnly() {
        // Given: campaigns with a day today, yesterday or an hour only, and an employee and a channel today
        InMemoryStore<Bytes, MeasureVector> aggregates = new InMemoryStore<>();
        aggregates
                .put(new WindowKey(Scope.CAMPAIGN, "c-today", PeriodKind.DAY, TODAY).toBytes(), ONE_CLICK)
                .put(new WindowKey(Scope.CAMPAIGN, "c-also", PeriodKind.DAY, TODAY).toBytes(), ONE_CLICK)
                .put(new WindowKey(Scope.CAMPAIGN, "c-yesterday", PeriodKind.DAY, YESTERDAY).toBytes(), ONE_CLICK)
                .put(new WindowKey(Scope.CAMPAIGN, "c-hour", PeriodKind.HOUR, TODAY).toBytes(), ONE_CLICK)
                .put(new WindowKey(Scope.EMPLOYEE, "e-1", PeriodKind.DAY, TODAY).toBytes(), ONE_CLICK)
                .put(new WindowKey(Scope.CHANNEL, "search", PeriodKind.DAY, TODAY).toBytes(), ONE_CLICK);
        Set<String> ids = new TreeSet<>();

        // When
        ScopeLister.idsWithValues(aggregates, Scope.CAMPAIGN, PeriodKind.DAY, TODAY, ids);

        // Then
        assertThat(ids).containsExactly("c-also", "c-today");
    }

    @Test
    void shouldListTheIdsWithAScorecardOfThatPeriod() {
        // Given: scorecard keys scope|id|period|start
        InMemoryStore<String, Scorecard> cards = new InMemoryStore<>();
        cards.put("employee|e-1|month|" + TODAY, new Scorecard())
                .put("employee|e-2|month|" + YESTERDAY, new Scorecard())
                .put("employee|e-3|day|" + TODAY, new Scorecard())
                .put("team|north|month|" + TODAY, new Scorecard());
        Set<String> ids = new TreeSet<>();

        // When
        ScopeLister.idsWithScorecards(cards, Scope.EMPLOYEE, PeriodKind.MONTH, TODAY, ids);

        // Then
        assertThat(ids).containsExactly("e-1");
    }
}
