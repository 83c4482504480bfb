/** Internal record formats and store keys; {@link io.pulse.streams.state.InternalSerdes} is the entry point. */
package io.pulse.streams.state;
