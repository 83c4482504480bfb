package io.pulse.it.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Prometheus operator's {@code PrometheusRule} and {@code ServiceMonitor} (monitoring.coreos.com/v1) as strict
 * records: the fields of the operator's CRD schema (openAPIV3Schema of {@code prometheusrules} and
 * {@code servicemonitors}) that a Pulse deployment may use, with the CRD's patterns and required fields. Any other
 * field fails, as a misspelt one would be rejected by the API server's strict field validation; metadata and label
 * selectors are the Kubernetes models, parsed strictly too.
 */
final class OperatorResources {
    /** The CRD's pattern of Prometheus durations ({@code 30s}, {@code 1h30m}, {@code 0}). */
    static final Pattern DURATION = Pattern.compile(
            "^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$");

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private OperatorResources() {}

    record PrometheusRule(String apiVersion, String kind, JsonNode metadata, RuleSpec spec) {
        PrometheusRule {
            require("monitoring.coreos.com/v1".equals(apiVersion), "apiVersion must be monitoring.coreos.com/v1");
            require("PrometheusRule".equals(kind), "kind must be PrometheusRule");
            meta(metadata);
            require(spec != null, "spec is required");
        }
    }

    record RuleSpec(List<RuleGroup> groups) {}

    record RuleGroup(
            String name,
            String interval,
            Map<String, String> labels,
            Integer limit,
            @JsonProperty("partial_response_strategy") String partialResponseStrategy,
            @JsonProperty("query_offset") String queryOffset,
            List<Rule> rules) {
        RuleGroup {
            require(name != null && !name.isEmpty(), "groups[].name is required");
            duration("interval", interval);
            duration("query_offset", queryOffset);
        }
    }

    record Rule(
            String alert,
            String record,
            String expr,
            @JsonProperty("for") String forDuration,
            @JsonProperty("keep_firing_for") String keepFiringFor,
            Map<String, String> labels,
            Map<String, String> annotations) {
        Rule {
            require(expr != null, "rules[].expr is required");
            require((alert == null) != (record == null), "a rule has exactly one of alert and record");
            duration("for", forDuration);
            duration("keep_firing_for", keepFiringFor);
        }
    }

    record ServiceMonitor(String apiVersion, String kind, JsonNode metadata, ServiceMonitorSpec spec) {
        ServiceMonitor {
            require("monitoring.coreos.com/v1".equals(apiVersion), "apiVersion must be monitoring.coreos.com/v1");
            require("ServiceMonitor".equals(kind), "kind must be ServiceMonitor");
            meta(metadata);
            require(spec != null, "spec is required");
        }
    }

    record ServiceMonitorSpec(
            String jobLabel,
            List<String> targetLabels,
            List<String> podTargetLabels,
            List<Endpoint> endpoints,
            JsonNode selector,
            NamespaceSelector namespaceSelector,
            Integer sampleLimit,
            Integer targetLimit,
            List<String> scrapeProtocols) {
        ServiceMonitorSpec {
            require(selector != null, "spec.selector is required");
            KubernetesModels.parse(Yaml.json(selector), V1LabelSelector.class, "ServiceMonitor spec.selector");
        }
    }

    record NamespaceSelector(Boolean any, List<String> matchNames) {}

    record Endpoint(
            String port,
            JsonNode targetPort,
            String path,
            String scheme,
            Map<String, List<String>> params,
            String interval,
            String scrapeTimeout,
            Boolean honorLabels,
            Boolean honorTimestamps,
            Boolean followRedirects,
            Boolean enableHttp2,
            Boolean filterRunning,
            List<JsonNode> relabelings,
            List<JsonNode> metricRelabelings,
            JsonNode bearerTokenSecret,
            JsonNode authorization,
            JsonNode basicAuth,
            JsonNode tlsConfig) {
        Endpoint {
            duration("interval", interval);
            duration("scrapeTimeout", scrapeTimeout);
            require(scheme == null || scheme.equals("http") || scheme.equals("https"), "scheme must be http or https");
        }
    }

    /** The document as its record; fails on an unknown or misspelt field, a missing required one, a bad duration. */
    static Object parse(JsonNode doc) {
        Class<?> type = switch (doc.path("kind").asText()) {
            case "PrometheusRule" -> PrometheusRule.class;
            case "ServiceMonitor" -> ServiceMonitor.class;
            default -> throw new IllegalArgumentException("not a Prometheus operator resource: " + doc.path("kind"));
        };
        try {
            return STRICT.treeToValue(doc, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(
                    type.getSimpleName() + " "
                            + doc.path("metadata").path("name").asText() + ": " + e.getOriginalMessage(),
                    e);
        }
    }

    static boolean isOperator(JsonNode doc) {
        return doc.path("apiVersion").asText().startsWith("monitoring.coreos.com/");
    }

    private static void meta(JsonNode metadata) {
        require(metadata != null, "metadata is required");
        KubernetesModels.parse(Yaml.json(metadata), V1ObjectMeta.class, "metadata");
    }

    private static void duration(String field, String value) {
        require(value == null || DURATION.matcher(value).matches(), field + " '" + value + "' is not a duration");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
