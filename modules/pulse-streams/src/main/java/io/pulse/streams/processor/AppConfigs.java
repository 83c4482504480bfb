package io.pulse.streams.processor;

import java.util.Map;

/** Reads Kafka Streams application settings as processors see them ({@code ProcessorContext#appConfigs}). */
final class AppConfigs {
    private AppConfigs() {}

    /** The first of {@code keys} that is set, as milliseconds; {@code fallback} when none is or it is not a number. */
    static long millis(Map<String, Object> configs, long fallback, String... keys) {
        for (String key : keys) {
            Object v = configs.get(key);
            if (v != null) {
                try {
                    return Long.parseLong(v.toString().trim());
                } catch (NumberFormatException e) {
                    return fallback;
                }
            }
        }
        return fallback;
    }
}
