package io.pulse.io.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulse.streams.PulseStreamsConfig;
import io.pulse.streams.PulseTopology;
import io.pulse.streams.RegistryAvroSerdes;
import io.pulse.streams.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/** The topic plan: names, partitions, compaction and retention of every topic (on a broker: pulse-it's TopicAdminIT). */
class TopicPlannerTest {
    private static final Topics NAMES = NameOnlySerdes.topics("pulse.");

    @Test
    void shouldPlanExactlyTheTopicsTheBuiltTopologyReadsAndWrites() {
        // Given: the topology as the service builds it, under another prefix
        String prefix = "acme.";
        TopologyDescription topology = PulseTopology.build(
                        PulseStreamsConfig.builder().topicPrefix(prefix).build(),
                        RegistryAvroSerdes.inMemory("planner-" + UUID.randomUUID()))
                .describe();

        // When
        List<String> planned = TopicPlanner.names(NameOnlySerdes.topics(prefix));

        // Then: every topic a source, a sink or the global table names, but Kafka Streams' own repartition topics,
        // is planned, and nothing else is: a topic the plan missed would stop the application at start-up
        Set<String> used = new HashSet<>();
        for (TopologyDescription.Subtopology sub : topology.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source) {
                    used.addAll(source.topicSet());
                } else if (node instanceof TopologyDescription.Sink sink) {
                    assertThat(sink.topic())
                            .as("sink %s writes to a named topic", sink.name())
                            .isNotNull();
                    used.add(sink.topic());
                }
            }
        }
        topology.globalStores().forEach(store -> used.addAll(store.source().topicSet()));
        used.removeIf(topic -> topic.endsWith("-repartition"));
        assertThat(planned).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(used);
    }

    @Test
    void shouldNameEveryTopicUnderThePrefixInputsFirst() {
        assertThat(TopicPlanner.names(NAMES))
                .containsExactly(
                        "pulse.events.impression",
                        "pulse.events.click",
                        "pulse.events.spend",
                        "pulse.events.session",
                        "pulse.events.lead",
                        "pulse.events.order",
                        "pulse.events.refund",
                        "pulse.events.ticket",
                        "pulse.events.nps",
                        "pulse.plans",
                        "pulse.directory",
                        "pulse.directory.valid",
                        "pulse.events.by-id",
                        "pulse.kpi.values",
                        "pulse.kpi.final",
                        "pulse.scorecards",
                        "pulse.alerts",
                        "pulse.dlq",
                        "pulse.late");
        assertThat(TopicPlanner.names(NameOnlySerdes.topics(""))).contains("plans", "events.order");
    }

    @Test
    void shouldRefuseToSerializeWithANamesOnlyRegistry() {
        assertThatThrownBy(() -> NAMES.alerts()
                        .valueSerde()
                        .serializer()
                        .serialize(NAMES.alerts().name(), null))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("names only");
    }

    @Test
    void shouldCompactControlTopicsAndScorecardsAndLimitTheRestInTime() {
        // Given
        TopicSettings settings = TopicSettings.defaults().withPartitions(4);

        // When
        Map<String, PlannedTopic> plan = TopicPlanner.plan(NAMES, settings).stream()
                .collect(Collectors.toMap(PlannedTopic::name, Function.identity()));

        // Then
        List<String> all = new ArrayList<>(NAMES.inputTopicNames());
        all.addAll(NAMES.outputTopicNames());
        assertThat(plan).hasSize(19).containsOnlyKeys(all);
        assertThat(plan.values()).allSatisfy(t -> assertThat(t.partitions()).isEqualTo(4));
        assertThat(plan.get("pulse.plans").cleanupPolicy()).isEqualTo("compact");
        assertThat(plan.get("pulse.directory").cleanupPolicy()).isEqualTo("compact");
        assertThat(plan.get("pulse.directory.valid").cleanupPolicy()).isEqualTo("compact");
        assertThat(plan.get("pulse.scorecards").cleanupPolicy()).isEqualTo("compact");
        assertThat(plan.get("pulse.kpi.values").cleanupPolicy()).isEqualTo("compact,delete");
        assertThat(plan.get("pulse.kpi.values").configs()).containsEntry("retention.ms", days(90));
        assertThat(plan.get("pulse.kpi.final").configs())
                .containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", days(90));
        assertThat(plan.get("pulse.events.click").configs())
                .containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", days(7));
        assertThat(plan.get("pulse.events.by-id").configs())
                .containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", days(7));
        assertThat(plan.get("pulse.dlq").configs()).containsEntry("retention.ms", days(30));
        assertThat(plan.get("pulse.late").configs()).containsEntry("retention.ms", days(30));
    }

    @Test
    void shouldAskTheBrokerForItsReplicationFactorUnlessOneIsGiven() {
        PlannedTopic byDefault =
                TopicPlanner.plan(NAMES, TopicSettings.defaults()).get(0);
        PlannedTopic threeReplicas = TopicPlanner.plan(
                        NAMES, TopicSettings.defaults().withReplicationFactor((short) 3))
                .get(0);

        assertThat(byDefault.toNewTopic().replicationFactor()).isEqualTo((short) -1);
        assertThat(threeReplicas.toNewTopic().replicationFactor()).isEqualTo((short) 3);
    }

    @Test
    void shouldRejectSettingsThatCannotWork() {
        assertThatThrownBy(() -> TopicSettings.defaults().withPartitions(0)).hasMessageContaining("topics.partitions");
        assertThatThrownBy(() -> TopicSettings.defaults().withReplicationFactor((short) 0))
                .hasMessageContaining("topics.replicationFactor");
        assertThatThrownBy(() -> new TopicSettings(1, (short) 1, Duration.ZERO, Duration.ofDays(1), Duration.ofDays(1)))
                .hasMessageContaining("topics.eventRetention");
    }

    private static String days(int days) {
        return Long.toString(Duration.ofDays(days).toMillis());
    }
}
