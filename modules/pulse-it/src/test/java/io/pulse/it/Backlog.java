package io.pulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pulse.app.config.PulseConfig;
import io.pulse.avro.outputs.KpiValue;
import io.pulse.core.Decimals;
import io.pulse.core.Scope;
import io.pulse.core.kpi.Kpi;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import io.pulse.core.period.Period;
import io.pulse.core.period.PeriodKind;
import io.pulse.io.events.InputEvent;
import io.pulse.io.json.EventJson;
import io.pulse.streams.RegistryAvroSerdes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
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

/**
 * A backlog of generated events on a real broker, and the truth its finals must equal, computed here from
 * pulse-core's measures, KPI formulas and periods, independently of the topology: what {@link EventTimeIT} and
 * {@link ExactlyOnceIT} hold Pulse's finals against.
 */
final class Backlog {
    static final Duration PATIENCE = Duration.ofSeconds(180);
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    static final Instant START = Instant.parse("2026-10-05T00:00:00Z");
    static final int PARTITIONS = 3;
    /** The kinds whose windows have all closed by now (the events are from early October 2026). */
    static final Set<PeriodKind> CLOSED = Set.of(PeriodKind.HOUR, PeriodKind.DAY, PeriodKind.WEEK, PeriodKind.MONTH);

    private static final KpiCatalog CATALOG = KpiCatalog.builtIn();

    private Backlog() {}

    /** Two days of impressions, clicks and orders over four campaigns, two channels and three employees. */
    static List<InputEvent> events() {
        Random r = new Random(7);
        List<InputEvent> out = new ArrayList<>();
        for (int i = 0; i < 2400; i++) {
            Instant at =
                    START.plusMillis((long) (r.nextDouble() * Duration.ofDays(2).toMillis()));
            String c = "c-" + (1 + r.nextInt(4));
            String ch = r.nextBoolean() ? "search" : "social";
            double x = r.nextDouble();
            String json;
            if (x < 0.6) {
                json =
                        "{\"type\":\"impression\",\"eventId\":\"i-%d\",\"occurredAt\":\"%s\",\"campaignId\":\"%s\",\"channel\":\"%s\",\"cost\":%d.25}"
                                .formatted(i, at, c, ch, r.nextInt(3));
            } else if (x < 0.85) {
                json =
                        "{\"type\":\"click\",\"eventId\":\"k-%d\",\"occurredAt\":\"%s\",\"campaignId\":\"%s\",\"channel\":\"%s\",\"cost\":1.5}"
                                .formatted(i, at, c, ch);
            } else {
                json =
                        ("{\"type\":\"order\",\"eventId\":\"o-%d\",\"occurredAt\":\"%s\",\"customerId\":\"u-%d\",\"revenue\":%d.10,"
                                        + "\"employeeId\":\"e-%d\",\"campaignId\":\"%s\",\"cost\":20,\"newCustomer\":%s}")
                                .formatted(
                                        i,
                                        at,
                                        r.nextInt(40),
                                        50 + r.nextInt(300),
                                        1 + r.nextInt(3),
                                        c,
                                        r.nextInt(4) == 0);
            }
            out.add(EventJson.parse(json));
        }
        // Each producer sends in time order, as live sources do: disorder within a partition beyond the grace would
        // make events genuinely late (SPEC §9), which is not what these scenarios are about.
        out.sort(java.util.Comparator.comparing(InputEvent::occurredAt));
        return out;
    }

    // ---------------------------------------------------------------- the truth, from pulse-core

    private record WindowId(Scope scope, String id, PeriodKind kind, Instant start) {}

