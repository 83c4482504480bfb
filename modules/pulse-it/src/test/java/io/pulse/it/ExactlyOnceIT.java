package io.pulse.it;

import static io.pulse.it.Backlog.PATIENCE;
import static io.pulse.it.Backlog.START;
import static io.pulse.it.Backlog.assertFinalsEqualTruth;
import static io.pulse.it.Backlog.awaitFinals;
import static io.pulse.it.Backlog.events;
import static io.pulse.it.Backlog.produce;
import static io.pulse.it.Backlog.readAll;
import static io.pulse.it.Backlog.truth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pulse.app.config.PulseConfig;
import io.pulse.app.kafka.Cluster;
import io.pulse.avro.outputs.KpiValue;
import io.pulse.avro.outputs.RejectedRecord;
import io.pulse.avro.outputs.Scorecard;
import io.pulse.core.Scope;
import io.pulse.core.period.PeriodKind;
import io.pulse.core.plan.Plan;
import io.pulse.core.plan.PlanItem;
import io.pulse.io.events.InputEvent;
import io.pulse.it.Backlog.Row;
import io.pulse.serde.SchemaRegistryUnavailableException;
import io.pulse.streams.AvroSerdeFactory;
import io.pulse.streams.PulseStreamsConfig;
import io.pulse.streams.PulseTopology;
import io.pulse.streams.RegistryAvroSerdes;
import io.pulse.streams.Topics;
import io.pulse.streams.plan.PlanAvro;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once of Pulse's own topology ({@link PulseTopology#build}, {@code exactly_once_v2}) on a real broker: an
 * instance that dies with finals in an open transaction leaves nothing a read_committed consumer sees, and the
 * application restarted on the same state reaches the truth computed from pulse-core, with exactly one final per
 * window key and one final scorecard. The failure suite ({@code io.pulse.it.failure}) does the same
 * with {@code kill -9} of a separate JVM.
 */
@WithKafkaCluster
class ExactlyOnceIT {
    private static final Logger LOGGER = LoggerFactory.getLogger(ExactlyOnceIT.class);
    /** Orders of employee e-1 in every month from the first event on. */
    private static final Plan PLAN = new Plan(
            Scope.EMPLOYEE,
            "e-1",
            PeriodKind.MONTH,
            null,
            null,
            null,
            List.of(PlanItem.of("orders", BigDecimal.valueOf(100), BigDecimal.ONE)),
            START);

