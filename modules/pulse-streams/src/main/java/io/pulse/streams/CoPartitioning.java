package io.pulse.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * The start-up check that every event topic and the by-eventId topic have the partition count the topology
 * was built for: one reading task owns one partition number of all of them (SPEC §9), so a topic with more or
 * fewer partitions would leave events unread or watermarks held back for ever.
 */
public final class CoPartitioning {
    private CoPartitioning() {}

    /** Returns a one-line problem naming the topics and their counts, or null when they agree. */
    public static String problem(Map<String, Integer> partitionsByTopic, int expected, List<String> required) {
        List<String> missing = new ArrayList<>();
        Map<String, Integer> wrong = new TreeMap<>();
        for (String t : required) {
            Integer n = partitionsByTopic.get(t);
            if (n == null) {
                missing.add(t);
            } else if (n != expected) {
                wrong.put(t, n);
            }
        }
        if (!missing.isEmpty()) {
            return "input topics missing: " + String.join(", ", missing) + " (create them with `pulse topics create`)";
        }
        if (!wrong.isEmpty()) {
            StringBuilder sb = new StringBuilder("the event topics and ")
                    .append(required.get(required.size() - 1))
                    .append(" must all have streams.partitions = ")
                    .append(expected)
                    .append(" partitions (one reading task" + " reads one partition of each); these differ: ");
            wrong.forEach((t, n) -> sb.append(t).append('=').append(n).append(' '));
            return sb.toString().trim();
        }
        return null;
    }

    /**
     * Checks the live cluster; throws {@link IllegalStateException} with the problem.
     *
     * @param required the event topics, then the by-eventId topic
     */
    public static void check(Admin admin, List<String> required, int expected) {
        Map<String, Integer> counts = new TreeMap<>();
        try {
            Map<String, TopicDescription> d =
                    admin.describeTopics(required).allTopicNames().get(30, TimeUnit.SECONDS);
            d.forEach((k, v) -> counts.put(k, v.partitions().size()));
        } catch (ExecutionException e) {
            // Unknown topics: describe each so the message names the missing ones.
            for (String t : required) {
                try {
                    counts.put(
                            t,
                            admin.describeTopics(List.of(t))
                                    .allTopicNames()
                                    .get(30, TimeUnit.SECONDS)
                                    .get(t)
                                    .partitions()
                                    .size());
                } catch (ExecutionException | TimeoutException ignored) {
                    // missing
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while checking the input topics", ie);
                }
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot describe the input topics within 30 s: is Kafka reachable?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the input topics", e);
        }
        String problem = problem(counts, expected, required);
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }
}
