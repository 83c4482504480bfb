/**
 * Who may see whose numbers (SPEC §10): identities from static API tokens and OIDC JWTs ({@link
 * io.pulse.app.access.Authenticator}), the one table of what each role may read ({@link
 * io.pulse.app.access.Authorizer}), identities carried across forwarded queries ({@link
 * io.pulse.app.access.ForwardingTokens}), browser sessions for the event stream ({@link io.pulse.app.access.Sessions})
 * and per-client rate limits. Every signature and hash is computed by nimbus-jose-jwt or the JDK; nothing here
 * implements cryptography.
 */
package io.pulse.app.access;
