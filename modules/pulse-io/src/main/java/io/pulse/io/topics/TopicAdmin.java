package io.pulse.io.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Pulse's topics on a cluster, idempotently: missing topics are created as planned,
 * existing ones are left alone, and an existing topic whose partition count or cleanup policy
 * differs from the plan is reported, because Pulse depends on both (co-partitioning, compaction).
 *
 * <pre>{@code
 * try (Admin admin = Admin.create(props)) {
 *     TopicReport report = new TopicAdmin(admin).ensure(TopicPlanner.plan(names, settings));
 * }
 * }</pre>
 */
public final class TopicAdmin {
    private static final Logger LOGGER = LoggerFactory.getLogger(TopicAdmin.class);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Admin admin;
    private final Duration timeout;

    /** Uses {@code admin} (the caller closes it) with a {@linkplain #DEFAULT_TIMEOUT 60-second} timeout per call. */
    public TopicAdmin(Admin admin) {
        this(admin, DEFAULT_TIMEOUT);
    }

    public TopicAdmin(Admin admin, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Creates the planned topics that do not exist and checks the ones that do.
     *
     * @throws TopicAdminException when the cluster cannot be reached or refuses a creation
     */
    public TopicReport ensure(List<PlannedTopic> plan) {
        Map<String, PlannedTopic> byName = new LinkedHashMap<>();
        plan.forEach(topic -> byName.put(topic.name(), topic));

        Set<String> present = call("list topics", admin.listTopics().names());
        List<String> created = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        List<PlannedTopic> missing = byName.values().stream()
                .filter(t -> !present.contains(t.name()))
                .toList();
        if (!missing.isEmpty()) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(
                            missing.stream().map(PlannedTopic::toNewTopic).toList())
                    .values();
            for (PlannedTopic topic : missing) {
                if (createdNow(topic, results.get(topic.name()))) {
                    created.add(topic.name());
                } else {
                    existing.add(topic.name());
                }
            }
        }
        byName.keySet().stream().filter(present::contains).forEach(existing::add);
        awaitLeaders(byName.keySet());

        List<String> problems = existing.isEmpty() ? List.of() : check(existing, byName);
        TopicReport report = new TopicReport(created, existing, problems);
        LOGGER.info("Topics: {}", report.summary());
        problems.forEach(problem -> LOGGER.warn("Topic problem: {}", problem));
        return report;
    }

    /** True when this call created it; false when someone else did in the meantime. */
    private boolean createdNow(PlannedTopic topic, KafkaFuture<Void> result) {
        try {
            result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOGGER.debug(
                    "Created topic {} ({} partitions, {}): {}",
                    topic.name(),
                    topic.partitions(),
                    topic.cleanupPolicy(),
                    topic.purpose());
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new TopicAdminException(
                    "Cannot create topic " + topic.name() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicAdminException("Interrupted while creating topic " + topic.name(), e);
        } catch (TimeoutException e) {
            throw new TopicAdminException("Timed out after " + timeout + " creating topic " + topic.name(), e);
        }
    }

    private List<String> check(Collection<String> names, Map<String, PlannedTopic> plan) {
        Map<String, TopicDescription> descriptions =
                call("describe topics", admin.describeTopics(names).allTopicNames());
        Map<ConfigResource, Config> configs = call(
                "describe topic configs",
                admin.describeConfigs(names.stream()
                                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                                .toList())
                        .all());
        List<String> problems = new ArrayList<>();
        for (String name : names) {
            PlannedTopic wanted = plan.get(name);
            int actualPartitions = descriptions.get(name).partitions().size();
            if (actualPartitions != wanted.partitions()) {
                problems.add("topic " + name + " has " + actualPartitions + " partitions but Pulse is configured for "
                        + wanted.partitions() + "; Pulse leaves existing topics alone, so configure "
                        + actualPartitions + " partitions or recreate the topic");
            }
            ConfigEntry policy = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name))
                    .get(TopicPlanner.CLEANUP_POLICY);
            String actualPolicy = policy == null ? TopicPlanner.DELETE : normalise(policy.value());
            if (!actualPolicy.equals(normalise(wanted.cleanupPolicy()))) {
                problems.add("topic " + name + " has cleanup.policy=" + actualPolicy + " but Pulse needs "
                        + wanted.cleanupPolicy() + "; change it with kafka-configs --alter --entity-type topics"
                        + " --entity-name " + name + " --add-config cleanup.policy=[" + wanted.cleanupPolicy() + "]");
            }
        }
        return problems;
    }

    /**
     * Waits until every partition of the topics has a leader: the controller confirms a creation
     * before the brokers have loaded it, and clients that start right after would see unknown topics.
     */
    private void awaitLeaders(Collection<String> names) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String waitingFor = String.join(", ", names);
        while (true) {
            try {
                Map<String, TopicDescription> descriptions =
                        admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                List<String> leaderless = descriptions.values().stream()
                        .filter(d -> d.partitions().stream().anyMatch(p -> p.leader() == null))
                        .map(TopicDescription::name)
                        .toList();
                if (leaderless.isEmpty() && leadersServe(descriptions)) {
                    return;
                }
                if (leaderless.isEmpty()) {
                    waitingFor = "the leaders of " + String.join(", ", names) + " to serve requests";
                }
                waitingFor = String.join(", ", leaderless);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new TopicAdminException(
                            "Cannot describe topics: " + e.getCause().getMessage(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicAdminException("Interrupted while waiting for topics " + waitingFor, e);
            } catch (TimeoutException e) {
                throw new TopicAdminException("Timed out after " + timeout + " describing topics", e);
            }
            if (System.nanoTime() > deadline) {
                throw new TopicAdminException(
                        "Timed out after " + timeout + " waiting for leaders of " + waitingFor, null);
            }
            pause();
        }
    }

    /**
     * Whether every partition's leader answers a ListOffsets request. Metadata can name a leader before that
     * broker has loaded the partition; a producer that writes then gets NOT_LEADER_OR_FOLLOWER and, being
     * idempotent, can end in OUT_OF_ORDER_SEQUENCE_NUMBER retries until its delivery timeout.
     */
    private boolean leadersServe(Map<String, TopicDescription> descriptions) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        descriptions
                .values()
                .forEach(d -> d.partitions()
                        .forEach(p -> specs.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        try {
            admin.listOffsets(specs).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** Between two metadata requests while brokers catch up with the controller (milliseconds, usually). */
    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicAdminException("Interrupted while waiting for topic leaders", e);
        }
    }

    /** {@code "delete,compact"} and {@code "compact,delete"} are the same policy. */
    private static String normalise(String policy) {
        return Arrays.stream(policy.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .sorted()
                .collect(Collectors.joining(","));
    }

    private <T> T call(String what, KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new TopicAdminException("Cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicAdminException("Interrupted while trying to " + what, e);
        } catch (TimeoutException e) {
            throw new TopicAdminException(
                    "Timed out after " + timeout + " trying to " + what + "; is the cluster reachable?", e);
        }
    }
}
