package io.pulse.dev.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.avro.events.ClickEvent;
import io.pulse.avro.events.ImpressionEvent;
import io.pulse.avro.events.OrderEvent;
import io.pulse.avro.events.SessionEvent;
import io.pulse.avro.events.TicketEvent;
import io.pulse.avro.events.TicketStatus;
import io.pulse.core.pace.WorkingTime;
import io.pulse.io.events.InputEvent;
import io.pulse.io.json.EventJson;
import io.pulse.streams.event.EventMapper;
import io.pulse.streams.event.EventType;
import io.pulse.streams.event.InvalidEventException;
import io.pulse.streams.event.SourceRef;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatorTest {
    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    /** Monday 2026-11-02, 10:00 in Moscow: working time. */
    private static final Instant MONDAY_MORNING = Instant.parse("2026-11-02T07:00:00Z");
    /** Saturday 2026-11-07, 10:00 in Moscow. */
    private static final Instant SATURDAY_MORNING = Instant.parse("2026-11-07T07:00:00Z");

    private static Simulator simulator(long seed) {
        return new Simulator(new SimulatorSettings(seed, MOSCOW, "RUB", WorkingTime.DEFAULT, true));
    }

    /** {@code count} events, one every 10 ms from {@code start}. */
    private static List<InputEvent> run(Simulator simulator, Instant start, int count) {
        List<InputEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(simulator.next(start.plusMillis(10L * i)));
        }
        return events;
    }

    @Test
    void shouldMakeTheSameEventsFromTheSameSeedAndClock() {
        // When
        List<String> first = run(simulator(42), MONDAY_MORNING, 20_000).stream()
                .map(EventJson::render)
                .toList();
        List<String> second = run(simulator(42), MONDAY_MORNING, 20_000).stream()
                .map(EventJson::render)
                .toList();
        List<String> other = run(simulator(43), MONDAY_MORNING, 20_000).stream()
                .map(EventJson::render)
                .toList();

        // Then
        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void shouldStampEveryEventWithTheTimeItWasAskedFor() {
        Simulator simulator = simulator(7);

        for (int i = 0; i < 5_000; i++) {
            Instant now = MONDAY_MORNING.plusSeconds(i);
            assertThat(simulator.next(now).occurredAt()).isEqualTo(now);
        }
    }

    @Test
    void shouldMakeOnlyEventsTheTopologyAccepts() throws InvalidEventException {
        // Given
        EventMapper mapper = new EventMapper("RUB");
        Set<String> ids = new HashSet<>();
        Map<EventType, Integer> byType = new EnumMap<>(EventType.class);

        // When
        for (InputEvent e : run(simulator(1), MONDAY_MORNING, 200_000)) {
            // Then: valid, unique ids, and the JSON form reads back to the same event
            mapper.map(e.type(), e.value(), SourceRef.UNKNOWN);
            assertThat(ids.add(e.eventId())).as("unique id %s", e.eventId()).isTrue();
            byType.merge(e.type(), 1, Integer::sum);
        }
        assertThat(byType).containsOnlyKeys(EventType.values());
        assertThat(EventJson.parse(EventJson.render(simulator(1).next(MONDAY_MORNING))))
                .isEqualTo(simulator(1).next(MONDAY_MORNING));
    }

    @Test
    void shouldGiveCampaignsDifferentClickThroughRates() {
        // Given
        Map<String, int[]> impressionsAndClicks = new HashMap<>();

        // When
        for (InputEvent e : run(simulator(3), MONDAY_MORNING, 400_000)) {
            if (e.value() instanceof ImpressionEvent i) {
                impressionsAndClicks.computeIfAbsent(i.getCampaignId(), k -> new int[2])[0]++;
            } else if (e.value() instanceof ClickEvent c) {
                impressionsAndClicks.computeIfAbsent(c.getCampaignId(), k -> new int[2])[1]++;
            }
        }

        // Then: search brand clicks far more often than display, as configured (8% against 0.2%)
        assertThat(impressionsAndClicks).containsKeys(Simulator.campaignIds().toArray(String[]::new));
        double brand = ctr(impressionsAndClicks.get("c-search-brand"));
        double display = ctr(impressionsAndClicks.get("c-display-network"));
        assertThat(brand).isBetween(0.06, 0.10);
        assertThat(display).isLessThan(0.005);
    }

    private static double ctr(int[] counts) {
        return (double) counts[1] / counts[0];
    }

    @Test
    void shouldLetStrongerManagersSellMoreAndBetterAgentsResolveFaster() {
        // Given
        Map<String, Double> revenue = new HashMap<>();
        Map<String, long[]> resolution = new HashMap<>();

        // When
        for (InputEvent e : run(simulator(5), MONDAY_MORNING, 600_000)) {
            if (e.value() instanceof OrderEvent o) {
                revenue.merge(o.getEmployeeId(), o.getRevenue().doubleValue(), Double::sum);
            } else if (e.value() instanceof TicketEvent t && t.getStatus() == TicketStatus.resolved) {
                long[] r = resolution.computeIfAbsent(t.getEmployeeId(), k -> new long[2]);
                r[0] += Duration.between(t.getOpenedAt(), t.getOccurredAt()).toSeconds();
                r[1]++;
            }
        }

        // Then
        assertThat(revenue.get("e-001")).isGreaterThan(revenue.get("e-003") * 1.5);
        assertThat(average(resolution.get("s-01"))).isLessThan(average(resolution.get("s-03")));
    }

    private static double average(long[] sumAndCount) {
        return (double) sumAndCount[0] / sumAndCount[1];
    }

    @Test
    void shouldFollowTheWorkingDay() {
        // Given
        Simulator simulator = simulator(9);

        // Then: quieter outside working time, and nobody closes orders on Saturday
        assertThat(simulator.intensity(MONDAY_MORNING)).isEqualTo(1.0);
        assertThat(simulator.intensity(SATURDAY_MORNING)).isEqualTo(Simulator.OFF_HOURS_INTENSITY);
        assertThat(run(simulator, SATURDAY_MORNING, 100_000)).noneMatch(e -> e.value() instanceof OrderEvent);
        assertThat(new Simulator(new SimulatorSettings(9, MOSCOW, "RUB", WorkingTime.DEFAULT, false))
                        .intensity(SATURDAY_MORNING))
                .isEqualTo(1.0);
    }

    @Test
    void shouldTurnVisitsIntoSessionsThatBounceOrConvert() {
        long bounced = 0;
        long converted = 0;
        long sessions = 0;
        for (InputEvent e : run(simulator(11), MONDAY_MORNING, 300_000)) {
            if (e.value() instanceof SessionEvent s) {
                sessions++;
                bounced += s.getBounced() ? 1 : 0;
                converted += s.getConverted() ? 1 : 0;
            }
        }
        assertThat(sessions).isGreaterThan(1_000);
        assertThat((double) bounced / sessions).isBetween(0.3, 0.7);
        assertThat(converted).isPositive();
    }

    @Test
    void shouldAssignEveryEmployeeToATeam() {
        assertThat(Simulator.directory())
                .hasSize(Simulator.employees().size())
                .extracting(d -> d.team())
                .containsOnly("north", "south", "care");
    }
}
