package io.pulse.dev.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulse.core.pace.WorkingTime;
import io.pulse.io.events.InputEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationLoopTest {
    /** Monday 2026-11-02, 10:00 UTC: working time. */
    private static final Instant MONDAY_TEN = Instant.parse("2026-11-02T10:00:00Z");
    /** Sunday 2026-11-01, 10:00 UTC. */
    private static final Instant SUNDAY_TEN = Instant.parse("2026-11-01T10:00:00Z");

    /** A clock that moves only when the loop pauses. */
    private static final class FakeClock extends Clock {
        private Instant now;

        FakeClock(Instant start) {
            now = start;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private static Simulator simulator() {
        return new Simulator(new SimulatorSettings(1, ZoneOffset.UTC, "USD", WorkingTime.DEFAULT, true));
    }

    @Test
    void shouldEmitTheRateForTheDuration() {
        // Given
        FakeClock clock = new FakeClock(MONDAY_TEN);
        List<InputEvent> events = new ArrayList<>();
        List<SimulationLoop.Progress> reports = new ArrayList<>();

        // When: 200 events/s for 12 s
        long total = new SimulationLoop(simulator(), 200, clock, clock::advance)
                .run(Duration.ofSeconds(12), 0, events::add, () -> false, reports::add);

        // Then
        assertThat(total).isEqualTo(events.size()).isBetween(2_390L, 2_400L);
        assertThat(events.get(events.size() - 1).occurredAt()).isBefore(MONDAY_TEN.plusSeconds(12));
        assertThat(reports).hasSize(3);
        assertThat(reports.get(0).perSecond()).isBetween(195.0, 205.0);
        assertThat(reports.get(reports.size() - 1).total()).isEqualTo(total);
    }

    @Test
    void shouldSlowDownOutsideWorkingTime() {
        FakeClock clock = new FakeClock(SUNDAY_TEN);

        long total = new SimulationLoop(simulator(), 200, clock, clock::advance)
                .run(Duration.ofSeconds(10), 0, e -> {}, () -> false, p -> {});

        assertThat(total).isBetween(490L, 500L);
    }

    @Test
    void shouldStopAtTheCountOrWhenAsked() {
        FakeClock clock = new FakeClock(MONDAY_TEN);
        SimulationLoop loop = new SimulationLoop(simulator(), 1_000, clock, clock::advance);

        assertThat(loop.run(null, 1_234, e -> {}, () -> false, p -> {})).isEqualTo(1_234);
        assertThat(loop.run(null, 0, e -> {}, () -> true, p -> {})).isZero();
    }

    @Test
    void shouldRefuseARateThatIsNotPositive() {
        assertThatThrownBy(() -> new SimulationLoop(simulator(), 0, Clock.systemUTC()))
                .hasMessageContaining("rate must be a positive number");
    }
}
