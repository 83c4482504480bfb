package io.pulse.core.plan;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One step of {@code scoring: steps}: a fact of at least {@code from} earns {@code coef} (1 = 100%).
 */
public record Step(BigDecimal from, BigDecimal coef) {
    public Step {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(coef, "coef");
    }
}
