package io.pulse.dev.sim;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/** An ISO-8601 duration such as {@code PT10M}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            Duration d = Duration.parse(value.strip());
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw new CommandLine.TypeConversionException(
                "'" + value + "' is not a positive ISO-8601 duration such as PT10M");
    }
}