    private static final String OCTOBER = "2026-10-01T00:00+02:00";
    /**
     * The first instance's: its aggregator reads the reading tasks' deltas read_committed, so it publishes finals
     * early in a transaction, and dies long before that transaction would commit.
     */
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void shouldReachTheTruthOnceWhenAnInstanceDiesWithAnOpenTransaction(KafkaCluster kafka) throws Exception {
        // Given two days of events waiting in Kafka, read by an instance that commits every 30 s
        PulseConfig config = Backlog.config(kafka, dir, "exactly-once");
        assertThat(Cluster.createTopics(config).hasProblems()).isFalse();
        AvroSerdeFactory registry = new RegistryAvroSerdes(config.serdeConfig());
        Topics topics = new Topics(config.streamsConfig().topicPrefix(), registry);
        String finals = topics.kpiFinal().name();
        List<InputEvent> events = events();
        Map<String, BigDecimal> truth = truth(events);
        produce(config, kafka, events, e -> -1);
        Properties slowCommits = config.streamsProperties();
        slowCommits.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) COMMIT_INTERVAL.toMillis());
        slowCommits.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), (int)
                COMMIT_INTERVAL.multipliedBy(2).toMillis());
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        int committedFinals;
        try (KafkaStreams first = start(config.streamsConfig(), plansRegistryAway(registry), slowCommits, errors)) {
            // When it has published finals in a transaction still open
            int[] seen = new int[2];
            await("finals in an open transaction")
                    .atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        seen[0] = readAll(config, kafka, finals, KpiValue.class).size();
                        seen[1] = readAll(config, kafka, finals, KpiValue.class, "read_uncommitted")
                                .size();
                        return seen[1] > seen[0];
                    });
            committedFinals = seen[0];
            // and dies in it: the schema registry does not answer for a plan, and the plan's validator gives its
            // thread up (Kafka Streams closes the tasks dirty: the transaction is aborted, the local state wiped)
            producePlan(config, kafka, topics, PLAN);
            await("the first instance stopped by the outage")
                    .atMost(PATIENCE)
                    .until(() -> first.state() == KafkaStreams.State.ERROR);
        }
        assertThat(errors)
                .singleElement()
                .satisfies(e -> assertThat(causes(e)).anyMatch(c -> c instanceof SchemaRegistryUnavailableException));

        // Then what its open transaction held never reached read_committed consumers
        int uncommittedFinals = readAll(config, kafka, finals, KpiValue.class, "read_uncommitted")
                .size();
        LOGGER.info(
                "The first instance died with {} finals in its open transaction ({} committed before)",
                uncommittedFinals - committedFinals,
                committedFinals);
        assertThat(readAll(config, kafka, finals, KpiValue.class))
                .as("committed finals")
                .hasSize(committedFinals);
        assertThat(uncommittedFinals).as("finals of the aborted transaction").isGreaterThan(committedFinals);

        // And the application restarted on the same state gives every final once, equal to the truth, and the plan's
        // final scorecard once, with nothing late and nothing rejected
        try (KafkaStreams second = start(config.streamsConfig(), registry, config.streamsProperties(), errors)) {
            awaitFinals(config, kafka, truth);
            assertFinalsEqualTruth(
                    readAll(config, kafka, finals, KpiValue.class).stream()
                            .map(Row::of)
                            .toList(),
                    truth);
            await("the plan's final scorecard of October")
                    .atMost(PATIENCE)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> readAll(config, kafka, topics.scorecards().name(), Scorecard.class).stream()
                            .anyMatch(c -> c.getFinal$() && c.getPeriodStart().equals(OCTOBER)));
            List<Scorecard> octoberFinals = readAll(
                            config, kafka, topics.scorecards().name(), Scorecard.class)
                    .stream()
                    .filter(c -> c.getFinal$() && c.getPeriodStart().equals(OCTOBER))
                    .toList();
            assertThat(octoberFinals)
                    .singleElement()
                    .satisfies(card -> assertThat(card.getItems().get(0).getFact())
                            .isEqualByComparingTo(truth.get("orders|employee|e-1|month|" + OCTOBER)));
            assertThat(readAll(config, kafka, topics.late().name(), RejectedRecord.class))
                    .isEmpty();
            assertThat(readAll(config, kafka, topics.dlq().name(), RejectedRecord.class))
                    .isEmpty();
            assertThat(errors).as("uncaught errors").hasSize(1);
        }
    }

    /** Pulse's topology as the service runs it, with the uncaught errors recorded and the client shut down on one. */
    private static KafkaStreams start(
            PulseStreamsConfig streamsConfig, AvroSerdeFactory avro, Properties properties, List<Throwable> errors) {
        KafkaStreams streams = new KafkaStreams(PulseTopology.build(streamsConfig, avro), properties);
        streams.setUncaughtExceptionHandler(e -> {
            errors.add(e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        return streams;
    }

    /** The registry's serdes, but the schema of a plan cannot be fetched: the registry is away. */
    private static AvroSerdeFactory plansRegistryAway(AvroSerdeFactory registry) {
        return new AvroSerdeFactory() {
            @Override
            public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
                Serde<T> serde = registry.valueSerde(type);
                if (type != io.pulse.avro.control.Plan.class) {
                    return serde;
                }
                Deserializer<T> away = (topic, bytes) -> {
                    throw new SchemaRegistryUnavailableException(1, "the schema registry does not answer (test)", null);
                };
                return Serdes.serdeFrom(serde.serializer(), away);
            }
        };
    }

    private static void producePlan(PulseConfig config, KafkaCluster kafka, Topics topics, Plan plan) {
        byte[] value = new RegistryAvroSerdes(config.serdeConfig())
                .valueSerde(io.pulse.avro.control.Plan.class)
                .serializer()
                .serialize(topics.plans().name(), PlanAvro.toAvro(plan));
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(
                    new ProducerRecord<>(topics.plans().name(), plan.key().getBytes(StandardCharsets.UTF_8), value));
            producer.flush();
        }
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> out = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && !out.contains(t); t = t.getCause()) {
            out.add(t);
        }
        return out;
    }
}
