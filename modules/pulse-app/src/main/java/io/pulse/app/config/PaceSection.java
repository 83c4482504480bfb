package io.pulse.app.config;

import io.pulse.streams.PulseStreamsConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code pace:} the daily-plan pace alerts of SPEC §5.
 *
 * @param tolerance  {@code PACE_BEHIND} fires when the fact is below the expected progress x (1 - tolerance);
 *                   at least 0 and below 1
 * @param minElapsed no pace alert before this share of a period's working time has passed (at least 0, below 1),
 *                   so the first minutes of a day do not alarm everyone
 * @param interval   how often every plan's pace is checked on wall-clock time, for people with no events at all
 */
public record PaceSection(BigDecimal tolerance, BigDecimal minElapsed, Duration interval) {
    public static final List<String> KEYS = List.of("tolerance", "minElapsed", "interval");
    public static final BigDecimal DEFAULT_TOLERANCE = PulseStreamsConfig.DEFAULT_PACE_TOLERANCE;
    public static final BigDecimal DEFAULT_MIN_ELAPSED = PulseStreamsConfig.DEFAULT_PACE_MIN_ELAPSED;
    public static final Duration DEFAULT_INTERVAL = PulseStreamsConfig.DEFAULT_PACE_INTERVAL;

    public PaceSection {
        Objects.requireNonNull(tolerance, "tolerance");
        Objects.requireNonNull(minElapsed, "minElapsed");
        Objects.requireNonNull(interval, "interval");
        if (tolerance.signum() < 0 || tolerance.compareTo(BigDecimal.ONE) >= 0) {
            throw new InvalidConfigException(
                    "pace.tolerance",
                    "'" + tolerance.toPlainString()
                            + "' must be at least 0 and below 1 (0.2 means 20% behind the expected progress)");
        }
        if (minElapsed.signum() < 0 || minElapsed.compareTo(BigDecimal.ONE) >= 0) {
            throw new InvalidConfigException(
                    "pace.minElapsed",
                    "'" + minElapsed.toPlainString()
                            + "' must be at least 0 and below 1 (0.1 means after a tenth of the working time)");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new InvalidConfigException("pace.interval", "'" + interval + "' must be positive");
        }
    }

    public static PaceSection defaults() {
        return new PaceSection(DEFAULT_TOLERANCE, DEFAULT_MIN_ELAPSED, DEFAULT_INTERVAL);
    }

    static PaceSection read(ConfigReader r) {
        PaceSection section = new PaceSection(
                r.decimal("tolerance", DEFAULT_TOLERANCE),
                r.decimal("minElapsed", DEFAULT_MIN_ELAPSED),
                r.duration("interval", DEFAULT_INTERVAL));
        r.finish();
        return section;
    }
}
