/**
 * The JSON-lines forms of SPEC §2 (input events, {@link io.pulse.app.json.EventJson}) and SPEC §6 (outputs,
 * {@link io.pulse.app.json.OutputJson}), shared by the command line, replay and the HTTP API.
 */
package io.pulse.app.json;
