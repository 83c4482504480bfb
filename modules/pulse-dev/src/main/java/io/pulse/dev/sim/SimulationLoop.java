package io.pulse.dev.sim;

import io.pulse.io.events.InputEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Paces a {@link Simulator}: {@code rate} events per second in working time (times
 * {@link Simulator#intensity} outside it), each stamped with the clock's now, until a duration, a count or a
 * stop request ends it. Reports progress every {@link #REPORT_EVERY}.
 *
 * <pre>{@code
 * new SimulationLoop(simulator, 500, Clock.systemUTC()).run(Duration.ofMinutes(10), 0, sink, stopped::get, report);
 * }</pre>
 */
public final class SimulationLoop {
    /** How often progress is reported. */
    public static final Duration REPORT_EVERY = Duration.ofSeconds(5);
    /** Events are released in slices this long, so the rate is smooth but the loop does not spin. */
    static final Duration TICK = Duration.ofMillis(10);

    /** What happened since the last report. */
    public record Progress(long total, long sinceLast, Duration interval) {
        /** Events per second over the interval. */
        public double perSecond() {
            return interval.isZero() ? 0 : sinceLast * 1e9 / interval.toNanos();
        }
    }

    /** How the loop waits; tests advance a fake clock instead of waiting. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration d);
    }

    private final Simulator simulator;
    private final double rate;
    private final Clock clock;
    private final Pause pause;

    public SimulationLoop(Simulator simulator, double ratePerSecond, Clock clock) {
        this(simulator, ratePerSecond, clock, d -> LockSupport.parkNanos(d.toNanos()));
    }

    public SimulationLoop(Simulator simulator, double ratePerSecond, Clock clock, Pause pause) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException(
                    "rate must be a positive number of events per second, was " + ratePerSecond);
        }
        this.simulator = Objects.requireNonNull(simulator, "simulator");
        this.rate = ratePerSecond;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    /**
     * Runs until {@code duration} has passed (null: no limit), {@code maxEvents} were emitted (0: no limit) or
     * {@code stop} says so; returns how many events were emitted.
     */
    public long run(
            Duration duration,
            long maxEvents,
            Consumer<InputEvent> sink,
            BooleanSupplier stop,
            Consumer<Progress> progress) {
        Instant start = clock.instant();
        Instant end = duration == null ? null : start.plus(duration);
        Instant last = start;
        Instant lastReport = start;
        long reportedAt = 0;
        double owed = 0;
        long total = 0;
        while (!stop.getAsBoolean() && (maxEvents <= 0 || total < maxEvents)) {
            Instant now = clock.instant();
            if (end != null && !now.isBefore(end)) {
                break;
            }
            owed += rate
                    * simulator.intensity(now)
                    * Duration.between(last, now).toNanos()
                    / 1e9;
            last = now;
            long due = (long) owed;
            if (maxEvents > 0) {
                due = Math.min(due, maxEvents - total);
            }
            for (long i = 0; i < due; i++) {
                sink.accept(simulator.next(now));
            }
            owed -= due;
            total += due;
            if (Duration.between(lastReport, now).compareTo(REPORT_EVERY) >= 0) {
                progress.accept(new Progress(total, total - reportedAt, Duration.between(lastReport, now)));
                lastReport = now;
                reportedAt = total;
            }
            if (due == 0) {
                pause.pause(TICK);
            }
        }
        Instant now = clock.instant();
        if (total > reportedAt) {
            progress.accept(new Progress(total, total - reportedAt, Duration.between(lastReport, now)));
        }
        return total;
    }
}
