package io.pulse.dev.sim;

import io.pulse.app.config.PulseConfig;
import io.pulse.core.pace.WorkingTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How the {@link Simulator} behaves.
 *
 * @param seed        every random choice follows from it: the same seed and the same clock give the same events
 * @param zone        the business time zone whose working hours shape the day
 * @param currency    the ISO currency of every money field
 * @param workingTime working days and hours
 * @param rhythm      true: fewer events outside working time ({@link Simulator#OFF_HOURS_INTENSITY}), and
 *                    employees close orders and resolve tickets only in working time; false: a flat day (demos
 *                    shown in the evening)
 */
public record SimulatorSettings(long seed, ZoneId zone, String currency, WorkingTime workingTime, boolean rhythm) {
    public SimulatorSettings {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(workingTime, "workingTime");
    }

    /** The zone, currency and working time of {@code config}, with a working-day rhythm. */
    public static SimulatorSettings of(PulseConfig config, long seed) {
        return new SimulatorSettings(seed, config.timezone(), config.currency(), config.workingTime(), true);
    }

    public SimulatorSettings withRhythm(boolean on) {
        return new SimulatorSettings(seed, zone, currency, workingTime, on);
    }
}
