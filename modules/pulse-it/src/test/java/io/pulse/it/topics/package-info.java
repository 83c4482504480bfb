/** Tests of Pulse's topic names, plan and idempotent creation ({@code io.pulse.app.topics}) on a real broker. */
package io.pulse.it.topics;
