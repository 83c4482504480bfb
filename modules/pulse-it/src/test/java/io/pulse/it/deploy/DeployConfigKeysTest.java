package io.pulse.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.pulse.app.config.ConfigKeys;
import io.pulse.app.config.KafkaSection;
import io.pulse.app.config.PulseConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image, compose and Kubernetes configure Pulse only through keys that exist: every {@code PULSE_} variable they
 * set is a row of CONFIGURATION.md's table, every {@code KAFKA_} variable a Kafka client property, and the
 * configuration files they ship load without an error.
 */
class DeployConfigKeysTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| `(PULSE_[A-Z0-9_]+)`", Pattern.MULTILINE);

    /** Environment variable → key, from CONFIGURATION.md's table. */
    private static Map<String, String> documented() {
        Map<String, String> m = new LinkedHashMap<>();
        Matcher r = ROW.matcher(DeployFiles.read(DeployFiles.root().resolve("modules/pulse-app/CONFIGURATION.md")));
        while (r.find()) {
            m.put(r.group(2), r.group(1));
        }
        return m;
    }

    /** Every variable the deploy files set for Pulse, with where it is set. */
    private static Map<String, String> variables() {
        Map<String, String> vars = new LinkedHashMap<>();
        DeployFiles.Dockerfile.read().env().keySet().forEach(v -> vars.put(v, "Dockerfile"));
        JsonNode services = DeployFiles.compose().get("services");
        services.fields().forEachRemaining(s -> {
            if (s.getValue().path("image").asText().startsWith("pulse:")) {
                s.getValue()
                        .path("environment")
                        .fieldNames()
                        .forEachRemaining(v -> vars.put(v, "compose " + s.getKey()));
            }
        });
        for (String dir : List.of("base", "overlays/production")) {
            List<ObjectNode> docs = Kustomize.build(DeployFiles.deploy(dir));
            V1StatefulSet sts = (V1StatefulSet) KubernetesModels.parse(DeployFiles.one(docs, "StatefulSet"));
            sts.getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getEnv()
                    .forEach(e -> vars.put(e.getName(), "deploy/" + dir));
        }
        Matcher jib = Pattern.compile("<(PULSE_[A-Z0-9_]+)>")
                .matcher(DeployFiles.read(DeployFiles.root().resolve("modules/pulse-dev/pom.xml")));
        while (jib.find()) {
            vars.put(jib.group(1), "Jib");
        }
        return vars;
    }

    @Test
    void shouldSetOnlyDocumentedKeys() {
        // Given
        Map<String, String> documented = documented();
        assertThat(documented)
                .containsEntry("PULSE_STREAMS_STATE_DIR", "streams.stateDir")
                .hasSizeGreaterThan(30);

        // When
        Map<String, String> vars = variables();

        // Then
        assertThat(vars)
                .containsKeys(
                        "PULSE_STREAMS_STATE_DIR",
                        "PULSE_HTTP_ADVERTISED_URL",
                        "KAFKA_BOOTSTRAP_SERVERS",
                        "PULSE_AUTH_MODE",
                        "PULSE_STREAMS_REPLICATION_FACTOR");
        List<String> unknown = new ArrayList<>();
        vars.forEach((v, where) -> {
            boolean known;
            if (v.startsWith(ConfigKeys.PREFIX)) {
                known = documented.containsKey(v);
            } else if (v.startsWith(ConfigKeys.KAFKA_PREFIX)) {
                known = KafkaSection.isClientProperty(ConfigKeys.kafkaProperty(v));
            } else {
                // POD_NAME, POD_NAMESPACE: Kubernetes' own, only used inside other values
                known = v.equals("POD_NAME") || v.equals("POD_NAMESPACE");
            }
            if (!known) {
                unknown.add(v + " (" + where + ")");
            }
        });
        assertThat(unknown).as("variables that name no documented key").isEmpty();
    }

    @Test
    void shouldFindAMisspeltVariable() {
        // Given: the check above on a misspelt key; the real loader refuses it too
        Map<String, String> documented = documented();

        // Then
        assertThat(documented).doesNotContainKey("PULSE_STREAMS_STANDBY_REPLICA");
        assertThat(KafkaSection.isClientProperty(ConfigKeys.kafkaProperty("KAFKA_BOOTSTRAP_SERVER")))
                .isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> PulseConfig.parse("{}", Map.of("PULSE_STREAMS_STANDBY_REPLICA", "1")))
                .hasMessageContaining("PULSE_STREAMS_STANDBY_REPLICA");
    }

    @Test
    void shouldLoadTheShippedConfigurationFilesWithTheirEnvironment() {
        // Given: the image's file with the image's and compose's environment
        Map<String, String> env =
                new LinkedHashMap<>(DeployFiles.Dockerfile.read().env());
        JsonNode pulse = DeployFiles.compose().at("/services/pulse/environment");
        pulse.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));

        // When
        PulseConfig image = PulseConfig.parse(DeployFiles.read(DeployFiles.deploy("docker/pulse.yaml")), env);

        // Then
        assertThat(image.kafka().bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(image.http().advertisedUrl().toString()).isEqualTo("http://pulse:8080");
        assertThat(image.streams().stateDir().toString()).isEqualTo("/var/lib/pulse/state");

        // Then: every key of the Kubernetes ConfigMap file is a key of the configuration (the loader refuses others)
        for (String dir : List.of("base", "overlays/production")) {
            List<ObjectNode> docs = Kustomize.build(DeployFiles.deploy(dir));
            V1StatefulSet sts = (V1StatefulSet) KubernetesModels.parse(DeployFiles.one(docs, "StatefulSet"));
            PulseConfig k8s = Kubelet.config(
                    docs,
                    sts.getSpec().getTemplate().getSpec().getContainers().get(0),
                    Map.of("PULSE_AUTH_MODE", "none"));
            assertThat(k8s.registry().autoRegister()).isFalse();
        }
        Set<String> sections = new LinkedHashSet<>(ConfigKeys.TOP_LEVEL);
        assertThat(sections).contains("streams", "http", "registry", "kafka");
    }
}
