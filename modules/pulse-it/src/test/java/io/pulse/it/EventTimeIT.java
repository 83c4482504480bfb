package io.pulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pulse.app.config.PulseConfig;
import io.pulse.io.events.InputEvent;
import io.pulse.io.json.EventJson;
import io.pulse.app.kafka.Cluster;
import io.pulse.app.service.PulseService;
import io.pulse.avro.outputs.KpiValue;
import io.pulse.avro.outputs.RejectedRecord;
import io.pulse.core.Scope;
import io.pulse.core.kpi.Kpi;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import io.pulse.core.period.Period;
import io.pulse.core.period.PeriodKind;
import io.pulse.dev.replay.Replay;
import io.pulse.streams.query.Partitions;
import io.pulse.streams.RegistryAvroSerdes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event time on a real broker (SPEC §9): finals do not depend on how fast each topic or partition is read. Every
 * scenario's finals are compared, window by window, with a truth computed here from pulse-core, and must come
 * with nothing late and exactly one final per window key.
 */
@WithKafkaCluster
class EventTimeIT {
    private static final Duration PATIENCE = Duration.ofSeconds(180);
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final Instant START = Instant.parse("2026-10-05T00:00:00Z");
    private static final int PARTITIONS = 3;
    /** The kinds whose windows have all closed by now (the events are from early October 2026). */
    private static final Set<PeriodKind> CLOSED = Set.of(PeriodKind.HOUR, PeriodKind.DAY, PeriodKind.WEEK, PeriodKind.MONTH);
    private static final KpiCatalog CATALOG = KpiCatalog.builtIn();

    @TempDir
    Path dir;

    /** Two days of impressions, clicks and orders over four campaigns, two channels and three employees. */
    private static List<InputEvent> events() {
        Random r = new Random(7);
        List<InputEvent> out = new ArrayList<>();
        for (int i = 0; i < 2400; i++) {
            Instant at = START.plusMillis((long) (r.nextDouble() * Duration.ofDays(2).toMillis()));
            String c = "c-" + (1 + r.nextInt(4));
            String ch = r.nextBoolean() ? "search" : "social";
            double x = r.nextDouble();
            String json;
            if (x < 0.6) {
                json = "{\"type\":\"impression\",\"eventId\":\"i-%d\",\"occurredAt\":\"%s\",\"campaignId\":\"%s\",\"channel\":\"%s\",\"cost\":%d.25}"
                        .formatted(i, at, c, ch, r.nextInt(3));
            } else if (x < 0.85) {
                json = "{\"type\":\"click\",\"eventId\":\"k-%d\",\"occurredAt\":\"%s\",\"campaignId\":\"%s\",\"channel\":\"%s\",\"cost\":1.5}"
                        .formatted(i, at, c, ch);
            } else {
                json = ("{\"type\":\"order\",\"eventId\":\"o-%d\",\"occurredAt\":\"%s\",\"customerId\":\"u-%d\",\"revenue\":%d.10,"
                        + "\"employeeId\":\"e-%d\",\"campaignId\":\"%s\",\"cost\":20,\"newCustomer\":%s}")
                        .formatted(i, at, r.nextInt(40), 50 + r.nextInt(300), 1 + r.nextInt(3), c, r.nextInt(4) == 0);
            }
            out.add(EventJson.parse(json));
        }
        // Each producer sends in time order, as live sources do: disorder within a partition beyond the grace would
        // make events genuinely late (SPEC §9), which is not what these scenarios are about.
        out.sort(java.util.Comparator.comparing(InputEvent::occurredAt));
        return out;
    }

    // ---------------------------------------------------------------- the truth, from pulse-core

    private record WindowId(Scope scope, String id, PeriodKind kind, Instant start) {
    }

