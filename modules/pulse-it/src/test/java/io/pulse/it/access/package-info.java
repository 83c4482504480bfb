/**
 * Access and security (SPEC §10, issue 11) against real parts: the service on the embedded broker, a real OIDC
 * provider (mock-oauth2-server) issuing the tokens, a second instance for forwarding, and a SASL_SSL broker for
 * Kafka's own security.
 */
package io.pulse.it.access;
