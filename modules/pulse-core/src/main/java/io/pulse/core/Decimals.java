package io.pulse.core;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The decimal places of Pulse's numbers: KPI values, fulfillment, pace and plan levels are computed to, and
 * published at, {@link #SCALE} places (the {@code scale} of every Avro decimal of the output and plan schemas).
 */
public final class Decimals {
    /** Decimal places of every computed ratio and every published or planned decimal. */
    public static final int SCALE = 6;

    private Decimals() {}

    /** {@code d} at {@link #SCALE} places, rounded half-even; {@code null} stays {@code null}. */
    public static BigDecimal scaled(BigDecimal d) {
        return d == null ? null : d.setScale(SCALE, RoundingMode.HALF_EVEN);
    }
}
