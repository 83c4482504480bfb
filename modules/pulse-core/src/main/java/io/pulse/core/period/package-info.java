/** Calendar periods in a business time zone; {@link io.pulse.core.period.Period#containing} is the entry point. */
package io.pulse.core.period;
