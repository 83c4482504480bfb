package io.pulse.app.config;

import io.pulse.io.topics.TopicSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code topics:} how long {@code topics create} has the broker keep Pulse's topics (partitions and
 * replication come from {@code streams:}, because the topology depends on them too).
 *
 * @param eventRetention    input events; at least the dedupe horizon, so replays within it are recognised
 * @param outputRetention   KPI values, final values and alerts
 * @param rejectedRetention the dead-letter and late-event topics
 */
public record TopicsSection(Duration eventRetention, Duration outputRetention, Duration rejectedRetention) {
    public static final List<String> KEYS = List.of("eventRetention", "outputRetention", "rejectedRetention");
    public static final Duration DEFAULT_EVENT_RETENTION = TopicSettings.DEFAULT_EVENT_RETENTION;
    public static final Duration DEFAULT_OUTPUT_RETENTION = TopicSettings.DEFAULT_OUTPUT_RETENTION;
    public static final Duration DEFAULT_REJECTED_RETENTION = TopicSettings.DEFAULT_REJECTED_RETENTION;

    public TopicsSection {
        requirePositive("topics.eventRetention", eventRetention);
        requirePositive("topics.outputRetention", outputRetention);
        requirePositive("topics.rejectedRetention", rejectedRetention);
    }

    public static TopicsSection defaults() {
        return new TopicsSection(DEFAULT_EVENT_RETENTION, DEFAULT_OUTPUT_RETENTION, DEFAULT_REJECTED_RETENTION);
    }

    static TopicsSection read(ConfigReader r) {
        TopicsSection section = new TopicsSection(
                r.duration("eventRetention", DEFAULT_EVENT_RETENTION),
                r.duration("outputRetention", DEFAULT_OUTPUT_RETENTION),
                r.duration("rejectedRetention", DEFAULT_REJECTED_RETENTION));
        r.finish();
        return section;
    }

    private static void requirePositive(String key, Duration d) {
        Objects.requireNonNull(d, key);
        if (d.isNegative() || d.isZero()) {
            throw new InvalidConfigException(key, "'" + d + "' must be positive");
        }
    }
}