    /** Every built-in KPI of every window of the closed kinds, keyed as {@code pulse.kpi.final} keys its rows. */
    static Map<String, BigDecimal> truth(List<InputEvent> events) {
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
                    m.add(Measure.ORDERS, 1)
                            .add(Measure.REVENUE, money(v, "revenue"))
                            .add(Measure.COGS, money(v, "cost"));
                    if (Boolean.TRUE.equals(
                            v.get(v.getSchema().getField("newCustomer").pos()))) {
                        m.add(Measure.NEW_CUSTOMERS, 1);
                    }
                    customer = String.valueOf(
                            v.get(v.getSchema().getField("customerId").pos()));
                    employee = String.valueOf(
                            v.get(v.getSchema().getField("employeeId").pos()));
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
                    WindowId w = new WindowId(
                            s.getKey(),
                            s.getValue(),
                            kind,
                            Period.containing(kind, e.occurredAt(), ZONE).start());
                    MeasureVector add = measures;
                    if (customer != null
                            && customers
                                    .computeIfAbsent(w, k -> new HashSet<>())
                                    .add(customer)) {
                        add = add.plus(MeasureVector.builder()
                                .add(Measure.CUSTOMERS, 1)
                                .build());
                    }
                    windows.merge(w, add, MeasureVector::plus);
                }
            }
        }
        Map<String, BigDecimal> out = new HashMap<>();
        for (Map.Entry<WindowId, MeasureVector> w : windows.entrySet()) {
            WindowId id = w.getKey();
            Period p = Period.startingAt(id.kind(), id.start(), ZONE);
            MeasureVector previous = windows.get(
                    new WindowId(id.scope(), id.id(), id.kind(), p.previous().start()));
            for (Kpi kpi : CATALOG.all()) {
                if (kpi.appliesTo(w.getValue())) {
                    BigDecimal value = kpi.compute(w.getValue(), previous).value();
                    out.put(
                            kpi.id()
                                    + '|'
                                    + id.scope().id()
                                    + '|'
                                    + id.id()
                                    + '|'
                                    + id.kind().id()
                                    + '|'
                                    + p.name(),
                            Decimals.scaled(value));
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
    record Row(String key, String period, BigDecimal value) {
        static Row of(KpiValue v) {
            return new Row(
                    v.getKpi()
                            + '|'
                            + v.getScope()
                            + '|'
                            + v.getScopeId()
                            + '|'
                            + v.getPeriod()
                            + '|'
                            + v.getPeriodStart(),
                    v.getPeriod(),
                    v.getValue());
        }

        static Row ofJson(String line) {
            try {
                var n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
                String key = n.get("kpi").asText()
                        + '|'
                        + n.get("scope").asText()
                        + '|'
                        + n.get("scopeId").asText()
                        + '|'
                        + n.get("period").asText()
                        + '|'
                        + n.get("periodStart").asText();
                return new Row(
                        key,
                        n.get("period").asText(),
                        n.get("value").isNull() ? null : n.get("value").decimalValue());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** The finals of the closed kinds equal the truth, key by key, each exactly once. */
    static void assertFinalsEqualTruth(List<Row> finals, Map<String, BigDecimal> truth) {
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

    /** The service's configuration for one scenario: its own application id, topics, registry and state under {@code dir}. */
    static PulseConfig config(KafkaCluster kafka, Path dir, String name) throws java.io.IOException {
        Files.createDirectories(dir.resolve("state"));
        return PulseConfig.parse(
                """
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
                """.formatted(
                                kafka.bootstrapServers(),
                                kafka.uniqueName(name + "-registry"),
                                kafka.uniqueName(name),
                                kafka.uniqueName(name),
                                PARTITIONS,
                                dir.resolve("state")),
                Map.of());
    }

    /**
     * Produces events as an ordinary client would (keyed by eventId, timestamped when sent, not when they
     * happened); {@code partitionOf} may force a partition, as a producer with its own partitioner does.
     */
    @SuppressWarnings("unchecked")
    static void produce(
            PulseConfig config,
            KafkaCluster kafka,
            List<InputEvent> events,
            java.util.function.ToIntFunction<InputEvent> partitionOf) {
        RegistryAvroSerdes avro = new RegistryAvroSerdes(config.serdeConfig());
        Map<String, Object> p = new HashMap<>(kafka.clientProperties());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (InputEvent e : events) {
                String topic = config.topicNames().event(e.type()).name();
                Serializer<SpecificRecord> s = (Serializer<SpecificRecord>)
                        (Serializer<?>) avro.valueSerde(e.value().getClass()).serializer();
                int partition = partitionOf.applyAsInt(e);
                producer.send(new ProducerRecord<>(
                        topic,
                        partition < 0 ? null : partition,
                        null,
                        e.eventId().getBytes(StandardCharsets.UTF_8),
                        s.serialize(topic, e.value())));
            }
            producer.flush();
        }
    }

    /** Every record of {@code topic} a read_committed consumer sees, once the topic has been quiet for 3 s. */
    static <T extends SpecificRecord> List<T> readAll(
            PulseConfig config, KafkaCluster kafka, String topic, Class<T> type) {
        return readAll(config, kafka, topic, type, "read_committed");
    }

    /** The same as a consumer of {@code isolationLevel} ({@code read_committed} or {@code read_uncommitted}) sees it. */
    static <T extends SpecificRecord> List<T> readAll(
            PulseConfig config, KafkaCluster kafka, String topic, Class<T> type, String isolationLevel) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.uniqueName("reader"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        var deserializer =
                new RegistryAvroSerdes(config.serdeConfig()).valueSerde(type).deserializer();
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
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

    /** Waits until {@code pulse.kpi.final} holds as many finals of the closed kinds as the truth has. */
    static void awaitFinals(PulseConfig config, KafkaCluster kafka, Map<String, BigDecimal> truth) {
        Predicate<List<KpiValue>> complete = finals -> finals.stream()
                        .filter(v -> CLOSED.contains(PeriodKind.parse(v.getPeriod())))
                        .count()
                >= truth.size();
        await("every final of the closed windows")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> complete.test(
                        readAll(config, kafka, config.topicNames().kpiFinal().name(), KpiValue.class)));
    }
}
