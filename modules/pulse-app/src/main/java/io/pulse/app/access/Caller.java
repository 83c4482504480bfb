package io.pulse.app.access;

import java.time.Instant;
import java.util.Objects;

/**
 * An authenticated caller of the API.
 *
 * @param role    what they may see
 * @param subject the employee id (employee) or team id (lead); null for an admin without one
 * @param via     how they were identified, for logs: {@code token:<name>}, {@code oidc}, {@code session},
 *                {@code forwarded}, {@code open} (never the credential itself)
 * @param expires when the credential stops being valid (a JWT's {@code exp}), or null when it does not expire
 */
public record Caller(Role role, String subject, String via, Instant expires) {
    /** Everyone, when {@code auth.mode} is {@code none}. */
    public static final Caller OPEN = new Caller(Role.ADMIN, null, "open", null);

    public Caller {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(via, "via");
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** The same caller, identified another way (a session, a forwarded identity). */
    public Caller via(String how, Instant until) {
        return new Caller(role, subject, how, until);
    }

    /** {@code employee e-1 (oidc)}, for logs. */
    public String describe() {
        return role.id() + (subject == null ? "" : " " + subject) + " (" + via + ")";
    }
}
