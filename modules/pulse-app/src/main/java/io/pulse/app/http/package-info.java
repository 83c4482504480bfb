/**
 * The HTTP API of SPEC §7: KPI values, scorecards, alerts, a server-sent-event stream, health and Prometheus
 * metrics, answered by any instance (queries for a key another instance owns are forwarded to it). Entry point:
 * {@link io.pulse.app.http.HttpApi}; {@link io.pulse.app.http.HttpApiComponent} runs it inside
 * {@code PulseService} ({@code pulse run}). Who may read what is decided by {@link io.pulse.app.access}, applied
 * to every endpoint and every event of the stream.
 */
package io.pulse.app.http;
