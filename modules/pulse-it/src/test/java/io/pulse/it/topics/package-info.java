/** Pulse's idempotent topic creation ({@code io.pulse.io.topics}) on a real broker. */
package io.pulse.it.topics;
