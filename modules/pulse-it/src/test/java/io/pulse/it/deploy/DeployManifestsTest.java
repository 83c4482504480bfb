package io.pulse.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import io.pulse.app.config.PulseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/ as Kubernetes, the Prometheus operator, promtool and docker-compose read it: every kustomization renders
 * (by this test's own renderer, and like kubectl's where one is installed), every document parses strictly into the
 * official models, the StatefulSet is wired to its Services the way Kafka Streams' query routing needs, the alert
 * rules pass promtool's checks and unit tests, and the Jib image is the Dockerfile's.
 */
class DeployManifestsTest {
    @TempDir
    Path tmp;

    private static List<ObjectNode> render(String dir) {
        return Kustomize.build(DeployFiles.deploy(dir));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "monitoring", "overlays/production"})
    void shouldRenderAndParseEveryDocumentStrictly(String dir) {
        // When
        List<ObjectNode> docs = render(dir);

        // Then: every document is a known kind and parses strictly
        assertThat(docs).isNotEmpty();
        for (ObjectNode doc : docs) {
            if (OperatorResources.isOperator(doc)) {
                assertThat(OperatorResources.parse(doc)).isNotNull();
            } else {
                assertThat(KubernetesModels.isCore(doc))
                        .as("a known kind: %s", doc.path("kind"))
                        .isTrue();
                assertThat(KubernetesModels.parse(doc)).isNotNull();
            }
        }
        // Then: where kubectl is installed, it renders the same documents
        Kustomize.kubectl(DeployFiles.deploy(dir))
                .ifPresent(theirs -> assertThat(byName(docs)).isEqualTo(byName(theirs)));
    }

    @Test
    void shouldRenderTheProductionOverlayOnTheBase() {
        // When
        List<ObjectNode> docs = render("overlays/production");

        // Then
        assertThat(docs)
                .extracting(d -> d.path("kind").asText())
                .containsExactlyInAnyOrder(
                        "ServiceAccount",
                        "ConfigMap",
                        "Service",
                        "Service",
                        "StatefulSet",
                        "PodDisruptionBudget",
                        "ServiceMonitor",
                        "PrometheusRule");
        assertThat(docs).allSatisfy(d -> {
            assertThat(d.path("metadata").path("namespace").asText()).isEqualTo("pulse");
            assertThat(d.path("metadata")
                            .path("labels")
                            .path("app.kubernetes.io/part-of")
                            .asText())
                    .isEqualTo("pulse");
        });
        V1StatefulSet sts = (V1StatefulSet) KubernetesModels.parse(DeployFiles.one(docs, "StatefulSet"));
        assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
        V1Container c = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("registry.example.com/pulse:0.1.0");
        assertThat(env(c))
                .containsEntry("PULSE_STREAMS_REPLICATION_FACTOR", "3")
                .containsKey("PULSE_HTTP_ADVERTISED_URL")
                .containsKey("POD_NAME");
        assertThat(c.getResources().getLimits().get("memory").toSuffixedString())
                .isEqualTo("4Gi");
        assertThat(sts.getSpec()
                        .getVolumeClaimTemplates()
                        .get(0)
                        .getSpec()
                        .getResources()
                        .getRequests()
                        .get("storage")
                        .toSuffixedString())
                .isEqualTo("50Gi");
    }

    @Test
    void shouldRejectAnUnknownOrMisspeltField() {
        // Given: the rendered StatefulSet with a misspelt probe, and one with an unknown top-level spec field
        ObjectNode sts = DeployFiles.one(render("base"), "StatefulSet");
        ObjectNode misspelt = sts.deepCopy();
        ObjectNode container = (ObjectNode) misspelt.at("/spec/template/spec/containers/0");
        container.set("readinesProbe", container.remove("readinessProbe"));
        ObjectNode unknown = sts.deepCopy();
        unknown.with("spec").put("replica", 2);
        ObjectNode service =
                DeployFiles.ofKind(render("base"), "Service").get(0).deepCopy();
        service.with("spec").put("clusterIp", "None");

        // When / Then
        assertThat(KubernetesModels.parse(sts)).isInstanceOf(V1StatefulSet.class);
        assertThatThrownBy(() -> KubernetesModels.parse(misspelt)).hasMessageContaining("readinesProbe");
        assertThatThrownBy(() -> KubernetesModels.parse(unknown)).hasMessageContaining("replica");
        assertThatThrownBy(() -> KubernetesModels.parse(service)).hasMessageContaining("clusterIp");
    }

    @Test
    void shouldRejectAMisspeltFieldOfThePrometheusOperatorsResources() {
        // Given
        List<ObjectNode> docs = render("monitoring");
        ObjectNode rule = DeployFiles.one(docs, "PrometheusRule").deepCopy();
        ObjectNode firstRule = (ObjectNode) rule.at("/spec/groups/0/rules/0");
        firstRule.set("anotations", firstRule.remove("annotations"));
        ObjectNode badFor = DeployFiles.one(docs, "PrometheusRule").deepCopy();
        ((ObjectNode) badFor.at("/spec/groups/0/rules/0")).put("for", "5 minutes");
        ObjectNode monitor = DeployFiles.one(docs, "ServiceMonitor").deepCopy();
        ObjectNode endpoint = (ObjectNode) monitor.at("/spec/endpoints/0");
        endpoint.set("intervall", endpoint.remove("interval"));
        ObjectNode selector = DeployFiles.one(docs, "ServiceMonitor").deepCopy();
        ((ObjectNode) selector.at("/spec/selector")).set("matchLabel", selector.at("/spec/selector/matchLabels"));

        // When / Then
        assertThat(OperatorResources.parse(DeployFiles.one(docs, "PrometheusRule")))
                .isNotNull();
        assertThat(OperatorResources.parse(DeployFiles.one(docs, "ServiceMonitor")))
                .isNotNull();
        assertThatThrownBy(() -> OperatorResources.parse(rule)).hasMessageContaining("anotations");
        assertThatThrownBy(() -> OperatorResources.parse(badFor)).hasMessageContaining("5 minutes");
        assertThatThrownBy(() -> OperatorResources.parse(monitor)).hasMessageContaining("intervall");
        assertThatThrownBy(() -> OperatorResources.parse(selector)).hasMessageContaining("matchLabel");
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/production"})
    void shouldWireTheStatefulSetToItsServicesForQueryRouting(String dir) throws Exception {
        // Given
        List<ObjectNode> docs = render(dir);
        V1StatefulSet sts = (V1StatefulSet) KubernetesModels.parse(DeployFiles.one(docs, "StatefulSet"));
        List<V1Service> services = DeployFiles.ofKind(docs, "Service").stream()
                .map(d -> (V1Service) KubernetesModels.parse(d))
                .toList();
        Map<String, String> podLabels =
                sts.getSpec().getTemplate().getMetadata().getLabels();
        V1Container c = sts.getSpec().getTemplate().getSpec().getContainers().get(0);

        // Then: the governing Service is headless, selects the pods, and publishes not-ready peers
        V1Service headless = services.stream()
                .filter(s -> s.getMetadata().getName().equals(sts.getSpec().getServiceName()))
                .findFirst()
                .orElseThrow(() ->
                        new AssertionError("no Service named " + sts.getSpec().getServiceName()));
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
        V1Service client =
                services.stream().filter(s -> s != headless).findFirst().orElseThrow();
        assertThat(client.getSpec().getClusterIP()).isNull();
        for (V1Service s : services) {
            assertThat(podLabels)
                    .as("pod labels selected by %s", s.getMetadata().getName())
                    .containsAllEntriesOf(s.getSpec().getSelector());
            assertThat(s.getSpec().getPorts())
                    .allSatisfy(p -> assertThat(p.getTargetPort().getStrValue())
                            .isIn(c.getPorts().stream()
                                    .map(port -> port.getName())
                                    .toList()));
        }
        assertThat(podLabels).containsAllEntriesOf(sts.getSpec().getSelector().getMatchLabels());
        V1PodDisruptionBudget pdb =
                (V1PodDisruptionBudget) KubernetesModels.parse(DeployFiles.one(docs, "PodDisruptionBudget"));
        assertThat(podLabels).containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());

        // Then: the advertised address is the pod's stable name through the headless Service, on the port served
        Map<String, V1EnvVar> vars = new LinkedHashMap<>();
        c.getEnv().forEach(v -> vars.put(v.getName(), v));
        assertThat(vars.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.name");
        assertThat(vars.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.namespace");
        int port = c.getPorts().stream()
                .filter(p -> "http".equals(p.getName()))
                .findFirst()
                .orElseThrow()
                .getContainerPort();
        assertThat(headless.getSpec().getPorts().get(0).getPort()).isEqualTo(port);
        String advertised = vars.get("PULSE_HTTP_ADVERTISED_URL").getValue();
        assertThat(advertised)
                .isEqualTo("http://$(POD_NAME)." + headless.getMetadata().getName()
                        + ".$(POD_NAMESPACE).svc.cluster.local:" + port);
        assertThat(Kubelet.expand(
                        advertised, Map.of("POD_NAME", sts.getMetadata().getName() + "-0", "POD_NAMESPACE", "pulse")))
                .isEqualTo("http://pulse-0.pulse-headless.pulse.svc.cluster.local:" + port);

        // Then: the configuration the pod gets (ConfigMap file + env) is valid, serves on that port, keeps its state
        // on the persistent volume, and has standbys on other instances
        PulseConfig config = Kubelet.config(docs, c, Map.of("PULSE_AUTH_MODE", "none"));
        assertThat(config.http().port()).isEqualTo(port);
        String namespace = sts.getMetadata().getNamespace() == null
                ? "default"
                : sts.getMetadata().getNamespace();
        assertThat(config.http().advertisedUrl().getHost())
                .isEqualTo(sts.getMetadata().getName() + "-0."
                        + headless.getMetadata().getName() + "." + namespace + ".svc.cluster.local");
        assertThat(config.streams().standbyReplicas()).isGreaterThanOrEqualTo(1);
        assertThat(sts.getSpec().getReplicas()).isGreaterThan(config.streams().standbyReplicas());
        String stateClaim =
                sts.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
        V1VolumeMount stateMount = c.getVolumeMounts().stream()
                .filter(m -> m.getName().equals(stateClaim))
                .findFirst()
                .orElseThrow();
        assertThat(config.streams().stateDir().startsWith(Path.of(stateMount.getMountPath())))
                .as("%s on the volume at %s", config.streams().stateDir(), stateMount.getMountPath())
                .isTrue();

        // Then: probes, resources, non-root and a read-only root with writable mounts for state and /tmp only
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrValue()).isEqualTo("http");
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKey("memory");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        var pod = sts.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser() + ":"
                        + pod.getSecurityContext().getRunAsGroup())
                .isEqualTo(DeployFiles.Dockerfile.read().user());
        assertThat(Kubelet.writablePaths(sts)).containsExactlyInAnyOrder("/var/lib/pulse", "/tmp");
        assertThat(DeployFiles.Dockerfile.read().volumes()).containsExactly(stateMount.getMountPath());
        // Then: the ConfigMap and Secret it refers to are the ones rendered / documented
        String configMap = pod.getVolumes().stream()
                .filter(v -> v.getConfigMap() != null)
                .findFirst()
                .orElseThrow()
                .getConfigMap()
                .getName();
        assertThat(DeployFiles.ofKind(docs, "ConfigMap"))
                .extracting(d -> d.at("/metadata/name").asText())
                .contains(configMap);
        assertThat(c.getEnvFrom()).extracting(e -> e.getSecretRef().getName()).containsExactly("pulse-credentials");
        assertThat(DeployFiles.read(DeployFiles.root().resolve("docs/runbook.md")))
                .contains("pulse-credentials");
    }

    @Test
    void shouldEmbedTheRuleFileUnchangedInThePrometheusRule() throws Exception {
        // Given
        JsonNode file = Yaml.one(DeployFiles.deploy("prometheus/pulse-rules.yml"));
        ObjectNode resource = DeployFiles.one(render("monitoring"), "PrometheusRule");

        // Then: the same groups, and promtool accepts the embedded ones as a rule file
        assertThat(resource.get("spec")).isEqualTo(file);
        Path embedded =
                Files.writeString(tmp.resolve("embedded.yml"), Yaml.MAPPER.writeValueAsString(resource.get("spec")));
        Tools.Result check = Tools.run(
                List.of(Tools.require("promtool", "prometheus").toString(), "check", "rules", embedded.toString()),
                tmp);
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void shouldPassPromtoolWithAUnitTestOfEveryAlertAndARunbookEntry() throws Exception {
        // Given
        Path rules = DeployFiles.deploy("prometheus/pulse-rules.yml");
        Path tests = DeployFiles.deploy("prometheus/pulse-rules.test.yml");
        String promtool = Tools.require("promtool", "prometheus").toString();

        // When
        Tools.Result check = Tools.run(List.of(promtool, "check", "rules", rules.toString()), rules.getParent());
        Tools.Result test = Tools.run(List.of(promtool, "test", "rules", tests.toString()), rules.getParent());

        // Then
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
        String runbook = DeployFiles.read(DeployFiles.root().resolve("docs/runbook.md"));
        String readme = DeployFiles.read(DeployFiles.root().resolve("README.md"));
        assertThat(readme).contains("(docs/runbook.md)");
        List<String> alerts = new ArrayList<>();
        for (JsonNode group : Yaml.one(rules).get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                alerts.add(rule.get("alert").asText());
            }
        }
        JsonNode testFile = Yaml.one(tests);
        for (String alert : alerts) {
            JsonNode rule = ruleNamed(Yaml.one(rules), alert);
            assertThat(rule.get("annotations").fieldNames())
                    .toIterable()
                    .contains("summary", "description", "runbook_url");
            String anchor = rule.at("/annotations/runbook_url").asText();
            assertThat(anchor).isEqualTo("docs/runbook.md#" + alert.toLowerCase(java.util.Locale.ROOT));
            assertThat(runbook).as("runbook section of %s", alert).contains("\n### " + alert + "\n");
            // a test case where it fires, and one where it does not
            List<JsonNode> cases = new ArrayList<>();
            testFile.get("tests")
                    .forEach(t -> t.path("alert_rule_test").forEach(a -> {
                        if (a.path("alertname").asText().equals(alert)) {
                            cases.add(a);
                        }
                    }));
            assertThat(cases)
                    .as("unit tests of %s", alert)
                    .anySatisfy(a -> assertThat(a.get("exp_alerts")).isNotEmpty());
            assertThat(cases)
                    .as("unit tests of %s", alert)
                    .anySatisfy(a -> assertThat(a.get("exp_alerts")).isEmpty());
        }
    }

    private static JsonNode ruleNamed(JsonNode rules, String alert) {
        for (JsonNode group : rules.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                if (rule.path("alert").asText().equals(alert)) {
                    return rule;
                }
            }
        }
        throw new AssertionError(alert);
    }

    @Test
    void shouldBuildTheSameImageWithJibAsWithTheDockerfile() throws Exception {
        // Given
        DeployFiles.Dockerfile docker = DeployFiles.Dockerfile.read();
        String pom = DeployFiles.read(DeployFiles.root().resolve("modules/pulse-dev/pom.xml"));
        String profile = between(pom, "<id>jib</id>", "</profile>");

        // Then: the same entry point, command, environment, volume, port, user and base image
        assertThat(between(profile, "<entrypoint>", "</entrypoint>")).isEqualTo(String.join(",", docker.entrypoint()));
        assertThat(between(profile, "<args>", "</args>")).isEqualTo(String.join(",", docker.cmd()));
        Map<String, String> jibEnv = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<(PULSE_[A-Z_]+)>([^<]*)</")
                .matcher(between(profile, "<environment>", "</environment>"));
        while (m.find()) {
            jibEnv.put(m.group(1), m.group(2));
        }
        assertThat(jibEnv).isEqualTo(docker.env());
        assertThat(between(profile, "<volumes>", "</volumes>")).isEqualTo(String.join(",", docker.volumes()));
        assertThat(between(profile, "<ports>", "</ports>"))
                .isEqualTo(docker.exposed().get(0).toString());
        assertThat(between(profile, "<user>", "</user>")).isEqualTo(docker.user());
        assertThat(between(profile, "<workingDirectory>", "</workingDirectory>"))
                .isEqualTo(docker.workdir());
        assertThat(between(between(profile, "<from>", "</from>"), "<image>", "</image>"))
                .isEqualTo(docker.baseImage());
        assertThat(profile).doesNotContain("activeByDefault");
        // Then: the Dockerfile builds the jar with the launcher's command, and pins its images
        Matcher launcher = Pattern.compile("(mvn -B -q -Dmaven\\.test\\.skip=true [^>]*?install)")
                .matcher(DeployFiles.read(DeployFiles.root().resolve("pulse")));
        assertThat(launcher.find()).isTrue();
        assertThat(docker.buildRuns()).containsExactly(launcher.group(1));
        assertThat(docker.baseImage()).matches("eclipse-temurin:17\\.[0-9.]+_[0-9]+-jre(-[a-z]+)?");
        assertThat(docker.user()).doesNotStartWith("0").doesNotStartWith("root");
        assertThat(DeployFiles.healthcheck()).contains("/health/ready");
        assertThat(docker.command()).endsWith("-jar", "/app/pulse.jar", "run", "--config", "/etc/pulse/pulse.yaml");
    }

    private static String between(String text, String start, String end) {
        int s = text.indexOf(start);
        int e = text.indexOf(end, s + start.length());
        if (s < 0 || e < 0) {
            throw new AssertionError("no " + start + "..." + end);
        }
        return text.substring(s + start.length(), e).strip();
    }

    @Test
    void shouldPassDockerComposeValidationAndStartInOrder() {
        // Given
        Path root = DeployFiles.root();
        String compose = Tools.require("docker-compose", "docker-compose").toString();

        // When: Debian's docker-compose parses and validates the file without an engine
        Tools.Result r = Tools.run(List.of(compose, "-f", "docker-compose.yml", "config", "-q"), root);

        // Then
        assertThat(r.exitCode()).as(r.output()).isZero();
        JsonNode services = DeployFiles.compose().get("services");
        assertThat(services.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder(
                        "kafka", "schema-registry", "topics", "pulse", "simulator", "prometheus", "grafana");
        assertThat(services.at("/kafka/image").asText()).isEqualTo("apache/kafka:4.3.1");
        services.fields().forEachRemaining(s -> {
            String image = s.getValue().path("image").asText();
            assertThat(image).as("pinned image of %s", s.getKey()).contains(":").doesNotEndWith(":latest");
        });
        assertThat(services.at("/pulse/depends_on/topics/condition").asText())
                .isEqualTo("service_completed_successfully");
        assertThat(services.at("/pulse/depends_on/schema-registry/condition").asText())
                .isEqualTo("service_healthy");
        assertThat(services.at("/topics/depends_on/kafka/condition").asText()).isEqualTo("service_healthy");
        assertThat(services.at("/simulator/depends_on/pulse/condition").asText())
                .isEqualTo("service_healthy");
        assertThat(services.at("/grafana/depends_on/prometheus/condition").asText())
                .isEqualTo("service_healthy");
        for (String s : List.of("kafka", "schema-registry", "pulse", "prometheus", "grafana")) {
            assertThat(services.path(s).has("healthcheck"))
                    .as("health check of %s", s)
                    .isTrue();
        }
        assertThat(services.at("/pulse/healthcheck/test").toString()).contains("/health/ready");
        assertThat(services.at("/topics/command").toString()).contains("\"topics\",\"create\"");
        assertThat(services.at("/simulator/command").toString()).contains("\"simulate\"");
    }

    @Test
    void shouldProvisionTheDashboardOnTheProvisionedDataSource() {
        // Given
        JsonNode dashboard = Yaml.one(DeployFiles.deploy("grafana/dashboards/pulse.json"));
        JsonNode datasource = Yaml.one(DeployFiles.deploy("grafana/provisioning/datasources/prometheus.yml"))
                .at("/datasources/0");

        // Then
        assertThat(dashboard.at("/templating/list"))
                .extracting(v -> v.get("name").asText())
                .containsExactly("instance", "topic");
        List<JsonNode> targets = Dashboards.targets(dashboard);
        assertThat(targets).hasSizeGreaterThan(15);
        assertThat(targets)
                .allSatisfy(t -> assertThat(t.at("/datasource/uid").asText())
                        .isEqualTo(datasource.get("uid").asText()));
        String all = targets.toString();
        for (String family : List.of(
                "pulse_events_in_total",
                "pulse_consumer_lag_records",
                "pulse_watermark_delay_seconds",
                "pulse_dlq_records_total",
                "pulse_late_records_total",
                "pulse_source_e2e_latency_avg_seconds",
                "pulse_state_bytes",
                "jvm_memory_used_bytes",
                "pulse_commit_latency_max_seconds")) {
            assertThat(all).as("a panel on %s", family).contains(family);
        }
    }

    /** Documents by kind/namespace/name, for comparing renderings regardless of order. */
    private static Map<String, JsonNode> byName(List<ObjectNode> docs) {
        Map<String, JsonNode> m = new TreeMap<>();
        docs.forEach(d -> m.put(
                d.path("kind").asText() + "/" + d.at("/metadata/namespace").asText() + "/"
                        + d.at("/metadata/name").asText(),
                d));
        return m;
    }

    private static Map<String, String> env(V1Container c) {
        Map<String, String> m = new LinkedHashMap<>();
        c.getEnv().forEach(v -> m.put(v.getName(), v.getValue()));
        return m;
    }
}
