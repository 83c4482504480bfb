package io.pulse.io.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantsTest {

    /** What the direct reading must agree with on every text. */
    private static Instant formatter(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }

    @Test
    void shouldReadEveryWellFormedTextAsTheFormatterDoes() {
        Random random = new Random(20261130L);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(
                    Instant.parse("0001-01-01T00:00:00Z").getEpochSecond(),
                    Instant.parse("9999-12-30T00:00:00Z").getEpochSecond());
            int digits = random.nextInt(10); // 0 to 9 fraction digits
            int nanos = random.nextInt(1_000_000_000);
            int offsetMinutes = random.nextInt(4) == 0 ? 0 : random.nextInt(-18 * 60, 18 * 60 + 1);
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
            OffsetDateTime t = Instant.ofEpochSecond(seconds, nanos).atOffset(offset);
            String base = t.format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss"));
            String fraction =
                    digits == 0 ? "" : "." + String.format("%09d", t.getNano()).substring(0, digits);
            // UTC as Z or as +00:00, any other offset as +HH:MM or -HH:MM
            String zone = offsetMinutes == 0 && random.nextBoolean() ? "Z" : offsetText(offsetMinutes);
            String text = base + fraction + zone;
            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(formatter(text));
        }
    }

    private static String offsetText(int totalMinutes) {
        int abs = Math.abs(totalMinutes);
        return String.format("%s%02d:%02d", totalMinutes < 0 ? "-" : "+", abs / 60, abs % 60);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-02T09:15:00Z",
                "2026-11-02T09:15:00.5Z",
                "2026-11-02T09:15:00.123456789+01:00",
                "2026-11-02T09:15:00-00:00",
                "2024-02-29T23:59:59.999-18:00",
                "0000-01-01T00:00:00+18:00",
                // Forms only the formatter reads: it decides.
                "2026-11-02t09:15:00z",
                "2026-11-02T09:15Z",
                "2026-11-02T09:15:00+01:00:30",
                "2026-11-02T09:15:00.Z", // a point without digits
            })
    void shouldGiveTheFormattersInstant(String text) {
        assertThat(IsoInstants.parse(text)).isEqualTo(formatter(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-02-29T00:00:00Z", // not a leap year
                "2026-04-31T00:00:00Z",
                "2026-13-02T09:15:00Z",
                "2026-11-02T24:00:00Z",
                "2026-11-02T23:60:00Z",
                "2026-11-02T23:59:60Z",
                "2026-11-02T09:15:00+18:01",
                "2026-11-02T09:15:00+05:60",
                "2026-11-02T09:15:00+0100",
                "2026-11-02T09:15:00.1234567891Z",
                "2026-11-02T09:15:00",
                "2026-11-02T09:15:00Z ",
                "2026-11-02 09:15:00Z",
                "+2026-11-02T09:15:00Z",
                "2026-1a-02T09:15:00Z",
                "",
            })
    void shouldRefuseWhatTheFormatterRefuses(String text) {
        assertThatThrownBy(() -> formatter(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoInstants.parse(text)).isInstanceOf(DateTimeParseException.class);
    }
}
