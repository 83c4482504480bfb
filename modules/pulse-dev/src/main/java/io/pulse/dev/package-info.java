/** Development-only parts (embedded broker, registry, simulator, replay) and the jar's {@link io.pulse.dev.Main}. */
package io.pulse.dev;
