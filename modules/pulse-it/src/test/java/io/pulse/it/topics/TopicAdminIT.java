package io.pulse.it.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.io.topics.NameOnlySerdes;
import io.pulse.io.topics.PlannedTopic;
import io.pulse.io.topics.TopicAdmin;
import io.pulse.io.topics.TopicPlanner;
import io.pulse.io.topics.TopicReport;
import io.pulse.io.topics.TopicSettings;
import io.pulse.it.KafkaCluster;
import io.pulse.it.WithKafkaCluster;
import io.pulse.streams.Topics;
import io.pulse.streams.event.EventType;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

@WithKafkaCluster
class TopicAdminIT {

    @Test
    void shouldCreateEveryTopicWithItsPartitionsAndPolicies(KafkaCluster kafka) throws Exception {
        // Given a prefix no other test uses
        Topics names = NameOnlySerdes.topics(kafka.uniqueName("create") + ".");
        List<PlannedTopic> plan =
                TopicPlanner.plan(names, TopicSettings.defaults().withPartitions(3));
        List<String> all = TopicPlanner.names(names);

        try (Admin admin = kafka.admin()) {
            // When
            TopicReport report = new TopicAdmin(admin).ensure(plan);

            // Then
            assertThat(report.created()).containsExactlyElementsOf(all);
            assertThat(report.existing()).isEmpty();
            assertThat(report.hasProblems()).isFalse();
            Map<String, TopicDescription> described =
                    admin.describeTopics(all).allTopicNames().get();
            assertThat(described.values())
                    .allSatisfy(d -> assertThat(d.partitions()).hasSize(3));
            assertThat(config(admin, names.plans().name()).get("cleanup.policy").value())
                    .isEqualTo("compact");
            assertThat(config(admin, names.kpiValues().name())
                            .get("cleanup.policy")
                            .value())
                    .isEqualTo("compact,delete");
            assertThat(config(admin, names.event(EventType.CLICK).name())
                            .get("retention.ms")
                            .value())
                    .isEqualTo("604800000");
        }
    }

    @Test
    void shouldLeaveExistingTopicsAloneWhenRunAgain(KafkaCluster kafka) {
        // Given
        Topics names = NameOnlySerdes.topics(kafka.uniqueName("again") + ".");
        List<PlannedTopic> plan =
                TopicPlanner.plan(names, TopicSettings.defaults().withPartitions(2));
        try (Admin admin = kafka.admin()) {
            new TopicAdmin(admin).ensure(plan);

            // When
            TopicReport second = new TopicAdmin(admin).ensure(plan);

            // Then
            assertThat(second.created()).isEmpty();
            assertThat(second.existing()).containsExactlyInAnyOrderElementsOf(TopicPlanner.names(names));
            assertThat(second.problems()).isEmpty();
        }
    }

    @Test
    void shouldReportExistingTopicsThatDifferFromThePlan(KafkaCluster kafka) throws Exception {
        // Given topics made by someone else: plans not compacted, clicks with too few partitions
        Topics names = NameOnlySerdes.topics(kafka.uniqueName("mismatch") + ".");
        String plans = names.plans().name();
        String clicks = names.event(EventType.CLICK).name();
        kafka.createTopics(
                new NewTopic(plans, 4, (short) 1).configs(Map.of("cleanup.policy", "delete")),
                new NewTopic(clicks, 1, (short) 1));
        List<PlannedTopic> plan =
                TopicPlanner.plan(names, TopicSettings.defaults().withPartitions(4));

        try (Admin admin = kafka.admin()) {
            // When
            TopicReport report = new TopicAdmin(admin).ensure(plan);

            // Then the rest is created, the two are left alone and reported
            assertThat(report.created()).hasSize(TopicPlanner.names(names).size() - 2);
            assertThat(report.existing()).containsExactlyInAnyOrder(plans, clicks);
            assertThat(report.problems())
                    .containsExactlyInAnyOrder(
                            "topic " + clicks + " has 1 partitions but Pulse is configured for 4; Pulse leaves"
                                    + " existing topics alone, so configure 1 partitions or recreate the topic",
                            "topic " + plans + " has cleanup.policy=delete but Pulse needs compact; change it with"
                                    + " kafka-configs --alter --entity-type topics --entity-name " + plans
                                    + " --add-config cleanup.policy=[compact]");
            assertThat(admin.describeTopics(List.of(clicks))
                            .allTopicNames()
                            .get()
                            .get(clicks)
                            .partitions())
                    .hasSize(1);
        }
    }

    private static Config config(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}
