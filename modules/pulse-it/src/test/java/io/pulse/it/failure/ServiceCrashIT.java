package io.pulse.it.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code kill -9} of the service three times at random points while events flow, once more while it restores its
 * state after a crash; then a SIGTERM that must end it with 0 within {@code streams.shutdownTimeout}, and a restart
 * that does not wait for a session timeout. The outputs must equal the truth with every final exactly once.
 */
@ExtendWith(FailureBroker.class)
class ServiceCrashIT {
    private static final int EVENTS = 4000;
    private static final int RATE = 200;

    @Test
    void shouldLoseAndRepeatNothingWhenKilledAtRandomPoints(BrokerProcess broker) throws Exception {
        long seed = Scenario.seed();
        Random random = new Random(seed);
        try (Scenario s = new Scenario("crash", broker, 0, seed, EVENTS)) {
            ServiceProcess service = s.service("pulse-0").start().awaitReady();
            // The directory applies from when it is read (SPEC §9): the truth needs it read before the events.
            s.awaitControlRead(Duration.ofMinutes(1));
            s.feeder.start(s.records, RATE);

            // Three kills at random points of the flow, each followed by a restart on the same state.
            List<Integer> points = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                points.add((int) (s.records.size() * (0.1 + 0.25 * i + random.nextDouble() * 0.2)));
            }
            for (int point : points) {
                Awaitility.await("the feeder at record " + point)
                        .atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> s.feeder.sent() >= point);
                service.kill();
                long restart = System.nanoTime();
                service.start().awaitReady();
                Figures.record(
                        "service kill -9",
                        "restart to ready (at record " + point + ")",
                        Duration.ofNanos(System.nanoTime() - restart));
            }

            // Once more while it restores: on a new disk (state wiped) everything is rebuilt from the changelogs, and
            // the kill comes as soon as the biggest store starts restoring.
            service.kill();
            service.wipeState();
            service.start();
            service.process().awaitLine("(Restoring pulse-dedupe-generations-store)", ServiceProcess.READY_PATIENCE);
            service.kill();
            boolean midRestore = restoring(service.output());
            Figures.record(
                    "service kill -9", "killed during restoration", midRestore ? "yes" : "no (restoration had ended)");
            long restart = System.nanoTime();
            service.start().awaitReady();
            Figures.record(
                    "service kill -9",
                    "restart to ready after a kill during restoration",
                    Duration.ofNanos(System.nanoTime() - restart));

            s.feeder.awaitDone(Duration.ofMinutes(3));
            long caughtUp = System.nanoTime();
            Verdict verdict = s.awaitVerdict(Duration.ofMinutes(2));
            Figures.record(
                    "service kill -9",
                    "end of input to every required final",
                    Duration.ofNanos(System.nanoTime() - caughtUp));
            assertThat(verdict.clean()).as(verdict.summary()).isTrue();

            // A clean stop: SIGTERM ends it with 0 within the shutdown timeout, having left the group...
            long stop = System.nanoTime();
            Optional<Integer> exit = service.terminate(Duration.ofSeconds(40));
            Duration stopped = Duration.ofNanos(System.nanoTime() - stop);
            Figures.record("clean stop", "SIGTERM to exit", stopped);
            assertThat(exit).as("exit status after SIGTERM").contains(0);
            assertThat(stopped).isLessThan(Duration.ofSeconds(30));
            // ... so a restart gets its partitions at once rather than after the 6 s session timeout.
            long again = System.nanoTime();
            service.start().awaitReady();
            Figures.record("clean stop", "restart to ready after SIGTERM", Duration.ofNanos(System.nanoTime() - again));
            assertThat(service.terminate(Duration.ofSeconds(40))).contains(0);
        }
    }

    /** Whether some store started restoring and had not finished when the process died. */
    private static boolean restoring(String output) {
        long started = output.lines().filter(l -> l.contains("Restoring ")).count();
        long ended = output.lines().filter(l -> l.contains("Restored ")).count();
        return started > ended;
    }
}
