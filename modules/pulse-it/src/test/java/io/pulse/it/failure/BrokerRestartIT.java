package io.pulse.it.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code kill -9} of the broker (and the development registry in its JVM) mid-stream, and a restart on the same data
 * directory: the service rides it out without a restart of its own, and the outputs equal the truth.
 */
@ExtendWith(FailureBroker.class)
class BrokerRestartIT {
    private static final int EVENTS = 3000;

    @Test
    void shouldRideOutABrokerCrash(BrokerProcess broker) throws Exception {
        long seed = Scenario.seed();
        try (Scenario s = new Scenario("broker", broker, 0, seed, EVENTS)) {
            ServiceProcess service = s.service("pulse-0").start().awaitReady();
            // The directory applies from when it is read (SPEC §9): the truth needs it read before the events.
            s.awaitControlRead(Duration.ofMinutes(1));
            long pid = service.process().pid();
            s.feeder.start(s.records, 250);
            Awaitility.await()
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> s.feeder.sent() >= s.records.size() * 2 / 5);

            broker.kill();
            long down = System.nanoTime();
            broker.start();
            long up = System.nanoTime();
            Figures.record(
                    "broker kill -9",
                    "broker down (kill to serving again on the same data)",
                    Duration.ofNanos(up - down));

            s.feeder.awaitDone(Duration.ofMinutes(4));
            Verdict verdict = s.awaitVerdict(Duration.ofMinutes(3));
            Figures.record(
                    "broker kill -9", "broker back to every required final", Duration.ofNanos(System.nanoTime() - up));
            assertThat(service.isAlive()).as("the service rode it out").isTrue();
            assertThat(service.process().pid()).isEqualTo(pid);
            assertThat(service.output()).doesNotContain("Kafka Streams stopped after an uncaught error");
            Awaitility.await("ready")
                    .atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> service.get("/health/ready")
                            .map(r -> r.statusCode() == 200)
                            .orElse(false));
            assertThat(verdict.clean()).as(verdict.summary()).isTrue();
        }
    }
}
