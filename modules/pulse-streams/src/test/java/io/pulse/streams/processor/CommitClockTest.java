package io.pulse.streams.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

/** The commit clock against a thread's {@code commit-total} metric, as Kafka Streams registers it. */
class CommitClockTest {
    private static MockProcessorContext<Object, Object> context(String guarantee) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "clock");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        return new MockProcessorContext<>(p);
    }

    /** A commit counter under this thread's name, the way the stream thread's own metric is found. */
    private static Sensor commits(MockProcessorContext<Object, Object> context) {
        Sensor s = context.metrics().addSensor("commits", Sensor.RecordingLevel.INFO);
        s.add(
                new MetricName(
                        "commit-total",
                        "stream-thread-metrics",
                        "",
                        Map.of("thread-id", Thread.currentThread().getName())),
                new CumulativeCount());
        return s;
    }

    @Test
    void shouldSayACommitIsDueTwoTicksBeforeACommitIntervalHasPassedSinceTheLastOne() {
        // Given exactly-once with 100 ms commits: ticks of 10 ms
        MockProcessorContext<Object, Object> context = context(StreamsConfig.EXACTLY_ONCE_V2);
        Sensor commits = commits(context);
        CommitClock clock = new CommitClock(context, 1_000);
        assertThat(clock.aligned()).isTrue();
        assertThat(clock.tickMs()).isEqualTo(10);

        // Then, counting from the first look at the counter
        assertThat(clock.commitDue(1_000)).isFalse();
        assertThat(clock.commitDue(1_070)).isFalse();
        assertThat(clock.commitDue(1_080)).isTrue();

        // and a commit seen at 1,085 moves the next one to 1,185, due from 1,165
        commits.record();
        assertThat(clock.commitDue(1_085)).isFalse();
        assertThat(clock.commitDue(1_160)).isFalse();
        assertThat(clock.commitDue(1_165)).isTrue();
        assertThat(clock.commitDue(1_175)).as("until a commit is seen").isTrue();
    }

    @Test
    void shouldAlignNothingUnderAtLeastOnceAndSayDueWithoutTheMetric() {
        assertThat(new CommitClock(context(StreamsConfig.AT_LEAST_ONCE), 0).aligned())
                .isFalse();

        // Without the thread's metric (the topology test driver) every tick is due
        CommitClock clock = new CommitClock(context(StreamsConfig.EXACTLY_ONCE_V2), 0);
        assertThat(clock.commitDue(0)).isTrue();
        assertThat(clock.commitDue(10)).isTrue();
    }
}
