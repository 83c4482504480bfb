package io.pulse.dev.sim;

import picocli.CommandLine;

/** {@code 500/s} or {@code 500}: events per second, more than zero. */
public class RateConverter implements CommandLine.ITypeConverter<Double> {
    /** The same, where {@code 0} means "none at all" (the demo without its simulator). */
    public static final class ZeroAllowed extends RateConverter {
        @Override
        public Double convert(String value) {
            String v = value.strip();
            if (v.equals("0") || v.equals("0/s")) {
                return 0.0;
            }
            return super.convert(value);
        }
    }

    @Override
    public Double convert(String value) {
        String v = value.strip();
        if (v.endsWith("/s")) {
            v = v.substring(0, v.length() - 2).strip();
        }
        try {
            double rate = Double.parseDouble(v);
            if (rate > 0 && !Double.isInfinite(rate)) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a rate such as 500/s");
    }
}
