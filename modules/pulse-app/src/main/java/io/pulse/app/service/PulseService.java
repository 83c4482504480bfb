package io.pulse.app.service;

import io.pulse.app.config.PulseConfig;
import io.pulse.app.kafka.Cluster;
import io.pulse.io.topics.TopicPlanner;
import io.pulse.serde.SchemaRegistryUnavailableException;
import io.pulse.streams.PulseStreamsConfig;
import io.pulse.streams.PulseTopology;
import io.pulse.streams.RegistryAvroSerdes;
import io.pulse.streams.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pulse service: the topology in a Kafka Streams client, and the {@link ServiceComponent}s beside it (the
 * HTTP API). An uncaught error shuts the client down (DESIGN "Errors have a policy") and ends
 * {@link #awaitTermination()} with the cause, so the process exits non-zero and the orchestrator restarts it.
 *
 * <pre>{@code
 * try (PulseService service = new PulseService(config, List.of(httpApi))) {
 *     service.start();
 *     Optional<Throwable> failure = service.awaitTermination();
 * }
 * }</pre>
 */
public final class PulseService implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(PulseService.class);

    private final PulseConfig config;
    private final List<ServiceComponent> components;
    private final List<ServiceComponent> started = new ArrayList<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private RegistryAvroSerdes serdes;
    private KafkaStreams streams;
    private boolean closed;
    private volatile boolean cleanStop = true;

    public PulseService(PulseConfig config) {
        this(config, List.of());
    }

    public PulseService(PulseConfig config, List<ServiceComponent> components) {
        this.config = Objects.requireNonNull(config, "config");
        this.components = List.copyOf(components);
    }

    /**
     * Checks that Pulse's topics exist, starts the components, then the Kafka Streams client; returns this.
     *
     * @throws IllegalStateException one line: topics missing, cluster unreachable, a component that cannot start
     */
    public synchronized PulseService start() {
        if (streams != null || closed) {
            throw new IllegalStateException("a service starts once");
        }
        LOGGER.info("Starting Pulse: {}", config.describe());
        // Kafka Streams would fail on its own, but with a less helpful message, or later.
        Cluster.requireTopics(config, TopicPlanner.names(config.topicNames()));
        PulseStreamsConfig streamsConfig = config.streamsConfig();
        serdes = new RegistryAvroSerdes(config.serdeConfig());
        ServiceContext context =
                new ServiceContext(config, streamsConfig, new Topics(streamsConfig.topicPrefix(), serdes), serdes);
        Properties properties = config.streamsProperties();
        try {
            prepareOutputSchemas(context.topics());
            for (ServiceComponent component : components) {
                component.start(context, properties);
                started.add(component);
                LOGGER.info("Started {}", component.name());
            }
            Topology topology = PulseTopology.build(streamsConfig, serdes);
            streams = new KafkaStreams(topology, properties);
        } catch (Exception e) {
            closeComponents();
            closeRegistry();
            throw new IllegalStateException("cannot start Pulse: " + message(e), e);
        }
        streams.setUncaughtExceptionHandler(uncaught());
        streams.setStateListener((newState, oldState) -> {
            LOGGER.info("Kafka Streams {} -> {}", oldState, newState);
            for (ServiceComponent component : started) {
                component.onStateChange(newState, oldState);
            }
            if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.NOT_RUNNING) {
                terminated.countDown();
            }
        });
        streams.setGlobalStateRestoreListener(new RestoreLog());
        started.forEach(component -> component.attach(streams));
        streams.start();
        return this;
    }

    /**
     * Registers the output schemas at start (a registry that is away now fails the start, clearly), so writing an
     * output never needs the registry later: a registry outage then only holds back input whose schema id is new.
     * With {@code registry.autoRegister: false} (production) they must be registered already, as CI does with
     * serdes that may register ({@code topics} built on them).
     */
    public static void prepareOutputSchemas(Topics topics) {
        prepare(topics.kpiValues(), io.pulse.avro.outputs.KpiValue.class);
        prepare(topics.kpiFinal(), io.pulse.avro.outputs.KpiValue.class);
        prepare(topics.scorecards(), io.pulse.avro.outputs.Scorecard.class);
        prepare(topics.alerts(), io.pulse.avro.outputs.Alert.class);
        prepare(topics.dlq(), io.pulse.avro.outputs.RejectedRecord.class);
        prepare(topics.late(), io.pulse.avro.outputs.RejectedRecord.class);
    }

    private static <V> void prepare(io.pulse.streams.TopicSpec<?, V> topic, Class<V> type) {
        if (topic.valueSerde().serializer() instanceof io.pulse.serde.AvroSerializer<V> avro) {
            avro.prepare(
                    topic.name(), org.apache.avro.specific.SpecificData.get().getSchema(type));
        }
    }

    private StreamsUncaughtExceptionHandler uncaught() {
        return exception -> {
            if (waitingForRegistry(exception)) {
                // Not a failure of the data or of Pulse: the decode step waited as long as a stream thread may and
                // gave the record back. A new thread reads it again from the last commit (exactly-once holds).
                LOGGER.warn(
                        "The schema registry is still away; replacing the stream thread so the record is read "
                                + "again: {}",
                        exception.getMessage());
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            Throwable cause = exception;
            while (cause.getCause() != null
                    && cause != cause.getCause()
                    && !(cause instanceof MissingSourceTopicException)) {
                cause = cause.getCause();
            }
            failure.compareAndSet(
                    null,
                    cause instanceof MissingSourceTopicException
                            ? new IllegalStateException(
                                    "Pulse's topics are missing (" + cause.getMessage()
                                            + "); create them with 'pulse topics create' or 'pulse run --create-topics'",
                                    cause)
                            : exception);
            LOGGER.error("Kafka Streams stopped after an uncaught error; shutting the client down", exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        };
    }

    /** Restoration from the changelogs, logged: after a crash it is what a restart spends its time on. */
    private static final class RestoreLog implements org.apache.kafka.streams.processor.StateRestoreListener {
        @Override
        public void onRestoreStart(
                org.apache.kafka.common.TopicPartition partition,
                String store,
                long startingOffset,
                long endingOffset) {
            LOGGER.info("Restoring {} from {} ({} records)", store, partition, endingOffset - startingOffset);
        }

        @Override
        public void onBatchRestored(
                org.apache.kafka.common.TopicPartition partition, String store, long batchEndOffset, long numRestored) {
            // per batch would flood the log
        }

        @Override
        public void onRestoreEnd(org.apache.kafka.common.TopicPartition partition, String store, long totalRestored) {
            LOGGER.info("Restored {} from {} ({} records)", store, partition, totalRestored);
        }
    }

    private static boolean waitingForRegistry(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SchemaRegistryUnavailableException) {
                return true;
            }
        }
        return false;
    }

    /** The streams client, once started. */
    public synchronized KafkaStreams streams() {
        if (streams == null) {
            throw new IllegalStateException("not started");
        }
        return streams;
    }

    /** The streams client's state, or CREATED before {@link #start()}. */
    public synchronized KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    /**
     * Blocks until the service is closed or the streams client stopped on its own; returns the error that
     * stopped it, if one did.
     */
    public Optional<Throwable> awaitTermination() throws InterruptedException {
        terminated.await();
        return failure();
    }

    /** Like {@link #awaitTermination()}, at most {@code timeout}; empty also when still running. */
    public Optional<Throwable> awaitTermination(Duration timeout) throws InterruptedException {
        terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return failure();
    }

    /** The error that stopped the streams client, if one did. */
    public Optional<Throwable> failure() {
        Throwable t = failure.get();
        if (t == null && streams != null && streams.state() == KafkaStreams.State.ERROR) {
            return Optional.of(new IllegalStateException("Kafka Streams is in state ERROR"));
        }
        return Optional.ofNullable(t);
    }

    /**
     * Stops the streams client, then the components; idempotent. The client finishes the records in flight, commits
     * and leaves the consumer group, all within {@code streams.shutdownTimeout}: leaving (rather than letting the
     * session time out) is what lets another instance, or this one restarted, take the partitions over at once.
     *
     * @return whether Kafka Streams stopped within the timeout
     */
    public boolean stop() {
        close();
        return cleanStop;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (streams != null) {
            Duration timeout = config.streams().shutdownTimeout();
            LOGGER.info("Stopping Kafka Streams (leaving the group, at most {})", timeout);
            long begin = System.nanoTime();
            cleanStop = streams.close(
                    CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                            .withTimeout(timeout));
            if (cleanStop) {
                LOGGER.info("Kafka Streams stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
            } else {
                LOGGER.warn("Kafka Streams did not stop within {}", timeout);
            }
        }
        closeComponents();
        closeRegistry();
        terminated.countDown();
        LOGGER.info("Pulse stopped");
    }

    private void closeComponents() {
        for (int i = started.size() - 1; i >= 0; i--) {
            ServiceComponent component = started.get(i);
            try {
                component.close();
            } catch (RuntimeException e) {
                LOGGER.warn("Closing {} failed", component.name(), e);
            }
        }
        started.clear();
    }

    private void closeRegistry() {
        if (serdes != null) {
            try {
                serdes.client().close();
            } catch (Exception e) {
                LOGGER.warn("Closing the schema registry client failed", e);
            }
            serdes = null;
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
