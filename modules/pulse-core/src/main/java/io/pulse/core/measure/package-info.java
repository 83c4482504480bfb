/** The additive measures of SPEC §2; {@link io.pulse.core.measure.MeasureVector} is the aggregate of every window. */
package io.pulse.core.measure;
