package io.pulse.it.failure;

import io.pulse.app.config.PulseConfig;
import io.pulse.app.kafka.Cluster;
import io.pulse.io.topics.TopicReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One failure scenario's world: its settings (application id and topics of its own on the shared broker), its
 * workload and truth, the feeder, the service instances and the outputs. Closing it kills whatever still runs.
 */
final class Scenario implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(Scenario.class);

    final String name;
    final Path dir;
    final ServiceSettings settings;
    final PulseConfig config;
    final Workload workload;
    final Feeder feeder;
    final List<ProducerRecord<byte[], byte[]>> records;
    private final List<ServiceProcess> services = new ArrayList<>();
    private Outputs outputs;

    /**
     * Creates the topics, sends the directory and plans, and encodes the events (the registry must answer now).
     *
     * @param seed   the workload's seed (logged, so a failure can be reproduced)
     * @param events how many events before repeats
     */
    Scenario(
            String name,
            String bootstrap,
            String registryUrl,
            int standbys,
            Map<String, String> extraStreams,
            long seed,
            int events) {
        this.name = name + "-" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        this.dir = workRoot().resolve(this.name);
        this.settings = new ServiceSettings(this.name, bootstrap, registryUrl, standbys, extraStreams);
        this.config = settings.config();
        this.workload = Workload.generate(
                seed, events * load(), Workload.startingAgo(Duration.ofHours(30)), Duration.ofHours(26), config);
        workload.write(dir);
        LOGGER.info("Scenario {}: seed {}, {} in {}", this.name, seed, workload.describe(), dir);
        TopicReport report = Cluster.createTopics(config);
        if (report.hasProblems()) {
            throw new IllegalStateException("cannot create the topics: " + report.problems());
        }
        feeder = new Feeder(config);
        try {
            feeder.sendControl(workload);
            records = feeder.encode(workload.events());
        } catch (RuntimeException e) {
            feeder.close();
            throw e;
        }
    }

    Scenario(String name, BrokerProcess broker, int standbys, long seed, int events) {
        this(name, broker.bootstrapServers(), broker.registryUrl(), standbys, Map.of(), seed, events);
    }

    /** The suite's seed: {@code -Dpulse.it.seed=} to repeat a run, else random (and logged). */
    static long seed() {
        String s = System.getProperty("pulse.it.seed");
        return s == null ? ThreadLocalRandom.current().nextLong() : Long.parseLong(s);
    }

    /** How many times the default number of events ({@code -Dpulse.it.load}; the failure-soak profile uses 10). */
    static int load() {
        return Integer.getInteger("pulse.it.load", 1);
    }

    static Path workRoot() {
        return Path.of("target", "failure").toAbsolutePath();
    }

    /**
     * Waits until the service has read the plans and directory (its group's committed offsets reached their ends), so
     * their schemas are cached before a scenario takes the registry away.
     */
    void awaitControlRead(Duration atMost) {
        List<String> topics = List.of(
                config.topicNames().plans().name(),
                config.topicNames().directory().name());
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", config.kafka().bootstrapServers()))) {
            Awaitility.await(name + ": plans and directory read")
                    .atMost(atMost)
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        var committed = admin.listConsumerGroupOffsets(settings.name())
                                .partitionsToOffsetAndMetadata()
                                .get();
                        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest =
                                new java.util.HashMap<>();
                        for (var d : admin.describeTopics(topics)
                                .allTopicNames()
                                .get()
                                .values()) {
                            d.partitions()
                                    .forEach(p -> latest.put(
                                            new org.apache.kafka.common.TopicPartition(d.name(), p.partition()),
                                            org.apache.kafka.clients.admin.OffsetSpec.latest()));
                        }
                        var ends = admin.listOffsets(latest).all().get();
                        return ends.entrySet().stream()
                                .allMatch(e -> e.getValue().offset() == 0
                                        || (committed.get(e.getKey()) != null
                                                && committed.get(e.getKey()).offset()
                                                        >= e.getValue().offset()));
                    });
        }
    }

    /** A new service instance of this scenario (not started). */
    ServiceProcess service(String instance) {
        ServiceProcess s = new ServiceProcess(instance, settings, dir);
        services.add(s);
        return s;
    }

    synchronized Outputs outputs() {
        if (outputs == null) {
            outputs = new Outputs(config);
        }
        return outputs;
    }

    Truth truth() {
        return new Truth(
                workload,
                feeder.partitions(),
                ZoneId.of(ServiceSettings.ZONE),
                Duration.parse(ServiceSettings.GRACE),
                config.catalog());
    }

    /**
     * Waits until every output the truth requires is there, then judges everything read; returns the verdict (the
     * caller asserts it clean, after reporting).
     */
    Verdict awaitVerdict(Duration atMost) {
        String patience = System.getProperty("pulse.it.verdict-patience");
        if (patience != null) {
            atMost = Duration.parse(patience);
        }
        Truth truth = truth();
        LOGGER.info(
                "Scenario {}: {} distinct events, windows certainly closed up to {}",
                name,
                truth.distinctEvents(),
                truth.closedUpTo());
        Verdict[] last = new Verdict[1];
        try {
            Awaitility.await(name + ": every final the truth requires")
                    .atMost(atMost)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        last[0] = Verdict.of(truth, outputs().poll());
                        return last[0].complete();
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            LOGGER.warn(
                    "Scenario {}: outputs incomplete after {}: {}",
                    name,
                    atMost,
                    last[0] == null ? "nothing read" : last[0].summary());
        }
        Verdict v = Verdict.of(truth, outputs().poll());
        LOGGER.info("Scenario {}: {}", name, v.summary());
        evidence(v);
        return v;
    }

    /** Every problem, late and rejected record into the scenario's folder, for whoever reads a failure. */
    private void evidence(Verdict v) {
        try {
            java.nio.file.Files.write(dir.resolve("problems.txt"), v.problems, java.nio.charset.StandardCharsets.UTF_8);
            List<String> late = new ArrayList<>();
            for (Outputs.Out<io.pulse.avro.outputs.RejectedRecord> o : outputs().late) {
                var r = o.value();
                late.add(r.getSourceTopic() + "/" + r.getPartition() + "@" + r.getOffset() + " " + r.getEventType()
                        + " " + r.getEventId() + " ts " + r.getRecordTimestamp() + ": " + r.getReason());
            }
            java.nio.file.Files.write(dir.resolve("late.txt"), late, java.nio.charset.StandardCharsets.UTF_8);
            List<String> dlq = new ArrayList<>();
            for (Outputs.Out<io.pulse.avro.outputs.RejectedRecord> o : outputs().dlq) {
                var r = o.value();
                dlq.add(r.getSourceTopic() + "/" + r.getPartition() + "@" + r.getOffset() + ": " + r.getReason());
            }
            java.nio.file.Files.write(dir.resolve("dlq.txt"), dlq, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            LOGGER.warn("cannot write the evidence of {}", name, e);
        }
    }

    @Override
    public void close() {
        services.forEach(ServiceProcess::close);
        feeder.close();
        if (outputs != null) {
            outputs.close();
        }
    }
}
