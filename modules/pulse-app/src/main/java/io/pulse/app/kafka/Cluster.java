package io.pulse.app.kafka;

import io.pulse.app.config.PulseConfig;
import io.pulse.io.topics.TopicAdmin;
import io.pulse.io.topics.TopicPlanner;
import io.pulse.io.topics.TopicReport;
import io.pulse.streams.CoPartitioning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * What the command line asks of the cluster before it produces: are Pulse's topics there (a producer would
 * otherwise wait a minute for a topic the broker will never create), and create them.
 */
public final class Cluster {
    /** How long to wait for the cluster to answer before saying it cannot be reached. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Missing topics named in an error before "and N more". */
    private static final int MAX_NAMED = 3;

    private Cluster() {}

    /**
     * Throws a one-line {@link IllegalStateException} unless every topic of {@code names} exists.
     *
     * @throws IllegalStateException "topic pulse.plans does not exist; create Pulse's topics with 'pulse topics create'"
     */
    public static void requireTopics(PulseConfig config, Collection<String> names) {
        try (Admin admin = Admin.create(config.kafkaClients().adminProperties())) {
            Set<String> present = admin.listTopics(new ListTopicsOptions().timeoutMs((int) PATIENCE.toMillis()))
                    .names()
                    .get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            List<String> missing =
                    names.stream().filter(n -> !present.contains(n)).sorted().toList();
            if (!missing.isEmpty()) {
                String named = missing.size() <= MAX_NAMED
                        ? String.join(", ", missing)
                        : String.join(", ", missing.subList(0, MAX_NAMED)) + " and " + (missing.size() - MAX_NAMED)
                                + " more";
                throw new IllegalStateException((missing.size() == 1
                                ? "topic " + named + " does not exist"
                                : "topics " + named + " do not exist")
                        + "; create Pulse's topics with 'pulse topics create'");
            }
            // One reading task reads one partition of every event topic (SPEC §9): their counts must agree.
            List<String> read = new ArrayList<>(config.topicNames().eventTopicNames());
            read.add(config.topicNames().eventsById().name());
            CoPartitioning.check(admin, read, config.streams().partitions());
        } catch (ExecutionException e) {
            throw unreachable(config, e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(config, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        }
    }

    /** Creates Pulse's topics that do not exist (and reports the existing ones that differ from the plan). */
    public static TopicReport createTopics(PulseConfig config) {
        try (Admin admin = Admin.create(config.kafkaClients().adminProperties())) {
            return new TopicAdmin(admin, PATIENCE)
                    .ensure(TopicPlanner.plan(config.topicNames(), config.topicSettings()));
        } catch (RuntimeException e) {
            String refused = refusal(config, e);
            throw refused == null ? e : new IllegalStateException(refused, e);
        }
    }

    private static IllegalStateException unreachable(PulseConfig config, Throwable cause) {
        String refused = refusal(config, cause);
        if (refused != null) {
            return new IllegalStateException(refused, cause);
        }
        String why = cause == null || cause.getMessage() == null
                ? "no answer within " + PATIENCE.toSeconds() + " s"
                : cause.getMessage();
        return new IllegalStateException(
                "cannot reach Kafka at " + config.kafka().bootstrapServers() + ": " + why, cause);
    }

    /**
     * One line saying which setting to check when {@code error} (or a cause) is Kafka refusing the client's
     * credentials or TLS, else null. Such failures are fatal at once (no retries), so they never look like a hang.
     */
    public static String refusal(PulseConfig config, Throwable error) {
        String servers = config.kafka().bootstrapServers();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SaslAuthenticationException) {
                return "Kafka at " + servers + " refused the credentials (SASL "
                        + config.kafka().properties().getOrDefault("sasl.mechanism", "GSSAPI")
                        + "): check kafka.sasl.jaas.config (KAFKA_SASL_JAAS_CONFIG) and kafka.sasl.mechanism";
            }
            if (t instanceof SslAuthenticationException) {
                return "TLS handshake with Kafka at " + servers + " failed (" + rootMessage(t) + "): check "
                        + "kafka.ssl.truststore.location, kafka.ssl.keystore.location and kafka.security.protocol";
            }
            if (t instanceof AuthenticationException) {
                return "Kafka at " + servers + " refused to authenticate the client (" + rootMessage(t)
                        + "): check kafka.security.protocol, kafka.sasl.* and kafka.ssl.*";
            }
        }
        return null;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
