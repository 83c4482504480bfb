package io.pulse.it.failure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulse.app.config.PulseConfig;
import io.pulse.dev.Main;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The suite's truth checked against {@code pulse replay} of the same workload (event time only, one partition, every
 * window closed at the end): the two are computed independently, so agreement says the truth is right before it
 * judges anything under failure.
 */
class TruthAgainstReplayIT {
    @Test
    void shouldAgreeWithReplay() throws Exception {
        Path dir = Scenario.workRoot().resolve("truth-vs-replay");
        ServiceSettings settings = new ServiceSettings("truthcheck", "127.0.0.1:1", "mem://truthcheck", 0);
        PulseConfig config = settings.config();
        Workload w = Workload.generate(
                Scenario.seed(), 600, Workload.startingAgo(Duration.ofHours(30)), Duration.ofHours(26), config);
        w.write(dir);
        Path cfg = dir.resolve("pulse.yaml");
        Files.writeString(
                cfg,
                "timezone: " + ServiceSettings.ZONE + "\ncurrency: RUB\nstreams:\n  grace: " + ServiceSettings.GRACE
                        + "\n",
                StandardCharsets.UTF_8);
        Path out = dir.resolve("out");
        int exit = Main.commandLine()
                .execute(
                        "replay",
                        "--config",
                        cfg.toString(),
                        "--events",
                        dir.resolve("events.jsonl").toString(),
                        "--plans",
                        dir.resolve("plans.yaml").toString(),
                        "--directory",
                        dir.resolve("directory.yaml").toString(),
                        "--out",
                        out.toString());
        assertThat(exit).isZero();

        Truth truth = new Truth(
                w,
                new int[w.events().size()],
                ZoneId.of(ServiceSettings.ZONE),
                Duration.parse(ServiceSettings.GRACE),
                config.catalog());
        Map<String, Truth.Row> expected = truth.finals();
        ObjectMapper json = new ObjectMapper();
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String line : Files.readAllLines(out.resolve("kpi-final.jsonl"))) {
            JsonNode n = json.readTree(line);
            String key = Truth.key(
                    n.get("kpi").asText(),
                    n.get("scope").asText(),
                    n.get("scopeId").asText(),
                    n.get("period").asText(),
                    n.get("periodStart").asText());
            seen.add(key);
            Truth.Row row = expected.get(key);
            if (row == null) {
                problems.add("replay has " + key);
            } else if (!same(n.get("value"), row.value().value())
                    || !same(n.get("numerator"), row.value().numerator())) {
                problems.add(key + ": replay " + n.get("value") + " truth "
                        + row.value().value());
            }
        }
        expected.keySet().stream()
                .filter(k -> !seen.contains(k))
                .limit(20)
                .forEach(k -> problems.add("replay lacks " + k));
        assertThat(problems)
                .as(problems.size() + " differences of " + expected.size() + " finals")
                .isEmpty();
    }

    private static boolean same(JsonNode got, BigDecimal want) {
        if (got == null || got.isNull()) {
            return want == null;
        }
        return want != null
                && new BigDecimal(got.asText())
                                .setScale(6, RoundingMode.HALF_EVEN)
                                .compareTo(want.setScale(6, RoundingMode.HALF_EVEN))
                        == 0;
    }
}
