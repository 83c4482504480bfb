package io.pulse.dev.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.dev.broker.EmbeddedKafka;
import io.pulse.serde.registry.CompatibilityLevel;
import io.pulse.serde.registry.RegistryClientConfig;
import io.pulse.serde.registry.RestSchemaRegistryClient;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The development registry on the compacted topic of a real (embedded KRaft) broker. */
class KafkaSchemaStoreTest {

    private static final Schema V1 = SchemaBuilder.record("Lead")
            .namespace("io.pulse.test")
            .fields()
            .requiredString("eventId")
            .endRecord();
    private static final Schema V2 = SchemaBuilder.record("Lead")
            .namespace("io.pulse.test")
            .fields()
            .requiredString("eventId")
            .optionalString("channel")
            .endRecord();
    private static final Schema OTHER = SchemaBuilder.record("Other")
            .namespace("io.pulse.test")
            .fields()
            .requiredLong("n")
            .endRecord();

    @TempDir
    Path data;

    @Test
    void shouldKeepSchemaIdsWhenBrokerAndRegistryRestartOnAKeptDataFolder() throws Exception {
        // Given a demo that registered two versions and a level, then stopped
        try (EmbeddedKafka kafka =
                        EmbeddedKafka.builder().dataDirectory(data).build().start();
                DevSchemaRegistryServer server =
                        DevSchemaRegistryServer.start(new KafkaSchemaStore(kafka.clientProperties()))) {
            RestSchemaRegistryClient client = client(server);
            assertThat(client.register("leads-value", V1)).isEqualTo(1);
            assertThat(client.register("leads-value", V2)).isEqualTo(2);
            client.setCompatibility("leads-value", CompatibilityLevel.FULL);
        }

        // When the broker and the registry start again on the same folder
        try (EmbeddedKafka kafka =
                        EmbeddedKafka.builder().dataDirectory(data).build().start();
                DevSchemaRegistryServer server =
                        DevSchemaRegistryServer.start(new KafkaSchemaStore(kafka.clientProperties()))) {
            RestSchemaRegistryClient client = client(server);

            // Then the ids mean what they meant, the level holds, and new ids continue after them
            assertThat(client.getSchemaById(1)).isEqualTo(V1);
            assertThat(client.getSchemaById(2)).isEqualTo(V2);
            assertThat(client.getLatestVersion("leads-value").version()).isEqualTo(2);
            assertThat(client.getCompatibility("leads-value")).isEqualTo(CompatibilityLevel.FULL);
            assertThat(client.register("other-value", OTHER)).isEqualTo(3);

            // And the topic is compacted, like a real registry's
            try (Admin admin = kafka.admin()) {
                ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, KafkaSchemaStore.DEFAULT_TOPIC);
                Config config = admin.describeConfigs(List.of(topic))
                        .all()
                        .get(30, TimeUnit.SECONDS)
                        .get(topic);
                assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                        .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
            }
        }
    }

    @Test
    void shouldEncodeRecordsSoCompactionKeepsTheLiveState() {
        StoreRecord.SchemaVersion version = new StoreRecord.SchemaVersion("leads-value", 2, 7, V2.toString());
        StoreRecord.Compatibility subjectLevel = new StoreRecord.Compatibility("leads-value", CompatibilityLevel.NONE);
        StoreRecord.Compatibility globalLevel = new StoreRecord.Compatibility(null, CompatibilityLevel.FULL);

        assertThat(KafkaSchemaStore.decode(KafkaSchemaStore.encode(version))).isEqualTo(version);
        assertThat(KafkaSchemaStore.decode(KafkaSchemaStore.encode(subjectLevel)))
                .isEqualTo(subjectLevel);
        assertThat(KafkaSchemaStore.decode(KafkaSchemaStore.encode(globalLevel)))
                .isEqualTo(globalLevel);
        // One key per subject version and per level: a later level for the same subject replaces it
        assertThat(KafkaSchemaStore.key(subjectLevel))
                .isEqualTo(KafkaSchemaStore.key(new StoreRecord.Compatibility("leads-value", CompatibilityLevel.FULL)))
                .isNotEqualTo(KafkaSchemaStore.key(globalLevel));
        assertThat(KafkaSchemaStore.key(version))
                .isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"leads-value\",\"version\":2}");
    }

    private static RestSchemaRegistryClient client(DevSchemaRegistryServer server) {
        return new RestSchemaRegistryClient(
                RegistryClientConfig.builder().urls(server.url()).build());
    }
}
