package io.pulse.serde.registry;

import java.util.List;

/**
 * The answer to a compatibility check.
 *
 * @param compatible true when the schema may be registered
 * @param messages what breaks, readable by people; empty when compatible or when the registry
 *     does not say
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {

    public CompatibilityResult {
        messages = List.copyOf(messages);
    }

    public static CompatibilityResult ok() {
        return new CompatibilityResult(true, List.of());
    }
}
