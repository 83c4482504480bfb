/**
 * The failure suite: Pulse as real processes (the service as {@code java -jar pulse.jar run}, the broker and
 * development registry as {@code pulse broker}) killed, restarted, scaled and fed garbage while events flow, and its
 * outputs compared with a truth computed here from pulse-core afterwards. See {@link io.pulse.it.failure.Verdict}
 * for what every scenario must show.
 */
package io.pulse.it.failure;
