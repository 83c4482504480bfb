package io.pulse.app.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT as a request to stop, handled by the command rather than by the JVM's shutdown: an orchestrator
 * sends SIGTERM and reads the exit status, and a clean stop should say 0, not the 143 of a JVM ended by a signal.
 * Where the JVM does not offer signal handlers ({@code sun.misc.Signal} is absent), the shutdown hook still stops
 * the service; only the exit status differs.
 */
final class StopSignals {
    private static final Logger LOGGER = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {}

    /** Runs {@code stop} (once per signal, on the JVM's signal thread, so it must not block) on SIGTERM and SIGINT. */
    static void onStop(Runnable stop) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    LOGGER.info("SIG{} received: stopping", name);
                    stop.run();
                });
            } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
                LOGGER.debug("No handler for SIG{} ({}); the shutdown hook stops the service", name, e.toString());
            }
        }
    }
}
