package io.pulse.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.core.Scope;
import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import io.pulse.streams.PulseStreamsConfig;
import io.pulse.streams.state.InternalSerdes;
import io.pulse.streams.state.ScopeDelta;
import io.pulse.streams.state.ScopeInput;
import io.pulse.streams.time.Mark;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** The aggregator on its own: in-memory stores and a mock context, so a restart is a new instance on the same stores. */
class AggregateProcessorTest {
    private static final Instant MON_10 = Instant.parse("2026-11-02T07:00:00Z"); // 10:00 in Moscow
    private static final AggregateProcessor.Stores NAMES = new AggregateProcessor.Stores(
            "aggregates",
            "close-index",
            "customers",
            "plans",
            "plan-periods",
            "scorecards",
            "alerts",
            "sliding",
            "watermarks");
    private static final PulseStreamsConfig CONFIG = PulseStreamsConfig.builder()
            .zone(ZoneId.of("Europe/Moscow"))
            .currency("RUB")
            .partitions(1)
            .closeOnWallClock(false)
            .liveOutputs(false)
            .build();

    @Test
    void shouldCloseARestoredWindowOnTimeWhenTheFirstDeltaAfterARestartOpensALaterOne() {
        MockProcessorContext<String, Out> context = contextWithStores();
        AggregateProcessor before = new AggregateProcessor(NAMES, CONFIG);
        before.init(context);
        // Given an hour with one impression, under a watermark that has not closed it
        before.process(tick(MON_10));
        before.process(impressionAt(MON_10));
        assertThat(finals(context)).isEmpty();

        // When a new instance opens the same stores (a restart), and the first delta it reads opens a window two days
        // later, before the watermark moves past the first hour's end plus grace
        AggregateProcessor after = new AggregateProcessor(NAMES, CONFIG);
        after.init(context);
        Instant later = MON_10.plus(Duration.ofDays(2));
        after.process(impressionAt(later));
        after.process(tick(later));

        // Then the restored hour closes at this watermark, not once the later window does
        assertThat(finals(context))
                .contains(
                        "impressions|campaign|c-1|hour|2026-11-02T10:00+03:00",
                        "impressions|campaign|c-1|day|2026-11-02T00:00+03:00");
        assertThat(finals(context)).noneMatch(k -> k.contains("2026-11-04"));
    }

    @Test
    void shouldCloseARestoredPlanPeriodOnTimeWhenAnotherPlanOpensALaterOneFirst() {
        MockProcessorContext<String, Out> context = contextWithStores();
        AggregateProcessor before = new AggregateProcessor(NAMES, CONFIG);
        before.init(context);
        // Given two day plans read before any event, and a day of the first one open
        for (io.pulse.core.plan.Plan p : new io.pulse.core.plan.PlanLoader(CONFIG.catalog()).load("""
                - { scope: campaign, id: c-1, period: day, kpis: [ { kpi: impressions, target: 5, weight: 1 } ] }
                - { scope: campaign, id: c-2, period: day, kpis: [ { kpi: impressions, target: 5, weight: 1 } ] }
                """)) {
            before.process(new Record<>(p.key(), new ScopeInput.PlanUpdate(p.key(), p), 0L));
        }
        before.process(impressionAt("c-1", MON_10));
        before.process(tick(MON_10));
        assertThat(finalScorecards(context)).isEmpty();

        // When, after a restart, the second plan's first period opens two days later, before the watermark passes
        // the first plan's day
        AggregateProcessor after = new AggregateProcessor(NAMES, CONFIG);
        after.init(context);
        Instant later = MON_10.plus(Duration.ofDays(2));
        after.process(impressionAt("c-2", later));
        after.process(tick(later));

        // Then the first plan's days up to this watermark are final now, not once the later day closes
        assertThat(finalScorecards(context))
                .contains("campaign|c-1|day@2026-11-02T00:00+03:00", "campaign|c-1|day@2026-11-03T00:00+03:00")
                .noneMatch(k -> k.contains("2026-11-04"));
    }

