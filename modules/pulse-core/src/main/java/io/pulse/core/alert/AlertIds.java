package io.pulse.core.alert;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Stable alert ids: a name-based UUID of the parts that identify one crossing (rule or type, KPI, scope, id,
 * period start, ...), so a replay or a retry produces the same {@code alertId} and consumers can de-duplicate.
 */
public final class AlertIds {
    private AlertIds() {}

    /**
     * The name-based (type 3) UUID of the parts, as a string. Each part is length-prefixed, so
     * {@code ("ab", "c")} and {@code ("a", "bc")} differ.
     */
    public static String of(String... parts) {
        StringBuilder sb = new StringBuilder("pulse-alert");
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p == null) {
                throw new NullPointerException("alert id part #" + (i + 1) + " is null");
            }
            sb.append('\u0000').append(p.length()).append(':').append(p);
        }
        return UUID.nameUUIDFromBytes(sb.toString().getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
