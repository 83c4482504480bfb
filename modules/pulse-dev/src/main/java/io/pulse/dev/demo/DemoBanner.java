package io.pulse.dev.demo;

import io.pulse.dev.sim.Simulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The block {@code pulse demo} prints once it runs: the dashboard's URL first, then where everything is and curl lines to try. */
final class DemoBanner {
    private DemoBanner() {}

    /** What the banner says. */
    record Facts(
            Duration startup,
            String httpUrl,
            boolean tokenRequired,
            String bootstrapServers,
            String topicPrefix,
            String registryUrl,
            Path data,
            boolean temporaryData,
            double rate,
            ZoneId zone,
            String currency,
            int plans,
            int alertRules) {}

    /** The host a client on this machine uses for a server listening on {@code bindHost}. */
    static String clientHost(String bindHost) {
        return switch (bindHost) {
            case "0.0.0.0", "::", "127.0.0.1", "localhost" -> "localhost";
            default -> bindHost.contains(":") ? "[" + bindHost + "]" : bindHost;
        };
    }

    static String render(Facts f) {
        String api = f.httpUrl();
        String curl = f.tokenRequired() ? "curl -H \"Authorization: Bearer $PULSE_HTTP_TOKEN\" " : "curl ";
        StringBuilder b = new StringBuilder();
        b.append('\n');
        // The dashboard first: it is what a person opens; the rest is for those who curl.
        b.append("  open ").append(api).append("    the dashboard: live KPIs, KPI passports and alerts\n");
        b.append('\n');
        b.append("Pulse demo is running (ready in ")
                .append(Demo.seconds(f.startup()))
                .append(")\n");
        b.append('\n');
        line(
                b,
                "HTTP API",
                api + (f.tokenRequired() ? "  (bearer token from PULSE_HTTP_TOKEN)" : "  (no token: demo only)"));
        line(b, "  KPIs", curl + "'" + api + "/api/v1/kpis/company/all?period=day'");
        line(b, "", curl + "'" + api + "/api/v1/kpis/campaign/c-search-brand?period=hour&kpi=ctr'");
        line(b, "", curl + "'" + api + "/api/v1/kpis/team/north?period=day&kpi=orders'");
        line(
                b,
                "",
                curl + "'" + api + "/api/v1/kpis/employee/e-001?period=hour&kpi=revenue&from=" + LocalDate.now(f.zone())
                        + "'");
        line(b, "  Scorecards", curl + "'" + api + "/api/v1/scorecards/employee/e-001?period=month'");
        line(b, "", curl + "'" + api + "/api/v1/scorecards/team/north?period=day'");
        line(b, "  Alerts", curl + "'" + api + "/api/v1/alerts?limit=10'");
        line(b, "  Live stream", curl + "-N -H 'Accept: text/event-stream' '" + api + "/api/v1/stream?scope=campaign'");
        line(b, "  Health", curl + "'" + api + "/health/ready'");
        line(b, "  Metrics", curl + "'" + api + "/metrics'");
        line(b, "Kafka", f.bootstrapServers() + "  (bootstrap.servers; topics " + f.topicPrefix() + "*)");
        line(b, "Schema registry", f.registryUrl() + "  (try " + f.registryUrl() + "/subjects)");
        line(b, "Data", f.data() + (f.temporaryData() ? "  (deleted on exit; keep it with --data DIR)" : "  (kept)"));
        line(
                b,
                "Simulator",
                f.rate() > 0
                        ? String.format(Locale.ROOT, "%,.0f events/s, stamped with the current time", f.rate())
                        : "off (--rate 0): send your own events with `pulse produce`");
        Map<String, List<String>> teams = new LinkedHashMap<>();
        Simulator.employees()
                .forEach(e ->
                        teams.computeIfAbsent(e.team(), t -> new ArrayList<>()).add(e.id()));
        teams.forEach((team, people) -> line(b, "", "team " + team + ": " + String.join(", ", people)));
        List<String> campaigns = Simulator.campaignIds();
        int half = (campaigns.size() + 1) / 2;
        line(b, "", "campaigns " + String.join(", ", campaigns.subList(0, half)) + ",");
        line(b, "", "          " + String.join(", ", campaigns.subList(half, campaigns.size())));
        line(
                b,
                "Plans",
                f.plans() + " sample plans (employee, team, campaign, company), " + f.alertRules()
                        + " alert rules; "
                        + "time zone " + f.zone() + ", currency " + f.currency());
        b.append('\n');
        b.append("Ctrl-C to stop.\n");
        return b.toString();
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append("  ")
                .append(String.format(Locale.ROOT, "%-17s", label))
                .append(value)
                .append('\n');
    }
}
