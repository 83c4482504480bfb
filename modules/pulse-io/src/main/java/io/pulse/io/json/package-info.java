/**
 * The JSON-lines forms of SPEC §2 (input events, {@link io.pulse.io.json.EventJson}) and SPEC §6 (outputs,
 * {@link io.pulse.io.json.OutputJson}), shared by the command line, replay and the HTTP API (pulse-app, pulse-dev).
 */
package io.pulse.io.json;
