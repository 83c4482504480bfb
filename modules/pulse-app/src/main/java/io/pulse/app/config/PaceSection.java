package io.pulse.app.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * {@code pace:} the daily-plan pace alerts of SPEC §5.
 *
 * @param tolerance {@code PACE_BEHIND} fires when the fact is below the expected progress x (1 - tolerance);
 *                  at least 0 and below 1
 */
public record PaceSection(BigDecimal tolerance) {
    public static final List<String> KEYS = List.of("tolerance");
    public static final BigDecimal DEFAULT_TOLERANCE = new BigDecimal("0.2");

    public PaceSection {
        Objects.requireNonNull(tolerance, "tolerance");
        if (tolerance.signum() < 0 || tolerance.compareTo(BigDecimal.ONE) >= 0) {
            throw new InvalidConfigException("pace.tolerance", "'" + tolerance.toPlainString()
                    + "' must be at least 0 and below 1 (0.2 means 20% behind the expected progress)");
        }
    }

    public static PaceSection defaults() {
        return new PaceSection(DEFAULT_TOLERANCE);
    }

    static PaceSection read(ConfigReader r) {
        PaceSection section = new PaceSection(r.decimal("tolerance", DEFAULT_TOLERANCE));
        r.finish();
        return section;
    }
}
