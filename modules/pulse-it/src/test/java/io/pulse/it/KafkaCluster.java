package io.pulse.it;

import static org.awaitility.Awaitility.await;

import io.pulse.dev.broker.EmbeddedKafka;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.AppInfoParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The one Kafka cluster all integration tests of a test JVM share: Pulse's {@link EmbeddedKafka}
 * by default (what CI runs), or Testcontainers' {@code apache/kafka} image at our Kafka version when
 * {@code PULSE_IT_KAFKA=container}. Tests get it from {@link KafkaClusterExtension} (see
 * {@link WithKafkaCluster}) and should name their topics and groups with {@link #uniqueName} since
 * other test classes use the same cluster.
 */
public final class KafkaCluster implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(KafkaCluster.class);

    /** Environment variable choosing the cluster: {@code embedded} (default) or {@code container}. */
    public static final String MODE_VARIABLE = "PULSE_IT_KAFKA";

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final AtomicInteger NAMES = new AtomicInteger();

    /** Where the cluster runs. */
    public enum Mode {
        EMBEDDED,
        CONTAINER;

        /** The mode {@value #MODE_VARIABLE} asks for; unset or empty means embedded. */
        public static Mode fromEnvironment() {
            return parse(System.getenv(MODE_VARIABLE));
        }

        static Mode parse(String value) {
            if (value == null || value.isBlank()) {
                return EMBEDDED;
            }
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        MODE_VARIABLE + "=" + value
                                + " is not a cluster mode: use 'embedded' (the default) or 'container'",
                        e);
            }
        }
    }

    private final Mode mode;
    private final String bootstrapServers;
    private final Runnable stop;

    private KafkaCluster(Mode mode, String bootstrapServers, Runnable stop) {
        this.mode = mode;
        this.bootstrapServers = bootstrapServers;
        this.stop = stop;
    }

    /** Starts a cluster in {@code mode}; for {@link Mode#CONTAINER} the caller has checked {@link #dockerAvailable()}. */
    static KafkaCluster start(Mode mode) {
        long begin = System.nanoTime();
        KafkaCluster cluster = switch (mode) {
            case EMBEDDED -> {
                EmbeddedKafka kafka = EmbeddedKafka.builder().build().start();
                yield new KafkaCluster(mode, kafka.bootstrapServers(), kafka::close);
            }
            case CONTAINER -> {
                KafkaContainer container = new KafkaContainer(containerImage())
                        // The same one-node settings as EmbeddedKafka, so a test means the same on both.
                        .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                        .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                        .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                        .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                        .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                        .withEnv("KAFKA_MIN_INSYNC_REPLICAS", "1");
                container.start();
                yield new KafkaCluster(mode, container.getBootstrapServers(), container::stop);
            }
        };
        LOGGER.info(
                "Shared {} Kafka cluster for integration tests at {} ready in {} ms",
                mode,
                cluster.bootstrapServers,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
        return cluster;
    }

    /** {@code apache/kafka} at the version of the Kafka clients on the classpath (the parent pom's). */
    static DockerImageName containerImage() {
        return DockerImageName.parse("apache/kafka:" + AppInfoParser.getVersion());
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            LOGGER.debug("Docker is not usable", e);
            return false;
        }
    }

    public Mode mode() {
        return mode;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** {@code bootstrap.servers}, to build client configurations on. */
    public Map<String, Object> clientProperties() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }

    /** A new admin client; the caller closes it. */
    public Admin admin() {
        return Admin.create(clientProperties());
    }

    /** A name no other test in this JVM uses: {@code base-<n>}. */
    public String uniqueName(String base) {
        return base + "-" + NAMES.incrementAndGet();
    }

    /** Creates a topic with replication factor 1 unless it exists, and waits for its leaders. */
    public void createTopic(String name, int partitions) {
        createTopics(List.of(new NewTopic(name, partitions, (short) 1)));
    }

    public void createTopics(NewTopic... topics) {
        createTopics(Arrays.asList(topics));
    }

    /** Creates the topics that do not exist and waits until every partition has a leader. */
    public void createTopics(Collection<NewTopic> topics) {
        Set<String> names = topics.stream().map(NewTopic::name).collect(Collectors.toSet());
        try (Admin admin = admin()) {
            for (var result : admin.createTopics(topics).values().entrySet()) {
                try {
                    result.getValue().get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + result.getKey(), e.getCause());
                    }
                }
            }
            await("leaders for every partition of " + names)
                    .atMost(PATIENCE)
                    .ignoreExceptions()
                    .until(() -> admin.describeTopics(names).allTopicNames().get().values().stream()
                            .map(TopicDescription::partitions)
                            .flatMap(List::stream)
                            .map(TopicPartitionInfo::leader)
                            .allMatch(Objects::nonNull));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating " + names, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Timed out creating " + names, e);
        }
    }

    @Override
    public void close() {
        LOGGER.info("Stopping the shared {} Kafka cluster", mode);
        stop.run();
    }

    @Override
    public String toString() {
        return mode.name().toLowerCase(Locale.ROOT) + " Kafka at " + bootstrapServers;
    }
}