    /** Every built-in KPI of every window of the closed kinds, keyed as {@code pulse.kpi.final} keys its rows. */
    private static Map<String, BigDecimal> truth(List<InputEvent> events) {
        Map<WindowId, MeasureVector> windows = new HashMap<>();
        Map<WindowId, Set<String>> customers = new HashMap<>();
        for (InputEvent e : events) {
            SpecificRecord v = e.value();
            MeasureVector.Builder m = MeasureVector.builder();
            String customer = null;
            String employee = null;
            switch (e.type()) {
                case IMPRESSION -> m.add(Measure.IMPRESSIONS, 1).add(Measure.SPEND, money(v, "cost"));
                case CLICK -> m.add(Measure.CLICKS, 1).add(Measure.SPEND, money(v, "cost"));
                case ORDER -> {
                    m.add(Measure.ORDERS, 1).add(Measure.REVENUE, money(v, "revenue")).add(Measure.COGS, money(v, "cost"));
                    if (Boolean.TRUE.equals(v.get(v.getSchema().getField("newCustomer").pos()))) {
                        m.add(Measure.NEW_CUSTOMERS, 1);
                    }
                    customer = String.valueOf(v.get(v.getSchema().getField("customerId").pos()));
                    employee = String.valueOf(v.get(v.getSchema().getField("employeeId").pos()));
                }
                default -> throw new IllegalStateException("not generated: " + e.type());
            }
            MeasureVector measures = m.build();
            Map<Scope, String> scopes = new LinkedHashMap<>();
            scopes.put(Scope.COMPANY, Scope.COMPANY_ID);
            scopes.put(Scope.CAMPAIGN, text(v, "campaignId"));
            scopes.put(Scope.CHANNEL, v.getSchema().getField("channel") == null ? null : text(v, "channel"));
            scopes.put(Scope.EMPLOYEE, employee);
            for (Map.Entry<Scope, String> s : scopes.entrySet()) {
                if (s.getValue() == null) {
                    continue;
                }
                for (PeriodKind kind : CLOSED) {
                    WindowId w = new WindowId(s.getKey(), s.getValue(), kind,
                            Period.containing(kind, e.occurredAt(), ZONE).start());
                    MeasureVector add = measures;
                    if (customer != null && customers.computeIfAbsent(w, k -> new HashSet<>()).add(customer)) {
                        add = add.plus(MeasureVector.builder().add(Measure.CUSTOMERS, 1).build());
                    }
                    windows.merge(w, add, MeasureVector::plus);
                }
            }
        }
        Map<String, BigDecimal> out = new HashMap<>();
        for (Map.Entry<WindowId, MeasureVector> w : windows.entrySet()) {
            WindowId id = w.getKey();
            Period p = Period.startingAt(id.kind(), id.start(), ZONE);
            MeasureVector previous = windows.get(new WindowId(id.scope(), id.id(), id.kind(), p.previous().start()));
            for (Kpi kpi : CATALOG.all()) {
                if (kpi.appliesTo(w.getValue())) {
                    BigDecimal value = kpi.compute(w.getValue(), previous).value();
                    out.put(kpi.id() + '|' + id.scope().id() + '|' + id.id() + '|' + id.kind().id() + '|' + p.name(),
                            value == null ? null : value.setScale(6, RoundingMode.HALF_EVEN));
                }
            }
        }
        return out;
    }

    private static BigDecimal money(SpecificRecord v, String field) {
        Object o = v.get(v.getSchema().getField(field).pos());
        return o == null ? BigDecimal.ZERO : (BigDecimal) o;
    }

    private static String text(SpecificRecord v, String field) {
        Object o = v.get(v.getSchema().getField(field).pos());
        return o == null ? null : o.toString();
    }

    /** One final row: its key as {@code pulse.kpi.final} keys it, its period kind and value. */
    private record Row(String key, String period, BigDecimal value) {
        static Row of(KpiValue v) {
            return new Row(v.getKpi() + '|' + v.getScope() + '|' + v.getScopeId() + '|' + v.getPeriod() + '|' + v.getPeriodStart(),
                    v.getPeriod(), v.getValue());
        }

