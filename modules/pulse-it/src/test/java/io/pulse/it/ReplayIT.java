package io.pulse.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulse.dev.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code pulse replay} end to end, as a user runs it: a JSON-lines file with known answers (SPEC §4's sales
 * manager, a duplicate, two bad lines, an invalid event, and an impression that arrives on its topic after
 * one six days later, so its hour and day have closed) through the real topology on an embedded broker, into
 * the five output files. Kafka Streams merges the input topics by timestamp, so lateness is decided by the
 * order within a topic.
 */
class ReplayIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ReplayIT.class.getResource("/replay/" + name).toURI());
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    private static JsonNode find(
            List<JsonNode> rows, String kpi, String scope, String id, String period, String start) {
        return rows.stream()
                .filter(r -> r.get("kpi").asText().equals(kpi)
                        && r.get("scope").asText().equals(scope)
                        && r.get("scopeId").asText().equals(id)
                        && r.get("period").asText().equals(period)
                        && r.get("periodStart").asText().equals(start))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no " + kpi + " " + scope + " " + id + " " + period + " " + start));
    }

    @Test
    void shouldReplayAFileIntoFinalValuesScorecardsAlertsAndRejections(@TempDir Path out) throws Exception {
        // Given the file, plans and directory of src/test/resources/replay
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(stdout, true));
        cli.setErr(new PrintWriter(stderr, true));

        // When
        int exit = cli.execute(
                "replay",
                "--config",
                resource("pulse.yaml").toString(),
                "--events",
                resource("events.jsonl").toString(),
                "--plans",
                resource("plans.yaml").toString(),
                "--directory",
                resource("directory.yaml").toString(),
                "--out",
                out.toString());

        // Then it succeeds, reports the bad lines by number and its speed
        assertThat(exit).as(stderr.toString()).isZero();
        assertThat(stderr.toString())
                .contains("events.jsonl line 7: not valid JSON")
                .contains("line 8: unknown type 'purchase'");
        assertThat(stdout.toString())
                .containsPattern(
                        "replayed 15 events \\(2 bad lines\\) in [0-9.]+ s from the first event read to the last output"
                                + " written: [0-9]+ events/s \\(broker start-up [0-9.]+ s, [0-9.]+ s in all\\)");

        // and the final values are exact: the duplicate click counts once, the late impression not in its day
        List<JsonNode> finals = lines(out.resolve("kpi-final.jsonl"));
        String day = "2026-11-02T00:00+03:00";
        assertThat(find(finals, "impressions", "campaign", "c-1", "day", day)
                        .get("value")
                        .decimalValue())
                .isEqualByComparingTo("4");
        assertThat(find(finals, "ctr", "campaign", "c-1", "day", day)
                        .get("value")
                        .decimalValue())
                .isEqualByComparingTo("25");
        assertThat(find(finals, "cpc", "campaign", "c-1", "day", day)
                        .get("value")
                        .decimalValue())
                .isEqualByComparingTo("5");
        assertThat(find(finals, "impressions", "campaign", "c-1", "week", day)
                        .get("value")
                        .decimalValue())
                .isEqualByComparingTo("5");
        assertThat(find(finals, "revenue", "team", "north", "month", "2026-11-01T00:00+03:00")
                        .get("value")
                        .decimalValue())
                .isEqualByComparingTo("1080000");
        assertThat(finals)
                .allSatisfy(r -> assertThat(r.get("final").asBoolean()).isTrue());

        // and the sales manager's scorecard is SPEC §4's, to the unit
        List<JsonNode> cards = lines(out.resolve("scorecards.jsonl"));
        assertThat(cards).singleElement().satisfies(c -> {
            assertThat(c.get("scopeId").asText()).isEqualTo("e-017");
            assertThat(c.get("totalFulfillment").decimalValue()).isEqualByComparingTo("99");
            assertThat(c.get("bonus").decimalValue()).isEqualByComparingTo("49500");
            assertThat(c.get("payout").decimalValue()).isEqualByComparingTo("109500");
            assertThat(c.get("final").asBoolean()).isTrue();
            // a closed period projects what it has: the facts themselves, and the same total and bonus
            assertThat(c.at("/items/0/expected").decimalValue()).isEqualByComparingTo("1000000");
            assertThat(c.at("/items/0/projected").decimalValue()).isEqualByComparingTo("900000");
            assertThat(c.at("/items/2/projected").isNull())
                    .as("a ratio (aov) is not projected")
                    .isTrue();
            assertThat(c.get("projectedTotalFulfillment").decimalValue()).isEqualByComparingTo("99");
            assertThat(c.get("projectedBonus").decimalValue()).isEqualByComparingTo("49500");
        });

        // and one alert: five new clients met their target on the fifth order
        List<JsonNode> alerts = lines(out.resolve("alerts.jsonl"));
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.get("type").asText()).isEqualTo("PLAN_MET");
            assertThat(a.get("kpi").asText()).isEqualTo("new_customers");
            assertThat(a.get("at").asText()).isEqualTo("2026-11-07T09:00:00Z");
        });

        // and every rejection is accounted for: two bad lines and the score of 11
        List<JsonNode> dlq = lines(out.resolve("dlq.jsonl"));
        assertThat(dlq)
                .extracting(r -> r.get("reason").asText())
                .containsExactly(
                        "line 7: not valid JSON: Unrecognized token 'this': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
                        "line 8: unknown type 'purchase': expected one of impression, click, spend, session, lead, order, refund, ticket, nps",
                        "invalid nps event: score 11 is outside 0-10");
        List<JsonNode> late = lines(out.resolve("late.jsonl"));
        // one record per late event (it was one per scope), naming the windows it missed and by how much
        assertThat(late).singleElement().satisfies(r -> {
            assertThat(r.get("eventId").asText()).isEqualTo("i-late");
            assertThat(r.get("reason").asText())
                    .startsWith("late by 141h50m after its window closed: hour 2026-11-02T11:00+03:00,"
                            + " day 2026-11-02T00:00+03:00 have closed");
        });
    }
}
