/** {@code pulse replay}: {@link io.pulse.dev.replay.Replay} runs the topology over a file on an embedded broker. */
package io.pulse.dev.replay;
