package io.pulse.core.alert;

import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;
import java.math.BigDecimal;
import java.util.Objects;

/** A rule's minimum sample: no alert until the window holds at least {@code count} of {@code measure} (SPEC §5). */
public record MinSample(Measure measure, long count) {
    public MinSample {
        Objects.requireNonNull(measure, "measure");
        if (count < 0) {
            throw new IllegalArgumentException("minSample count must not be negative, got " + count);
        }
    }

    public boolean satisfiedBy(MeasureVector v) {
        return v.get(measure).compareTo(BigDecimal.valueOf(count)) >= 0;
    }

    @Override
    public String toString() {
        return measure.id() + " >= " + count;
    }
}
