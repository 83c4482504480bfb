package io.pulse.dev.demo;

import io.pulse.app.config.PulseConfig;
import io.pulse.dev.sim.SimulationLoop;
import io.pulse.dev.sim.Simulator;
import io.pulse.dev.sim.SimulatorSettings;
import io.pulse.io.kafka.AvroPublisher;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator on its own thread: {@link SimulationLoop} paces a {@link Simulator} at a rate, events stamped
 * with the wall clock, published as Avro through one idempotent producer. The same day around the clock (no
 * working-day rhythm), so a demo shown in the evening moves as much as one shown at noon.
 */
final class SimulatorRunner implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SimulatorRunner.class);
    private static final Duration JOIN = Duration.ofSeconds(5);

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong failed = new AtomicLong();
    private final AvroPublisher publisher;
    private final Thread thread;

    private SimulatorRunner(PulseConfig config, double rate, long seed) {
        Simulator simulator = new Simulator(SimulatorSettings.of(config, seed).withRhythm(false));
        String prefix = config.streams().topicPrefix();
        this.publisher = AvroPublisher.create(config.kafkaClients(), config.serdeConfig());
        Callback callback = (metadata, error) -> {
            if (error != null && failed.getAndIncrement() == 0) {
                LOGGER.warn(
                        "The simulator could not send an event (later failures are counted, not logged): {}",
                        error.toString());
            }
        };
        this.thread = new Thread(
                () -> {
                    try {
                        new SimulationLoop(simulator, rate, Clock.systemUTC())
                                .run(
                                        null,
                                        0,
                                        event -> publisher.send(prefix, event, callback),
                                        stop::get,
                                        p -> LOGGER.debug(
                                                "Simulator: {} events/s ({} in total)",
                                                String.format(Locale.ROOT, "%,.1f", p.perSecond()),
                                                p.total()));
                    } catch (RuntimeException e) {
                        if (!stop.get()) {
                            LOGGER.error("The simulator stopped after an error; the KPIs stop changing", e);
                        }
                    }
                },
                "pulse-demo-simulator");
        this.thread.setDaemon(true);
    }

    /** Starts producing {@code rate} events per second of the simulator seeded with {@code seed}. */
    static SimulatorRunner start(PulseConfig config, double rate, long seed) {
        SimulatorRunner runner = new SimulatorRunner(config, rate, seed);
        runner.thread.start();
        return runner;
    }

    /** Ends the loop, then sends what is buffered and closes the producer. */
    @Override
    public void close() {
        stop.set(true);
        try {
            thread.join(JOIN.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.close();
        if (failed.get() > 0) {
            LOGGER.warn("The simulator could not send {} events", failed.get());
        }
    }
}
