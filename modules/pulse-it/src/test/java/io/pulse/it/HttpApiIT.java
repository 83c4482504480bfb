package io.pulse.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.pulse.app.config.PulseConfig;
import io.pulse.app.http.HttpApi;
import io.pulse.app.http.HttpApiComponent;
import io.pulse.app.service.PulseService;
import io.pulse.avro.events.ClickEvent;
import io.pulse.avro.events.ImpressionEvent;
import io.pulse.avro.events.OrderEvent;
import io.pulse.avro.outputs.KpiValue;
import io.pulse.avro.outputs.Scorecard;
import io.pulse.core.period.Period;
import io.pulse.core.period.PeriodKind;
import io.pulse.core.plan.Plan;
import io.pulse.core.plan.PlanLoader;
import io.pulse.io.json.OutputJson;
import io.pulse.io.topics.NameOnlySerdes;
import io.pulse.io.topics.TopicAdmin;
import io.pulse.io.topics.TopicPlanner;
import io.pulse.io.topics.TopicSettings;
import io.pulse.streams.PulseStreamsConfig;
import io.pulse.streams.RegistryAvroSerdes;
import io.pulse.streams.Topics;
import io.pulse.streams.event.EventType;
import io.pulse.streams.plan.PlanAvro;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service ({@link PulseService} with {@link HttpApiComponent}, as {@code pulse run} starts it) on a real broker:
 * the values its HTTP API serves are the values the topology publishes, and two instances sharing one application
 * id give the same answer for every key, each forwarding what the other owns.
 */
