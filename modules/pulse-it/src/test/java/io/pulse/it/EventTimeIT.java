package io.pulse.it;

import static io.pulse.it.Backlog.PARTITIONS;
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
import io.pulse.app.service.PulseService;
import io.pulse.avro.outputs.KpiValue;
import io.pulse.avro.outputs.RejectedRecord;
import io.pulse.dev.replay.Replay;
import io.pulse.io.events.InputEvent;
import io.pulse.io.json.EventJson;
import io.pulse.it.Backlog.Row;
import io.pulse.streams.query.Partitions;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event time on a real broker (SPEC §9): finals do not depend on how fast each topic or partition is read. Every
 * scenario's finals are compared, window by window, with the truth {@link Backlog} computes from pulse-core, and must
 * come with nothing late and exactly one final per window key.
 */
@WithKafkaCluster
class EventTimeIT {
    @TempDir
    Path dir;

    @Test
    void shouldGiveTheTruthWhenOneTopicArrivesADayLateAndAPartitionLags(KafkaCluster kafka) throws Exception {
        // Given a backlog whose topics and partitions were produced at different times: impressions and orders
        // first, then the impressions of partition 2 (a producer that lagged), then every click (a topic produced
        // after all the others), each stamped when it was sent
        PulseConfig config = Backlog.config(kafka, dir, "event-time-lag");
        assertThat(Cluster.createTopics(config).hasProblems()).isFalse();
        List<InputEvent> events = events();
        Map<String, BigDecimal> truth = truth(events);
        List<InputEvent> clicks =
                events.stream().filter(e -> e.type().id().equals("click")).toList();
        List<InputEvent> lagging = events.stream()
                .filter(e -> e.type().id().equals("impression") && Partitions.homeOfEvent(e.eventId(), PARTITIONS) == 2)
                .toList();
        List<InputEvent> first = new ArrayList<>(events);
        first.removeAll(clicks);
        first.removeAll(lagging);
        produce(config, kafka, first, e -> -1);
        produce(config, kafka, lagging, e -> 2);
        produce(config, kafka, clicks, e -> -1);

        // When the service reads it
        try (PulseService service = new PulseService(config, List.of()).start()) {
            await("Kafka Streams RUNNING").atMost(PATIENCE).until(() -> service.state() == KafkaStreams.State.RUNNING);

            // Then every window closes, once the partitions are caught up and idle, with the truth and nothing late
            awaitFinals(config, kafka, truth);
            assertFinalsEqualTruth(
                    readAll(config, kafka, config.topicNames().kpiFinal().name(), KpiValue.class).stream()
                            .map(Row::of)
                            .toList(),
                    truth);
            assertThat(readAll(config, kafka, config.topicNames().late().name(), RejectedRecord.class))
                    .isEmpty();

            // And an impression genuinely late within its partition (its day closed long ago) goes to pulse.late
            InputEvent late = EventJson.parse("{\"type\":\"impression\",\"eventId\":\"i-late\",\"occurredAt\":\""
                    + START.plus(Duration.ofHours(5)) + "\",\"campaignId\":\"c-1\"}");
            produce(config, kafka, List.of(late), e -> -1);
            await("the late impression in pulse.late")
                    .atMost(PATIENCE)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() ->
                            readAll(config, kafka, config.topicNames().late().name(), RejectedRecord.class).stream()
                                    .anyMatch(r -> "i-late".equals(r.getEventId())
                                            && r.getReason().startsWith("late by ")));
        }
    }

    @Test
    void shouldGiveTheTruthWhenTheServiceRestartsInTheMiddleOfABacklog(KafkaCluster kafka) throws Exception {
        // Given two days of events waiting in Kafka, in no particular order between topics
        PulseConfig config = Backlog.config(kafka, dir, "event-time-restart");
        assertThat(Cluster.createTopics(config).hasProblems()).isFalse();
        List<InputEvent> events = events();
        Map<String, BigDecimal> truth = truth(events);
        produce(config, kafka, events, e -> -1);

        // When the service reads part of it, stops, and starts again on the same state
        try (PulseService service = new PulseService(config, List.of()).start()) {
            await("the first KPI values")
                    .atMost(PATIENCE)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> !readAll(
                                    config,
                                    kafka,
                                    config.topicNames().kpiValues().name(),
                                    KpiValue.class)
                            .isEmpty());
        }
        try (PulseService service = new PulseService(config, List.of()).start()) {
            // Then the finals are the truth, each once, and nothing is late
            awaitFinals(config, kafka, truth);
            assertFinalsEqualTruth(
                    readAll(config, kafka, config.topicNames().kpiFinal().name(), KpiValue.class).stream()
                            .map(Row::of)
                            .toList(),
                    truth);
            assertThat(readAll(config, kafka, config.topicNames().late().name(), RejectedRecord.class))
                    .isEmpty();
        }
    }

    @Test
    void shouldReplayAShuffledFileToTheTruth() throws Exception {
        // Given the events grouped by type (the last type first), shuffled within five-minute blocks
        List<InputEvent> events = events();
        Map<String, BigDecimal> truth = truth(events);
        List<InputEvent> shuffled = new ArrayList<>(events);
        Random r = new Random(3);
        shuffled.sort((a, b) -> {
            int byType = b.type().compareTo(a.type());
            return byType != 0
                    ? byType
                    : Long.compare(
                            a.occurredAt().toEpochMilli() / 300_000,
                            b.occurredAt().toEpochMilli() / 300_000);
        });
        for (int i = 0; i + 1 < shuffled.size(); i += 2) {
            if (r.nextBoolean()
                    && shuffled.get(i).type() == shuffled.get(i + 1).type()
                    && shuffled.get(i).occurredAt().toEpochMilli() / 300_000
                            == shuffled.get(i + 1).occurredAt().toEpochMilli() / 300_000) {
                Collections.swap(shuffled, i, i + 1);
            }
        }
        Path file = dir.resolve("events.jsonl");
        Files.write(file, shuffled.stream().map(EventJson::render).toList());
        PulseConfig config = PulseConfig.parse("timezone: Europe/Berlin\ncurrency: EUR\n", Map.of());

        // When it is replayed
        Replay.Result result = new Replay(config, line -> {}).run(file, null, null, dir.resolve("out"));

        // Then the finals are the truth, each once, and nothing is late
        List<Row> finals = Files.readAllLines(dir.resolve("out/kpi-final.jsonl")).stream()
                .map(Row::ofJson)
                .toList();
        assertThat(result.late()).isZero();
        assertFinalsEqualTruth(finals, truth);
    }
}
