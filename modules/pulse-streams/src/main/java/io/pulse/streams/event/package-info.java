/** Input events after decoding: {@link io.pulse.streams.event.EventMapper} validates and reduces them to measures. */
package io.pulse.streams.event;