        static Row ofJson(String line) {
            try {
                var n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
                String key = n.get("kpi").asText() + '|' + n.get("scope").asText() + '|' + n.get("scopeId").asText() + '|'
                        + n.get("period").asText() + '|' + n.get("periodStart").asText();
                return new Row(key, n.get("period").asText(), n.get("value").isNull() ? null : n.get("value").decimalValue());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** The finals of the closed kinds equal the truth, key by key, each exactly once. */
    private static void assertFinalsEqualTruth(List<Row> finals, Map<String, BigDecimal> truth) {
        Map<String, BigDecimal> got = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (Row v : finals) {
            if (!CLOSED.contains(PeriodKind.parse(v.period()))) {
                continue;
            }
            String key = v.key();
            if (got.containsKey(key)) {
                duplicates.add(key);
            }
            got.put(key, v.value());
        }
        assertThat(duplicates).as("final keys published more than once").isEmpty();
        assertThat(got.keySet()).as("the windows with finals").containsExactlyInAnyOrderElementsOf(truth.keySet());
        List<String> wrong = new ArrayList<>();
        truth.forEach((k, expected) -> {
            BigDecimal actual = got.get(k);
            if (expected == null ? actual != null : actual == null || actual.compareTo(expected) != 0) {
                wrong.add(k + ": " + actual + " instead of " + expected);
            }
        });
        assertThat(wrong).as("finals that differ from the truth").isEmpty();
    }

    // ---------------------------------------------------------------- the service

    private PulseConfig config(KafkaCluster kafka, String name) throws java.io.IOException {
        Files.createDirectories(dir.resolve("state"));
        return PulseConfig.parse("""
                timezone: Europe/Berlin
                currency: EUR
                kafka:
                  bootstrap.servers: %s
                registry:
                  url: mem://%s
                streams:
                  applicationId: %s
                  topicPrefix: %s.
                  partitions: %d
                  replicationFactor: 1
                  stateDir: %s
                  emitInterval: PT0.5S
                  idleTimeout: PT3S
                http:
                  port: 0
                """.formatted(kafka.bootstrapServers(), kafka.uniqueName(name + "-registry"), kafka.uniqueName(name),
                kafka.uniqueName(name), PARTITIONS, dir.resolve("state")), Map.of());
    }

    /**
     * Produces events as an ordinary client would (keyed by eventId, timestamped when sent, not when they
     * happened); {@code partitionOf} may force a partition, as a producer with its own partitioner does.
     */
    @SuppressWarnings("unchecked")
    private static void produce(PulseConfig config, KafkaCluster kafka, List<InputEvent> events,
                                java.util.function.ToIntFunction<InputEvent> partitionOf) {
        RegistryAvroSerdes avro = new RegistryAvroSerdes(config.serdeConfig());
        Map<String, Object> p = new HashMap<>(kafka.clientProperties());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (InputEvent e : events) {
                String topic = config.topicNames().event(e.type()).name();
                Serializer<SpecificRecord> s = (Serializer<SpecificRecord>) (Serializer<?>) avro.valueSerde(e.value().getClass()).serializer();
                int partition = partitionOf.applyAsInt(e);
                producer.send(new ProducerRecord<>(topic, partition < 0 ? null : partition, null,
                        e.eventId().getBytes(StandardCharsets.UTF_8), s.serialize(topic, e.value())));
            }
            producer.flush();
        }
    }

    private static <T extends SpecificRecord> List<T> readAll(PulseConfig config, KafkaCluster kafka, String topic, Class<T> type) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.uniqueName("reader"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        var deserializer = new RegistryAvroSerdes(config.serdeConfig()).valueSerde(type).deserializer();
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < Duration.ofSeconds(3).toNanos()) {
                var records = consumer.poll(Duration.ofMillis(300));
                if (!records.isEmpty() || consumer.assignment().isEmpty()) {
                    quietSince = System.nanoTime();
                }
                records.forEach(r -> out.add(deserializer.deserialize(topic, r.value())));
            }
        }
        return out;
    }

    private static void awaitFinals(PulseConfig config, KafkaCluster kafka, Map<String, BigDecimal> truth) {
        Predicate<List<KpiValue>> complete = finals -> finals.stream()
                .filter(v -> CLOSED.contains(PeriodKind.parse(v.getPeriod()))).count() >= truth.size();
        await("every final of the closed windows").atMost(PATIENCE).pollInterval(Duration.ofSeconds(2))
                .until(() -> complete.test(readAll(config, kafka, config.topicNames().kpiFinal().name(), KpiValue.class)));
    }

