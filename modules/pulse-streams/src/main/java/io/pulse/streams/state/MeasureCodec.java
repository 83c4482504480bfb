package io.pulse.streams.state;

import io.pulse.core.measure.Measure;
import io.pulse.core.measure.MeasureVector;

/** Writes a {@link MeasureVector} as a bit mask of its non-zero measures followed by their values. */
public final class MeasureCodec {
    private static final Measure[] MEASURES = Measure.values();

    private MeasureCodec() {}

    public static void write(Bin.Writer w, MeasureVector v) {
        long mask = nonZeroMask(v);
        w.uvarint(mask);
        for (Measure m : MEASURES) {
            if ((mask & (1L << m.ordinal())) != 0) {
                if (m.isMoney()) {
                    w.decimal(v.get(m));
                } else {
                    w.varint(v.count(m));
                }
            }
        }
    }

    public static MeasureVector read(Bin.Reader r) {
        long mask = r.uvarint();
        if (mask == 0) {
            return MeasureVector.EMPTY;
        }
        MeasureVector.Builder b = MeasureVector.builder();
        for (Measure m : MEASURES) {
            if ((mask & (1L << m.ordinal())) != 0) {
                if (m.isMoney()) {
                    b.set(m, r.decimal());
                } else {
                    b.add(m, r.varint());
                }
            }
        }
        return b.build();
    }

    /** Bit mask of the measures whose value is non-zero in {@code v}. */
    public static long nonZeroMask(MeasureVector v) {
        long mask = 0;
        for (Measure m : MEASURES) {
            if (m.isMoney() ? v.get(m).signum() != 0 : v.count(m) != 0) {
                mask |= 1L << m.ordinal();
            }
        }
        return mask;
    }
}
