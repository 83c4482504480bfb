package io.pulse.io.topics;

import io.pulse.streams.Topics;
import io.pulse.streams.event.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides how each of Pulse's topics is created.
 *
 * <ul>
 *   <li><b>Inputs</b> ({@code events.*}): {@code delete}, kept for the event retention (by default
 *       the 7-day dedupe horizon, so replays inside it are recognised).</li>
 *   <li><b>Control</b> ({@code plans}, {@code directory}, {@code directory.valid}): {@code compact}, no time limit: the latest
 *       plan or assignment per key is the state, and it must outlive any retention.</li>
 *   <li><b>{@code events.by-id}</b>: {@code delete}, kept like the inputs: events on their way to their
 *       home partition and the reading tasks' progress marks, which matter only until read.</li>
 *   <li><b>{@code kpi.values}</b>: {@code compact,delete}. Every window key is updated many times
 *       and only its latest value matters, so compaction drops the superseded updates; but every
 *       new period brings new keys, so compaction alone would grow forever, and the time limit
 *       removes windows older than the output retention.</li>
 *   <li><b>{@code kpi.final}</b>: {@code delete} with the output retention; every key is written
 *       once, so compaction would reclaim nothing.</li>
 *   <li><b>{@code scorecards}</b>: {@code compact}, no time limit: the latest scorecard per plan
 *       and period is what people are paid on, and there are few such keys.</li>
 *   <li><b>{@code alerts}</b>: {@code delete} with the output retention.</li>
 *   <li><b>{@code dlq}, {@code late}</b>: {@code delete} with the rejected retention, long enough to
 *       investigate and replay.</li>
 * </ul>
 *
 * <p>Compacted topics roll segments daily, because Kafka never compacts the active segment and its
 * default (7 days) would keep a week of superseded values around.
 */
public final class TopicPlanner {
    static final String CLEANUP_POLICY = "cleanup.policy";
    static final String RETENTION_MS = "retention.ms";
    static final String SEGMENT_MS = "segment.ms";
    static final String DELETE = "delete";
    static final String COMPACT = "compact";
    static final String COMPACT_DELETE = "compact,delete";
    private static final Duration COMPACTED_SEGMENT = Duration.ofDays(1);

    private TopicPlanner() {}

    /**
     * Every topic the topology reads or writes, as {@code settings} asks: the inputs in the order of
     * {@link EventType}, the control topics, then the outputs.
     */
    public static List<PlannedTopic> plan(Topics topics, TopicSettings settings) {
        List<PlannedTopic> planned = new ArrayList<>();
        for (EventType type : EventType.values()) {
            planned.add(topic(
                    settings,
                    topics.event(type).name(),
                    deleteAfter(settings.eventRetention()),
                    "input: " + type.id() + " events"));
        }
        planned.add(topic(settings, topics.plans().name(), compacted(), "control: plans by scope and period"));
        planned.add(topic(settings, topics.directory().name(), compacted(), "control: employee to team assignments"));
        planned.add(topic(
                settings,
                topics.directoryValid().name(),
                compacted(),
                "control: directory entries that passed validation"));
        planned.add(topic(
                settings,
                topics.eventsById().name(),
                deleteAfter(settings.eventRetention()),
                "internal: events on their way to their home partition, and watermarks"));
        planned.add(topic(
                settings,
                topics.kpiValues().name(),
                Map.of(
                        CLEANUP_POLICY,
                        COMPACT_DELETE,
                        RETENTION_MS,
                        millis(settings.outputRetention()),
                        SEGMENT_MS,
                        millis(COMPACTED_SEGMENT)),
                "output: KPI values on every change"));
        planned.add(topic(
                settings,
                topics.kpiFinal().name(),
                deleteAfter(settings.outputRetention()),
                "output: final KPI values of closed windows"));
        planned.add(topic(settings, topics.scorecards().name(), compacted(), "output: scorecards per plan and period"));
        planned.add(topic(settings, topics.alerts().name(), deleteAfter(settings.outputRetention()), "output: alerts"));
        planned.add(topic(
                settings,
                topics.dlq().name(),
                deleteAfter(settings.rejectedRetention()),
                "rejected: records that could not be processed"));
        planned.add(topic(
                settings,
                topics.late().name(),
                deleteAfter(settings.rejectedRetention()),
                "rejected: events later than their window's grace"));
        return List.copyOf(planned);
    }

    /** The names of {@link #plan}'s topics, in its order: every topic Pulse reads or writes. */
    public static List<String> names(Topics topics) {
        return plan(topics, TopicSettings.defaults()).stream()
                .map(PlannedTopic::name)
                .toList();
    }

    private static PlannedTopic topic(
            TopicSettings settings, String name, Map<String, String> configs, String purpose) {
        return new PlannedTopic(name, settings.partitions(), settings.replicationFactor(), configs, purpose);
    }

    private static Map<String, String> deleteAfter(Duration retention) {
        return Map.of(CLEANUP_POLICY, DELETE, RETENTION_MS, millis(retention));
    }

    private static Map<String, String> compacted() {
        return Map.of(CLEANUP_POLICY, COMPACT, SEGMENT_MS, millis(COMPACTED_SEGMENT));
    }

    private static String millis(Duration duration) {
        return Long.toString(duration.toMillis());
    }
}
