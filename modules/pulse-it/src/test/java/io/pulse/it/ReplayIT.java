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
import java.util.Random;
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

    @Test
    void shouldGiveIdenticalOutputsWhenTheSameFileIsReplayedTwice(@TempDir Path dir) throws Exception {
        // Given 8,000 events of five types over two days, in time order, and day plans whose alerts depend on the
        // sequence of values the engine sees, not only on the finals
        Random random = new Random(7);
        List<String> events = new ArrayList<>();
        long start = java.time.Instant.parse("2026-03-10T00:00:00Z").getEpochSecond();
        String[] types = {"impression", "impression", "impression", "click", "session", "lead", "order"};
        for (int i = 0; i < 8_000; i++) {
            long at = start + (long) i * 2 * 86_400 / 8_000 + random.nextInt(60);
            String type = types[random.nextInt(types.length)];
            String when = java.time.Instant.ofEpochSecond(at).toString();
            String common =
                    "\"type\":\"" + type + "\",\"eventId\":\"" + type + "-" + i + "\",\"occurredAt\":\"" + when + "\"";
            String campaign = "\"campaignId\":\"c-" + random.nextInt(3) + "\"";
            String employee = "\"employeeId\":\"e-" + random.nextInt(3) + "\"";
            events.add(
                    switch (type) {
                        case "impression", "click" -> "{" + common + "," + campaign + ",\"cost\":0.25}";
                        case "session" -> "{" + common + "," + campaign + ",\"bounced\":" + random.nextBoolean() + "}";
                        case "lead" -> "{" + common + "," + campaign + "," + employee + ",\"qualified\":true}";
                        default ->
                            "{" + common + "," + campaign + "," + employee + ",\"customerId\":\"u-"
                                    + random.nextInt(200) + "\",\"revenue\":100.00}";
                    });
        }
        Path file = Files.write(dir.resolve("events.jsonl"), events);
        Path config = Files.writeString(dir.resolve("pulse.yaml"), "timezone: Europe/Berlin\ncurrency: RUB\n");
        Path plans = Files.writeString(dir.resolve("plans.yaml"), """
                - { scope: employee, id: e-0, period: day, kpis: [ { kpi: orders, target: 60, weight: 1.0 } ] }
                - { scope: employee, id: e-1, period: day, kpis: [ { kpi: orders, target: 200, weight: 1.0 } ] }
                - { scope: campaign, id: c-1, period: day, kpis: [ { kpi: cpl, target: 2, weight: 1.0 } ] }
                """);

        // When it is replayed twice
        String[] names = {"kpi-final.jsonl", "scorecards.jsonl", "alerts.jsonl", "dlq.jsonl", "late.jsonl"};
        List<List<String>> runs = new ArrayList<>();
        for (String run : List.of("first", "second")) {
            StringWriter stderr = new StringWriter();
            CommandLine cli = Main.commandLine();
            cli.setOut(new PrintWriter(new StringWriter(), true));
            cli.setErr(new PrintWriter(stderr, true));
            Path out = dir.resolve(run);
            int exit = cli.execute(
                    "replay",
                    "--config",
                    config.toString(),
                    "--events",
                    file.toString(),
                    "--plans",
                    plans.toString(),
                    "--out",
                    out.toString());
            assertThat(exit).as(stderr.toString()).isZero();
            List<String> outputs = new ArrayList<>();
            for (String name : names) {
                outputs.add(Files.readString(out.resolve(name)));
            }
            runs.add(outputs);
        }

        // Then both runs wrote the same bytes to every file, alerts and their moments included (a plan met is
        // stamped with the latest event of the batch that crossed the target: it moves when the batches do)
        assertThat(runs.get(0).get(2)).as("alerts").contains("PLAN_MET");
        for (int i = 0; i < names.length; i++) {
            assertThat(runs.get(1).get(i)).as(names[i]).isEqualTo(runs.get(0).get(i));
        }
    }
}