    @Test
    void shouldGiveTheTruthWhenOneTopicArrivesADayLateAndAPartitionLags(KafkaCluster kafka) throws Exception {
        // Given a backlog whose topics and partitions were produced at different times: impressions and orders
        // first, then the impressions of partition 2 (a producer that lagged), then every click (a topic produced
        // after all the others), each stamped when it was sent
        PulseConfig config = config(kafka, "event-time-lag");
        assertThat(Cluster.createTopics(config).hasProblems()).isFalse();
        List<InputEvent> events = events();
        Map<String, BigDecimal> truth = truth(events);
        List<InputEvent> clicks = events.stream().filter(e -> e.type().id().equals("click")).toList();
        List<InputEvent> lagging = events.stream()
                .filter(e -> e.type().id().equals("impression") && Partitions.homeOfEvent(e.eventId(), PARTITIONS) == 2).toList();
        List<InputEvent> first = new ArrayList<>(events);
        first.removeAll(clicks);
        first.removeAll(lagging);
        produce(config, kafka, first, e -> -1);
        produce(config, kafka, lagging, e -> 2);
        produce(config, kafka, clicks, e -> -1);

        // When the service reads it
        try (PulseService service = new PulseService(config, List.of()).start()) {
            await("Kafka Streams RUNNING").atMost(PATIENCE).until(() -> service.state() == KafkaStreams.State.RUNNING);

            // Then every window closes, once the partitions are caught up and idle, with the truth and nothing late
            awaitFinals(config, kafka, truth);
            assertFinalsEqualTruth(readAll(config, kafka, config.topicNames().kpiFinal().name(), KpiValue.class).stream().map(Row::of).toList(), truth);
            assertThat(readAll(config, kafka, config.topicNames().late().name(), RejectedRecord.class)).isEmpty();

            // And an impression genuinely late within its partition (its day closed long ago) goes to pulse.late
            InputEvent late = EventJson.parse("{\"type\":\"impression\",\"eventId\":\"i-late\",\"occurredAt\":\""
                    + START.plus(Duration.ofHours(5)) + "\",\"campaignId\":\"c-1\"}");
            produce(config, kafka, List.of(late), e -> -1);
            await("the late impression in pulse.late").atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                    .until(() -> readAll(config, kafka, config.topicNames().late().name(), RejectedRecord.class).stream()
                            .anyMatch(r -> "i-late".equals(r.getEventId()) && r.getReason().startsWith("late by ")));
        }
    }

    @Test
    void shouldGiveTheTruthWhenTheServiceRestartsInTheMiddleOfABacklog(KafkaCluster kafka) throws Exception {
        // Given two days of events waiting in Kafka, in no particular order between topics
        PulseConfig config = config(kafka, "event-time-restart");
        assertThat(Cluster.createTopics(config).hasProblems()).isFalse();
        List<InputEvent> events = events();
        Map<String, BigDecimal> truth = truth(events);
        produce(config, kafka, events, e -> -1);

        // When the service reads part of it, stops, and starts again on the same state
        try (PulseService service = new PulseService(config, List.of()).start()) {
            await("the first KPI values").atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                    .until(() -> !readAll(config, kafka, config.topicNames().kpiValues().name(), KpiValue.class).isEmpty());
        }
        try (PulseService service = new PulseService(config, List.of()).start()) {
            // Then the finals are the truth, each once, and nothing is late
            awaitFinals(config, kafka, truth);
            assertFinalsEqualTruth(readAll(config, kafka, config.topicNames().kpiFinal().name(), KpiValue.class).stream().map(Row::of).toList(), truth);
            assertThat(readAll(config, kafka, config.topicNames().late().name(), RejectedRecord.class)).isEmpty();
        }
    }

    @Test
    void shouldReplayAShuffledFileToTheTruth() throws Exception {
        // Given the events grouped by type (the last type first), shuffled within five-minute blocks
        List<InputEvent> events = events();
        Map<String, BigDecimal> truth = truth(events);
        List<InputEvent> shuffled = new ArrayList<>(events);
        Random r = new Random(3);
        shuffled.sort((a, b) -> {
            int byType = b.type().compareTo(a.type());
            return byType != 0 ? byType : Long.compare(a.occurredAt().toEpochMilli() / 300_000, b.occurredAt().toEpochMilli() / 300_000);
        });
        for (int i = 0; i + 1 < shuffled.size(); i += 2) {
            if (r.nextBoolean() && shuffled.get(i).type() == shuffled.get(i + 1).type()
                    && shuffled.get(i).occurredAt().toEpochMilli() / 300_000 == shuffled.get(i + 1).occurredAt().toEpochMilli() / 300_000) {
                Collections.swap(shuffled, i, i + 1);
            }
        }
        Path file = dir.resolve("events.jsonl");
        Files.write(file, shuffled.stream().map(EventJson::render).toList());
        PulseConfig config = PulseConfig.parse("timezone: Europe/Berlin\ncurrency: EUR\n", Map.of());

        // When it is replayed
        Replay.Result result = new Replay(config, line -> { }).run(file, null, null, dir.resolve("out"));

        // Then the finals are the truth, each once, and nothing is late
        List<Row> finals = Files.readAllLines(dir.resolve("out/kpi-final.jsonl")).stream().map(Row::ofJson).toList();
        assertThat(result.late()).isZero();
        assertFinalsEqualTruth(finals, truth);
    }
}