    @Test
    void shouldForgetAClosedWindowsCustomersUnlessTheStateLivesForOneRun() {
        for (boolean changelogs : new boolean[] {true, false}) {
            MockProcessorContext<String, Out> context = contextWithStores();
            AggregateProcessor aggregator = new AggregateProcessor(
                    NAMES, CONFIG.toBuilder().changelogs(changelogs).build());
            aggregator.init(context);
            long hour = MON_10.toEpochMilli();
            aggregator.process(new Record<>(
                    "campaign|c-1",
                    new ScopeInput.Delta(new ScopeDelta(
                            Scope.CAMPAIGN,
                            "c-1",
                            hour,
                            0,
                            hour,
                            MeasureVector.builder()
                                    .add(Measure.ORDERS, 1)
                                    .add(Measure.CUSTOMERS, 1)
                                    .build(),
                            List.of("u-1"))),
                    hour));
            aggregator.process(tick(MON_10.plus(Duration.ofDays(400))));

            KeyValueStore<Bytes, byte[]> customers = context.getStateStore(NAMES.customers());
            long left = 0;
            try (KeyValueIterator<Bytes, byte[]> all = customers.all()) {
                for (; all.hasNext(); all.next()) {
                    left++;
                }
            }
            assertThat(finals(context)).contains("orders|campaign|c-1|hour|2026-11-02T10:00+03:00");
            // Live (changelogs): every window's customer entry removed when it closed. A replay (no changelogs): its
            // six windows keep theirs until the state is dropped.
            assertThat(left)
                    .as("customer entries left with changelogs " + changelogs)
                    .isEqualTo(changelogs ? 0 : 6);
        }
    }

    private static List<String> finalScorecards(MockProcessorContext<String, Out> context) {
        return context.forwarded().stream()
                .map(f -> f.record().value())
                .filter(v -> v instanceof Out.Card c && c.scorecard().getFinal$())
                .map(v -> ((Out.Card) v).scorecard())
                .map(c -> c.getScope() + "|" + c.getScopeId() + "|" + c.getPeriod() + "@" + c.getPeriodStart())
                .toList();
    }

    private static List<String> finals(MockProcessorContext<String, Out> context) {
        return context.forwarded().stream()
                .filter(f -> f.record().value() instanceof Out.Final)
                .map(f -> (String) f.record().key())
                .toList();
    }

    private static Record<String, ScopeInput> tick(Instant at) {
        return new Record<>("", new ScopeInput.Tick(new Mark(0, at.toEpochMilli(), at.toEpochMilli())), 0L);
    }

    private static Record<String, ScopeInput> impressionAt(Instant at) {
        return impressionAt("c-1", at);
    }

    private static Record<String, ScopeInput> impressionAt(String campaign, Instant at) {
        long hour = at.toEpochMilli() - at.toEpochMilli() % Duration.ofHours(1).toMillis();
        ScopeDelta d = new ScopeDelta(
                Scope.CAMPAIGN,
                campaign,
                hour,
                0,
                at.toEpochMilli(),
                MeasureVector.builder().add(Measure.IMPRESSIONS, 1).build(),
                List.of());
        return new Record<>("campaign|" + campaign, new ScopeInput.Delta(d), at.toEpochMilli());
    }

    private static MockProcessorContext<String, Out> contextWithStores() {
        MockProcessorContext<String, Out> context = new MockProcessorContext<>();
        add(context, NAMES.aggregates(), Serdes.Bytes(), InternalSerdes.measures());
        add(context, NAMES.closeIndex(), Serdes.Bytes(), Serdes.ByteArray());
        add(context, NAMES.customers(), Serdes.Bytes(), Serdes.ByteArray());
        add(context, NAMES.plans(), Serdes.String(), InternalSerdes.plans());
        add(context, NAMES.planPeriods(), Serdes.String(), Serdes.Long());
        add(context, NAMES.scorecards(), Serdes.String(), InternalSerdes.scorecards());
        add(context, NAMES.alertState(), Serdes.String(), Serdes.Long());
        add(context, NAMES.slidingBuckets(), Serdes.Bytes(), InternalSerdes.measures());
        add(context, NAMES.watermarks(), Serdes.String(), InternalSerdes.marks());
        return context;
    }

    private static <K, V> void add(MockProcessorContext<String, Out> context, String name, Serde<K> k, Serde<V> v) {
        KeyValueStore<K, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), k, v)
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }
}
