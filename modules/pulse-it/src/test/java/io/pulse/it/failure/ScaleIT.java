package io.pulse.it.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.avro.outputs.KpiValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scale out and in under load with one application id: 1 → 3 → 2 instances (the third killed with {@code kill -9}).
 * The HTTP API answers the same for closed windows before and after, from any instance, and the outputs equal the
 * truth. With {@code streams.standbyReplicas} ({@code -Dpulse.it.scale.standbys}, default 1) it measures how long the
 * killed instance's keys cannot be read.
 */
@ExtendWith(FailureBroker.class)
class ScaleIT {
    private static final int EVENTS = 4000;
    private static final int RATE = 200;
    private static final List<String> KEYS = List.of(
            "company/all",
            "campaign/c-1",
            "campaign/c-2",
            "campaign/c-3",
            "campaign/c-4",
            "campaign/c-5",
            "channel/search",
            "channel/social",
            "channel/email",
            "employee/e-1",
            "employee/e-2",
            "employee/e-3",
            "employee/e-4",
            "employee/e-5",
            "employee/e-6",
            "team/north",
            "team/south");

    @Test
    void shouldAnswerTheSameAcrossScalingAndLoseNothing(BrokerProcess broker) throws Exception {
        long seed = Scenario.seed();
        int standbys = Integer.getInteger("pulse.it.scale.standbys", 1);
        try (Scenario s = new Scenario("scale", broker, standbys, seed, EVENTS)) {
            ServiceProcess a = s.service("pulse-0").start().awaitReady();
            // The directory applies from when it is read (SPEC §9): the truth needs it read before the events.
            s.awaitControlRead(Duration.ofMinutes(1));
            s.feeder.start(s.records, RATE);

            // Before: closed hour windows of the first part of the input, as instance 0 alone answers them.
            Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> s.feeder.sent() >= s.records.size() * 3 / 10);
            Instant first = s.workload.events().get(0).occurredAt();
            Instant to = first.plus(Duration.ofHours(4));
            Awaitility.await("finals of the first hours")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> hasFinal(s.outputs().poll(), to.plus(Duration.ofHours(1))));
            Map<String, String> before = answers(a, first, to);

            // 1 → 3
            long out = System.nanoTime();
            ServiceProcess b = s.service("pulse-1").start();
            ServiceProcess c = s.service("pulse-2").start();
            b.awaitReady();
            c.awaitReady();
            Figures.record(
                    "scale (standbys " + standbys + ")",
                    "1 → 3: start to all ready",
                    Duration.ofNanos(System.nanoTime() - out));
            Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> s.feeder.sent() >= s.records.size() * 6 / 10);

            // 3 → 2: kill -9 of one instance under load; how long until every key answers again through a survivor?
            Map<String, String> probe = new LinkedHashMap<>();
            for (String key : KEYS) {
                probe.put(key, "/api/v1/kpis/" + key + "?period=day");
            }
            // Tasks moved to the new instances restore there first: wait until every key answers again.
            Awaitility.await("every key readable after scaling out")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> probe.values().stream()
                            .allMatch(p ->
                                    a.get(p).map(r -> r.statusCode() == 200).orElse(false)));
            Figures.record(
                    "scale (standbys " + standbys + ")",
                    "1 → 3: start to every key readable",
                    Duration.ofNanos(System.nanoTime() - out));
            c.kill();
            long killed = System.nanoTime();
            long[] lastFailure = {killed};
            Awaitility.await("every key readable again")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        boolean all = probe.values().stream()
                                .allMatch(p ->
                                        a.get(p).map(r -> r.statusCode() == 200).orElse(false)
                                                && b.get(p)
                                                        .map(r -> r.statusCode() == 200)
                                                        .orElse(false));
                        if (!all) {
                            lastFailure[0] = System.nanoTime();
                        }
                        return all;
                    });
            Duration unavailable = Duration.ofNanos(lastFailure[0] - killed);
            Figures.record(
                    "scale (standbys " + standbys + ")",
                    "3 → 2 by kill -9: keys of the killed instance unavailable for",
                    unavailable);

            s.feeder.awaitDone(Duration.ofMinutes(3));
            Verdict verdict = s.awaitVerdict(Duration.ofMinutes(2));

            // After: the same answers, from either survivor.
            assertThat(answers(a, first, to)).isEqualTo(before);
            assertThat(answers(b, first, to)).isEqualTo(before);
            assertThat(verdict.clean()).as(verdict.summary()).isTrue();
        }
    }

    private static boolean hasFinal(Outputs out, Instant hourEnd) {
        return out.finals.stream()
                .map(Outputs.Out::value)
                .anyMatch((KpiValue v) -> v.getScope().equals("company")
                        && v.getPeriod().equals("hour")
                        && !OffsetDateTime.parse(v.getPeriodStart()).toInstant().isBefore(hourEnd));
    }

    /** The hour KPIs of every key between {@code from} and {@code to}, as one instance answers. */
    private static Map<String, String> answers(ServiceProcess instance, Instant from, Instant to) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        ZoneId zone = ZoneId.of(ServiceSettings.ZONE);
        String range = "&from=" + enc(from.atZone(zone).toOffsetDateTime().toString()) + "&to="
                + enc(to.atZone(zone).toOffsetDateTime().toString());
        for (String key : KEYS) {
            var r = instance.get("/api/v1/kpis/" + key + "?period=hour" + range);
            if (r.isEmpty() || r.get().statusCode() != 200) {
                failed.add(
                        key + ": " + r.map(x -> x.statusCode() + " " + x.body()).orElse("no answer"));
            } else {
                out.put(key, r.get().body());
            }
        }
        assertThat(failed).as("HTTP answers of " + instance.url()).isEmpty();
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
