package io.pulse.io.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.pulse.io.topics.PlannedTopic;
import io.pulse.io.topics.TopicNames;
import io.pulse.io.topics.TopicPlanner;
import io.pulse.io.topics.TopicSettings;
import org.junit.jupiter.api.Test;

/** The topic plan: names, partitions, compaction and retention of every topic (on a broker: pulse-it's TopicAdminIT). */
class TopicPlannerTest {
    private static final TopicNames NAMES = TopicNames.defaults();

    @Test
    void shouldNameEveryTopicUnderThePrefix() {
        assertThat(NAMES.eventTopics()).containsExactly(
                "pulse.events.impression", "pulse.events.click", "pulse.events.spend", "pulse.events.session",
                "pulse.events.lead", "pulse.events.order", "pulse.events.refund", "pulse.events.ticket",
                "pulse.events.nps");
        assertThat(NAMES.controlTopics())
                .containsExactly("pulse.plans", "pulse.directory", "pulse.directory.valid", "pulse.events.by-id");
        assertThat(NAMES.outputTopics()).containsExactly("pulse.kpi.values", "pulse.kpi.final", "pulse.scorecards",
                "pulse.alerts", "pulse.dlq", "pulse.late");
        assertThat(new TopicNames("acme-").events("order")).isEqualTo("acme-events.order");
        assertThat(new TopicNames("").plans()).isEqualTo("plans");
    }

    @Test
    void shouldRejectUnknownEventTypesAndIllegalPrefixes() {
        assertThatThrownBy(() -> NAMES.events("purchase")).hasMessageContaining("unknown event type 'purchase'");
        assertThatThrownBy(() -> new TopicNames("pulse/")).hasMessageContaining("may contain only");
    }

    @Test
    void shouldCompactControlTopicsAndScorecardsAndLimitTheRestInTime() {
        // Given
        TopicSettings settings = TopicSettings.defaults().withPartitions(4);

        // When
        Map<String, PlannedTopic> plan = TopicPlanner.plan(NAMES, settings).stream()
                .collect(Collectors.toMap(PlannedTopic::name, Function.identity()));

        // Then
        assertThat(plan).hasSize(19).containsOnlyKeys(NAMES.all());
        assertThat(plan.values()).allSatisfy(t -> assertThat(t.partitions()).isEqualTo(4));
        assertThat(plan.get("pulse.plans").cleanupPolicy()).isEqualTo("compact");
        assertThat(plan.get("pulse.directory").cleanupPolicy()).isEqualTo("compact");
        assertThat(plan.get("pulse.directory.valid").cleanupPolicy()).isEqualTo("compact");
        assertThat(plan.get("pulse.scorecards").cleanupPolicy()).isEqualTo("compact");
        assertThat(plan.get("pulse.kpi.values").cleanupPolicy()).isEqualTo("compact,delete");
        assertThat(plan.get("pulse.kpi.values").configs()).containsEntry("retention.ms", days(90));
        assertThat(plan.get("pulse.kpi.final").configs())
                .containsEntry("cleanup.policy", "delete").containsEntry("retention.ms", days(90));
        assertThat(plan.get("pulse.events.click").configs())
                .containsEntry("cleanup.policy", "delete").containsEntry("retention.ms", days(7));
        assertThat(plan.get("pulse.events.by-id").configs())
                .containsEntry("cleanup.policy", "delete").containsEntry("retention.ms", days(7));
        assertThat(plan.get("pulse.dlq").configs()).containsEntry("retention.ms", days(30));
        assertThat(plan.get("pulse.late").configs()).containsEntry("retention.ms", days(30));
    }

    @Test
    void shouldAskTheBrokerForItsReplicationFactorUnlessOneIsGiven() {
        PlannedTopic byDefault = TopicPlanner.plan(NAMES, TopicSettings.defaults()).get(0);
        PlannedTopic threeReplicas = TopicPlanner.plan(NAMES, TopicSettings.defaults()
                .withReplicationFactor((short) 3)).get(0);

        assertThat(byDefault.toNewTopic().replicationFactor()).isEqualTo((short) -1);
        assertThat(threeReplicas.toNewTopic().replicationFactor()).isEqualTo((short) 3);
    }

    @Test
    void shouldRejectSettingsThatCannotWork() {
        assertThatThrownBy(() -> TopicSettings.defaults().withPartitions(0))
                .hasMessageContaining("topics.partitions");
        assertThatThrownBy(() -> TopicSettings.defaults().withReplicationFactor((short) 0))
                .hasMessageContaining("topics.replicationFactor");
        assertThatThrownBy(() -> new TopicSettings(1, (short) 1, Duration.ZERO, Duration.ofDays(1), Duration.ofDays(1)))
                .hasMessageContaining("topics.eventRetention");
    }

    private static String days(int days) {
        return Long.toString(Duration.ofDays(days).toMillis());
    }
}
