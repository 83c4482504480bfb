package io.pulse.it.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Grafana dashboard JSON: its query targets, with the dashboard's variables resolved for a plain query. */
final class Dashboards {
    private Dashboards() {}

    /** Every target of every panel, rows' nested panels included. */
    static List<JsonNode> targets(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        collect(dashboard.get("panels"), out);
        return out;
    }

    private static void collect(JsonNode panels, List<JsonNode> out) {
        if (panels == null) {
            return;
        }
        for (JsonNode p : panels) {
            p.path("targets").forEach(out::add);
            collect(p.get("panels"), out);
        }
    }

    /** The query as Prometheus gets it with every instance and topic selected and a rate interval of {@code rate}. */
    static String resolve(String expr, String rate) {
        return expr.replace("$__rate_interval", rate).replace("$instance", ".*").replace("$topic", ".*");
    }
}