@WithKafkaCluster
class HttpApiIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final ZoneId ZONE = ZoneId.of("Europe/Moscow");
    /** Reads numbers as exact decimals, so a body re-written compares as text with what the topology published. */
    private static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    @TempDir
    Path stateRoot;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void shouldServeTheKpisScorecardsAndAlertsTheTopologyPublishes(KafkaCluster kafka) throws Exception {
        // Given: Pulse's topics, one service instance, and a monthly plan of 2 orders for e-1
        PulseStreamsConfig config = config(kafka.uniqueName("http-one") + ".", 2);
        createTopics(kafka, config);
        String registry = kafka.uniqueName("http-one-registry");
        Instance pulse = start(kafka, config, kafka.uniqueName("pulse-http-one"), registry, "one");
        awaitRunning(pulse);
        await("the API reads the output topics").atMost(PATIENCE).until(pulse.api::outputsAssigned);
        List<String> stream = openStream(pulse);
        Producer producer = producer(kafka, config, registry);
        producer.plan("""
                - scope: employee
                  id: e-1
                  period: month
                  baseSalary: 1000
                  plannedBonus: 500
                  kpis:
                    - { kpi: orders, target: 2, weight: 1 }
                """);
        OutputReader outputs = reader(kafka, config, registry);
        outputs.awaitScorecard("the plan's first scorecard", s -> s.getScopeId().equals("e-1"));

        // When: 200 impressions and 20 clicks of campaign c-1 (spend 100), and 3 orders of e-1, all at one instant
        Instant at = Instant.now();
        for (int i = 0; i < 200; i++) {
            producer.send(ImpressionEvent.newBuilder()
                    .setEventId("imp-" + i)
                    .setOccurredAt(at)
                    .setCampaignId("c-1")
                    .setCost(money("0.25"))
                    .build());
        }
        for (int i = 0; i < 20; i++) {
            producer.send(ClickEvent.newBuilder()
                    .setEventId("click-" + i)
                    .setOccurredAt(at)
                    .setCampaignId("c-1")
                    .setCost(money("2.5"))
                    .build());
        }
        for (int i = 0; i < 3; i++) {
            producer.send(OrderEvent.newBuilder()
                    .setEventId("order-" + i)
                    .setOccurredAt(at)
                    .setCustomerId("cust-" + i)
                    .setRevenue(money("100"))
                    .setCost(money("60"))
                    .setEmployeeId("e-1")
                    .build());
        }
        producer.flush();

        // Then: the KPI values of the day on the output topic...
        Period day = Period.containing(PeriodKind.DAY, at, ZONE);
        Map<String, String> campaignOnTopic = outputs.awaitLatestValues(
                "campaign|c-1",
                day,
                v -> v.containsKey("clicks")
                        && json(v.get("clicks")).get("value").asInt() == 20
                        && json(v.get("impressions")).get("value").asInt() == 200);
        Map<String, String> employeeOnTopic = outputs.awaitLatestValues(
                "employee|e-1",
                day,
                v -> v.containsKey("orders")
                        && json(v.get("orders")).get("value").asInt() == 3);
        assertThat(decimal(campaignOnTopic.get("ctr"))).isEqualByComparingTo("10");
        assertThat(decimal(campaignOnTopic.get("cpc"))).isEqualByComparingTo("5");
        assertThat(decimal(employeeOnTopic.get("aov"))).isEqualByComparingTo("100");
        assertThat(decimal(employeeOnTopic.get("gross_profit"))).isEqualByComparingTo("120");

        // ...are exactly the values the HTTP API serves, every KPI of the window
        String window = "period=day&from=" + day.start() + "&to=" + day.start();
        assertThat(valuesByKpi(get(pulse, "/api/v1/kpis/campaign/c-1?" + window)))
                .isEqualTo(campaignOnTopic);
        assertThat(valuesByKpi(get(pulse, "/api/v1/kpis/employee/e-1?" + window)))
                .isEqualTo(employeeOnTopic);
        JsonNode ctr = body(get(pulse, "/api/v1/kpis/campaign/c-1?period=year&kpi=ctr"));
        assertThat(ctr.at("/values/0/value").decimalValue()).isEqualByComparingTo("10");
        assertThat(ctr.at("/values/0/periodStart").asText())
                .isEqualTo(Period.containing(PeriodKind.YEAR, at, ZONE).name());

        // The scorecard: 3 orders of 2 is 150%, the same on the topic and from the API
        Scorecard card = outputs.awaitScorecard(
                "the scorecard with 3 orders",
                s -> s.getScopeId().equals("e-1")
                        && s.getItems().get(0).getFact().compareTo(BigDecimal.valueOf(3)) == 0);
        assertThat(card.getTotalFulfillment()).isEqualByComparingTo("150");
        await("the API's scorecard equals the topic's")
                .atMost(PATIENCE)
                .untilAsserted(() -> assertThat(get(pulse, "/api/v1/scorecards/employee/e-1?period=month")
                                .body())
                        .isEqualTo(OutputJson.line(outputs.latestScorecard("e-1"))));

        // The alert that the plan was met, from the API's reader of the alerts topic
        await("PLAN_MET for orders among the recent alerts").atMost(PATIENCE).untilAsserted(() -> {
            JsonNode alerts = body(get(pulse, "/api/v1/alerts?scope=employee&scopeId=e-1"));
            assertThat(alerts.get("alerts").findValuesAsText("type")).contains("PLAN_MET");
            assertThat(alerts.get("alerts").findValuesAsText("kpi")).contains("orders");
        });

        // Server-sent events of all three kinds reached the stream client
        await("kpi, scorecard and alert events on the stream").atMost(PATIENCE).untilAsserted(() -> {
            assertThat(stream).contains("event: kpi", "event: scorecard", "event: alert");
            assertThat(stream)
                    .anyMatch(l -> l.startsWith("data: {\"kpi\":\"ctr\",\"scope\":\"campaign\",\"scopeId\":\"c-1\""));
        });

        // Health and metrics
        assertThat(get(pulse, "/health/ready").body()).isEqualTo("{\"status\":\"ready\",\"state\":\"RUNNING\"}");
        await("the metrics count the events in").atMost(PATIENCE).untilAsserted(() -> {
            String metrics = get(pulse, "/metrics").body();
            assertThat(metrics)
                    .contains(
                            "pulse_events_in_total{type=\"click\"} 20\n",
                            "pulse_events_in_total{type=\"impression\"} 200\n",
                            "pulse_events_in_total{type=\"order\"} 3\n",
                            "pulse_dlq_records_total 0\n",
                            "pulse_streams_state{state=\"RUNNING\"} 1\n");
            assertThat(metrics).contains("# TYPE kafka_stream_thread_metrics_process_total counter");
            assertThat(metrics).contains("pulse_consumer_lag_records{topic=");
        });
    }

    @Test
    void shouldGiveTheSameAnswerFromEitherOfTwoInstancesForEveryKey(KafkaCluster kafka) throws Exception {
        // Given: two instances with one application id, each with its own state and HTTP port
        PulseStreamsConfig config = config(kafka.uniqueName("http-two") + ".", 4);
        createTopics(kafka, config);
        String registry = kafka.uniqueName("http-two-registry");
        String applicationId = kafka.uniqueName("pulse-http-two");
        Instance first = start(kafka, config, applicationId, registry, "first");
        Instance second = start(kafka, config, applicationId, registry, "second");
        await("both instances RUNNING and aware of each other")
                .atMost(PATIENCE)
                .until(() -> Stream.of(first, second)
                        .allMatch(i -> i.service.state() == KafkaStreams.State.RUNNING
                                && i.streams().metadataForAllStreamsClients().size() == 2));

        // When: campaign c-i gets i+1 clicks on 10(i+1) impressions; employee e-j gets j+1 orders
        int campaigns = 24;
        int employees = 8;
        Instant at = Instant.now();
        Producer producer = producer(kafka, config, registry);
        for (int c = 0; c < campaigns; c++) {
            for (int n = 0; n <= c; n++) {
                producer.send(ClickEvent.newBuilder()
                        .setEventId("c" + c + "-click-" + n)
                        .setOccurredAt(at)
                        .setCampaignId("c-" + c)
                        .build());
                for (int m = 0; m < 10; m++) {
                    producer.send(ImpressionEvent.newBuilder()
                            .setEventId("c" + c + "-imp-" + n + "-" + m)
                            .setOccurredAt(at)
                            .setCampaignId("c-" + c)
                            .build());
                }
            }
        }
        for (int e = 0; e < employees; e++) {
            for (int n = 0; n <= e; n++) {
                producer.send(OrderEvent.newBuilder()
                        .setEventId("e" + e + "-order-" + n)
                        .setOccurredAt(at)
                        .setCustomerId("cust-" + n)
                        .setRevenue(money("10"))
                        .setEmployeeId("e-" + e)
                        .build());
            }
        }
        producer.flush();

        // Then: for every key, the same query to either instance returns the same, correct answer
        Period day = Period.containing(PeriodKind.DAY, at, ZONE);
        String window = "?period=day&from=" + day.start() + "&to=" + day.start();
        Map<String, Set<String>> servedBy = new TreeMap<>();
        await("every key answers the same, correct values from both instances")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    servedBy.clear();
                    for (int c = 0; c < campaigns; c++) {
                        String path = "/api/v1/kpis/campaign/c-" + c + window;
                        JsonNode answer = sameAnswer(first, second, path, servedBy);
                        Map<String, String> values = valuesByKpi(text(answer));
                        assertThat(decimal(values.get("clicks")))
                                .as(path)
                                .isEqualByComparingTo(BigDecimal.valueOf(c + 1));
                        assertThat(decimal(values.get("impressions")))
                                .as(path)
                                .isEqualByComparingTo(BigDecimal.valueOf(10L * (c + 1)));
                        assertThat(decimal(values.get("ctr"))).as(path).isEqualByComparingTo("10");
                    }
                    for (int e = 0; e < employees; e++) {
                        String path = "/api/v1/kpis/employee/e-" + e + window + "&kpi=orders";
                        JsonNode answer = sameAnswer(first, second, path, servedBy);
                        assertThat(answer.at("/values/0/value").decimalValue())
                                .as(path)
                                .isEqualByComparingTo(BigDecimal.valueOf(e + 1));
                    }
                    JsonNode company =
                            sameAnswer(first, second, "/api/v1/kpis/company/all" + window + "&kpi=clicks", servedBy);
                    assertThat(company.at("/values/0/value").asInt()).isEqualTo(campaigns * (campaigns + 1) / 2);
                });

        // Both instances own some keys, so both answered some queries the other one forwarded
        Set<String> owners = new HashSet<>();
        servedBy.values().forEach(owners::addAll);
        assertThat(owners).containsExactlyInAnyOrder(first.api.applicationServer(), second.api.applicationServer());
        assertThat(servedBy.values()).allSatisfy(s -> assertThat(s).hasSize(1));

        // The dashboard's lists gather every instance's partitions: all campaigns and employees from either one
        for (Instance i : List.of(first, second)) {
            assertThat(body(get(i, "/api/v1/scopes/campaign?period=day")).get("ids"))
                    .hasSize(campaigns);
            assertThat(body(get(i, "/api/v1/scopes/employee?period=day")).get("ids"))
                    .hasSize(employees);
        }

        // A scorecard nobody planned is the same 404 from both
        HttpResponse<String> a = get(first, "/api/v1/scorecards/employee/e-3?period=month");
        HttpResponse<String> b = get(second, "/api/v1/scorecards/employee/e-3?period=month");
        assertThat(a.statusCode()).isEqualTo(404);
        assertThat(b.statusCode()).isEqualTo(404);
        assertThat(a.body()).isEqualTo(b.body());
    }

    // ---- fixtures

    private static PulseStreamsConfig config(String prefix, int partitions) {
        return PulseStreamsConfig.builder()
                .topicPrefix(prefix)
                .zone(ZONE)
                .partitions(partitions)
                .emitInterval(Duration.ofMillis(200))
                .build();
    }

    private static void createTopics(KafkaCluster kafka, PulseStreamsConfig config) {
        try (Admin admin = kafka.admin()) {
            new TopicAdmin(admin)
                    .ensure(TopicPlanner.plan(
                            NameOnlySerdes.topics(config.topicPrefix()),
                            TopicSettings.defaults()
                                    .withPartitions(config.partitions())
                                    .withReplicationFactor((short) 1)));
        }
    }

    /** One Pulse service instance as {@code pulse run} starts it: {@link PulseService} with the HTTP API component. */
    private record Instance(PulseService service, HttpApi api) {
        KafkaStreams streams() {
            return service.streams();
        }
    }

    private Instance start(
            KafkaCluster kafka, PulseStreamsConfig config, String applicationId, String registry, String name) {
        PulseConfig pulse = PulseConfig.parse(
                """
                timezone: %s
                kafka:
                  bootstrap.servers: %s
                registry:
                  url: mem://%s
                streams:
                  applicationId: %s
                  topicPrefix: %s
                  partitions: %d
                  emitInterval: PT0.2S
                  commitInterval: PT0.1S
                  stateDir: %s
                http:
                  host: localhost
                  port: 0
                auth:
                  mode: none
                """.formatted(
                                ZONE,
                                kafka.bootstrapServers(),
                                registry,
                                applicationId,
                                config.topicPrefix(),
                                config.partitions(),
                                stateRoot.resolve(name)),
                Map.of());
        HttpApiComponent http = new HttpApiComponent();
        PulseService service = new PulseService(pulse, List.of(http));
        closing.add(service);
        service.start();
        return new Instance(service, http.api());
    }

    private static void awaitRunning(Instance i) {
        await("Kafka Streams RUNNING").atMost(PATIENCE).until(() -> {
            assertThat(i.service.failure()).as("uncaught streams failure").isEmpty();
            return i.service.state() == KafkaStreams.State.RUNNING;
        });
    }

    private static BigDecimal money(String amount) {
        return new BigDecimal(amount).setScale(4);
    }

    /** Avro events and plans onto Pulse's input topics. */
    private final class Producer {
        private final KafkaProducer<byte[], byte[]> kafkaProducer;
        private final RegistryAvroSerdes avro;
        private final Topics topics;

        Producer(KafkaCluster kafka, PulseStreamsConfig config, String registry) {
            this.kafkaProducer =
                    new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer());
            this.avro = RegistryAvroSerdes.inMemory(registry);
            this.topics = new Topics(config.topicPrefix(), avro);
        }

        @SuppressWarnings("unchecked")
        void send(SpecificRecord event) {
            EventType type = Stream.of(EventType.values())
                    .filter(t -> t.avroClass().isInstance(event))
                    .findFirst()
                    .orElseThrow();
            String topic = topics.event(type).name();
            Serde<SpecificRecord> serde = (Serde<SpecificRecord>) (Serde<?>) avro.valueSerde(type.avroClass());
            kafkaProducer.send(new ProducerRecord<>(
                    topic,
                    String.valueOf(event.get(0)).getBytes(StandardCharsets.UTF_8),
                    serde.serializer().serialize(topic, event)));
        }

        /** Publishes plans as {@code plans load} does: keyed scope|id|period, Avro values. */
        void plan(String yaml) {
            String topic = topics.plans().name();
            for (Plan p : new PlanLoader(io.pulse.core.kpi.KpiCatalog.builtIn()).load(yaml)) {
                kafkaProducer.send(new ProducerRecord<>(
                        topic,
                        p.key().getBytes(StandardCharsets.UTF_8),
                        avro.valueSerde(io.pulse.avro.control.Plan.class)
                                .serializer()
                                .serialize(topic, PlanAvro.toAvro(p))));
            }
            flush();
        }

        void flush() {
            kafkaProducer.flush();
        }
    }

    private Producer producer(KafkaCluster kafka, PulseStreamsConfig config, String registry) {
        Producer p = new Producer(kafka, config, registry);
        closing.add(p.kafkaProducer);
        return p;
    }

    /** Reads the KPI values and scorecards topics as a downstream consumer would (read_committed, from the start). */
    private final class OutputReader {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final String valuesTopic;
        private final String scorecardsTopic;
        private final Deserializer<KpiValue> values;
        private final Deserializer<Scorecard> scorecards;
        /** Latest JSON per KPI, by scope key and period start. */
        private final Map<String, Map<String, String>> latest = new HashMap<>();

        private final Map<String, Scorecard> latestCards = new HashMap<>();

        OutputReader(KafkaCluster kafka, PulseStreamsConfig config, String registry) {
            Topics topics = new Topics(config.topicPrefix(), RegistryAvroSerdes.inMemory(registry));
            Map<String, Object> props = new HashMap<>(kafka.clientProperties());
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            valuesTopic = topics.kpiValues().name();
            scorecardsTopic = topics.scorecards().name();
            values = topics.kpiValues().valueSerde().deserializer();
            scorecards = topics.scorecards().valueSerde().deserializer();
            List<TopicPartition> all = new ArrayList<>();
            for (String t : List.of(valuesTopic, scorecardsTopic)) {
                for (PartitionInfo p : consumer.partitionsFor(t)) {
                    all.add(new TopicPartition(t, p.partition()));
                }
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
        }

        private void poll() {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.topic().equals(valuesTopic)) {
                    KpiValue v = values.deserialize(r.topic(), r.value());
                    latest.computeIfAbsent(
                                    v.getScope()
                                            + '|'
                                            + v.getScopeId()
                                            + '|'
                                            + v.getPeriod()
                                            + '|'
                                            + v.getPeriodStart(),
                                    k -> new TreeMap<>())
                            .put(v.getKpi(), OutputJson.line(v));
                } else {
                    Scorecard s = scorecards.deserialize(r.topic(), r.value());
                    latestCards.put(s.getScopeId(), s);
                }
            }
        }

        Map<String, String> awaitLatestValues(String scopeKey, Period period, Predicate<Map<String, String>> done) {
            String key = scopeKey + '|' + period.kind().id() + '|' + period.name();
            await("KPI values of " + key + " on the topic").atMost(PATIENCE).until(() -> {
                poll();
                return done.test(latest.getOrDefault(key, Map.of()));
            });
            return Map.copyOf(latest.get(key));
        }

        Scorecard awaitScorecard(String what, Predicate<Scorecard> done) {
            await(what + " on the scorecards topic").atMost(PATIENCE).until(() -> {
                poll();
                return latestCards.values().stream().anyMatch(done);
            });
            return latestCards.values().stream().filter(done).findFirst().orElseThrow();
        }

        Scorecard latestScorecard(String scopeId) {
            poll();
            return latestCards.get(scopeId);
        }
    }

    private OutputReader reader(KafkaCluster kafka, PulseStreamsConfig config, String registry) {
        OutputReader r = new OutputReader(kafka, config, registry);
        closing.add(r.consumer);
        return r;
    }

    // ---- HTTP

    private HttpResponse<String> get(Instance instance, String pathAndQuery) {
        try {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://" + instance.api.applicationServer() + pathAndQuery))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Asks both instances; both must answer 200 with the same body. Records which instance's state answered. */
    private JsonNode sameAnswer(Instance first, Instance second, String path, Map<String, Set<String>> servedBy) {
        HttpResponse<String> a = get(first, path);
        HttpResponse<String> b = get(second, path);
        assertThat(a.statusCode())
                .as("first instance, " + path + ": " + a.body())
                .isEqualTo(200);
        assertThat(b.statusCode())
                .as("second instance, " + path + ": " + b.body())
                .isEqualTo(200);
        assertThat(a.body()).as(path).isEqualTo(b.body());
        for (HttpResponse<String> r : List.of(a, b)) {
            servedBy.computeIfAbsent(path, p -> new HashSet<>())
                    .add(r.headers().firstValue("X-Pulse-Served-By").orElse("?"));
        }
        return body(a);
    }

    /** Opens {@code /api/v1/stream} and collects its lines in the background. */
    private List<String> openStream(Instance instance) {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        ConcurrentLinkedQueue<Stream<String>> open = new ConcurrentLinkedQueue<>();
        http.sendAsync(
                        HttpRequest.newBuilder(
                                        URI.create("http://" + instance.api.applicationServer() + "/api/v1/stream"))
                                .header("Accept", "text/event-stream")
                                .build(),
                        HttpResponse.BodyHandlers.ofLines())
                .thenAccept(r -> {
                    open.add(r.body());
                    Thread reader = new Thread(
                            () -> {
                                try {
                                    r.body().forEach(lines::add);
                                } catch (RuntimeException e) {
                                    // the connection closed at the end of the test
                                }
                            },
                            "stream-reader");
                    reader.setDaemon(true);
                    reader.start();
                });
        closing.add(() -> open.forEach(Stream::close));
        await("the stream is connected").atMost(PATIENCE).until(() -> lines.contains(": connected"));
        return lines;
    }

    private static JsonNode body(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.uri() + ": " + r.body()).isEqualTo(200);
        return json(r.body());
    }

    private static JsonNode json(String text) {
        try {
            return EXACT.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static String text(JsonNode node) {
        try {
            return EXACT.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigDecimal decimal(String kpiValueJson) {
        // An assertion, not an NPE, so that an await retries while a KPI has not arrived yet.
        assertThat(kpiValueJson).as("the KPI value (not there yet?)").isNotNull();
        return json(kpiValueJson).get("value").decimalValue();
    }

    /** The {@code values} of a KPI answer, each re-written as text, by KPI id. */
    private static Map<String, String> valuesByKpi(HttpResponse<String> r) {
        return valuesByKpi(text(body(r)));
    }

    private static Map<String, String> valuesByKpi(String answer) {
        Map<String, String> m = new TreeMap<>();
        for (JsonNode v : json(answer).get("values")) {
            m.put(v.get("kpi").asText(), text(v));
        }
        return m;
    }
}
