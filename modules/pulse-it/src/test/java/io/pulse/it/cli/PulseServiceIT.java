package io.pulse.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pulse.app.config.PulseConfig;
import io.pulse.app.kafka.Cluster;
import io.pulse.app.service.PulseService;
import io.pulse.app.service.ServiceComponent;
import io.pulse.app.service.ServiceContext;
import io.pulse.avro.outputs.KpiValue;
import io.pulse.io.events.InputEvent;
import io.pulse.io.json.EventJson;
import io.pulse.io.kafka.AvroPublisher;
import io.pulse.it.KafkaCluster;
import io.pulse.it.WithKafkaCluster;
import io.pulse.streams.RegistryAvroSerdes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pulse run}'s service on a real broker: it computes KPIs from produced events, and fails loudly. */
@WithKafkaCluster
class PulseServiceIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path stateDir;

    private PulseConfig config(KafkaCluster kafka, String name) {
        return PulseConfig.parse(
                """
                currency: RUB
                kafka:
                  bootstrap.servers: %s
                registry:
                  url: mem://%s
                streams:
                  applicationId: %s
                  topicPrefix: %s.
                  partitions: 2
                  replicationFactor: 1
                  stateDir: %s
                  emitInterval: PT0.2S
                http:
                  port: 0
                """.formatted(
                                kafka.bootstrapServers(),
                                kafka.uniqueName(name + "-registry"),
                                kafka.uniqueName(name),
                                kafka.uniqueName(name),
                                stateDir),
                Map.of());
    }

    /** Records what the service tells its components. */
    private static final class Recorder implements ServiceComponent {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<KafkaStreams.State> states = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "recorder";
        }

        @Override
        public void start(ServiceContext context, Properties streamsProperties) {
            calls.add("start " + context.topics().kpiValues().name());
            streamsProperties.put("application.server", "localhost:18080");
        }

        @Override
        public void attach(KafkaStreams streams) {
            calls.add("attach");
        }

        @Override
        public void onStateChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
            states.add(newState);
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    @Test
    void shouldComputeKpisFromProducedEventsAndStopCleanly(KafkaCluster kafka) throws Exception {
        // Given: the topics and a running service
        PulseConfig config = config(kafka, "service");
        assertThat(Cluster.createTopics(config).hasProblems()).isFalse();
        Recorder recorder = new Recorder();
        PulseService service = new PulseService(config, List.of(recorder));
        try {
            service.start();
            await("Kafka Streams RUNNING").atMost(PATIENCE).until(() -> service.state() == KafkaStreams.State.RUNNING);

            // When: three orders of today
            String now = Instant.now().toString();
            try (AvroPublisher publisher = AvroPublisher.create(config.kafkaClients(), config.serdeConfig())) {
                for (int i = 1; i <= 3; i++) {
                    InputEvent order =
                            EventJson.parse("{\"type\":\"order\",\"eventId\":\"o-" + i + "\",\"occurredAt\":\"" + now
                                    + "\",\"customerId\":\"cu-" + i + "\",\"revenue\":100.25,\"employeeId\":\"e-1\"}");
                    publisher.send(config.streams().topicPrefix(), order, null);
                }
                publisher.flush();
            }

            // Then: the company's orders today are 3 and its revenue 300.75
            Map<String, KpiValue> latest = new HashMap<>();
            readKpis(
                    kafka,
                    config,
                    latest,
                    v -> v.getScope().equals("company")
                            && v.getPeriod().equals("day")
                            && v.getKpi().equals("revenue")
                            && v.getValue() != null
                            && v.getValue().compareTo(new java.math.BigDecimal("300.75")) == 0);
            assertThat(latest.values()).anySatisfy(v -> {
                assertThat(v.getKpi()).isEqualTo("orders");
                assertThat(v.getScope()).isEqualTo("company");
                assertThat(v.getPeriod()).isEqualTo("day");
                assertThat(v.getValue()).isEqualByComparingTo("3");
            });
            assertThat(service.streams().metadataForLocalThreads()).isNotEmpty();
        } finally {
            service.close();
        }

        // Then: stopped without an error, components told in order
        assertThat(service.awaitTermination(Duration.ofSeconds(1))).isEmpty();
        assertThat(service.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
        assertThat(recorder.calls)
                .containsExactly("start " + config.topicNames().kpiValues().name(), "attach", "close");
        assertThat(recorder.states).contains(KafkaStreams.State.RUNNING, KafkaStreams.State.PENDING_SHUTDOWN);
    }

    @Test
    void shouldRefuseToStartWithoutItsTopics(KafkaCluster kafka) {
        // Given a prefix nobody created topics for
        PulseConfig config = config(kafka, "service-missing");
        Recorder recorder = new Recorder();

        try (PulseService service = new PulseService(config, List.of(recorder))) {
            // When / Then
            assertThatThrownBy(service::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("topics " + config.streams().topicPrefix() + "alerts, ")
                    .hasMessageEndingWith(" do not exist; create Pulse's topics with 'pulse topics create'");
            assertThat(recorder.calls).isEmpty();
        }
    }

    private static void readKpis(
            KafkaCluster kafka,
            PulseConfig config,
            Map<String, KpiValue> latest,
            java.util.function.Predicate<KpiValue> until) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.uniqueName("service-reader"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        var deserializer = new RegistryAvroSerdes(config.serdeConfig())
                .valueSerde(KpiValue.class)
                .deserializer();
        String topic = config.topicNames().kpiValues().name();
        List<KpiValue> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await("the KPI value wanted on " + topic).atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    KpiValue v = deserializer.deserialize(topic, r.value());
                    seen.add(v);
                    latest.put(r.key(), v);
                });
                return seen.stream().anyMatch(until);
            });
        }
    }
}
