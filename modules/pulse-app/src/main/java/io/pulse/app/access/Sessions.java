package io.pulse.app.access;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions for the event stream ({@code EventSource} sends no {@code Authorization} header): {@code POST
 * /api/v1/session} with a valid bearer trades it for an opaque, random id in an HttpOnly, SameSite=Strict cookie,
 * mapped here to the caller until the earlier of the token's expiry and {@code auth.sessionTtl}. The map lives in
 * this instance's memory: a restart logs everyone out, and behind a load balancer the stream needs sticky sessions
 * (or the page opens its session on the instance it streams from).
 */
public final class Sessions {
    /** The cookie's name (contract A). */
    public static final String COOKIE = "pulse_session";
    /** Sessions held at most; beyond that the expired are dropped, and then the oldest-expiring. */
    static final int MAX_SESSIONS = 10_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private record Session(Caller caller, Instant expires) {}

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    public Sessions(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A session for {@code caller}; returns its id and expiry. */
    public Opened open(Caller caller) {
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        if (caller.expires() != null && caller.expires().isBefore(expires)) {
            expires = caller.expires();
        }
        if (!expires.isAfter(now)) {
            throw AccessException.unauthorized("the token has expired");
        }
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().removeIf(s -> !s.expires.isAfter(now));
            if (sessions.size() >= MAX_SESSIONS) {
                sessions.entrySet().stream()
                        .min(Map.Entry.comparingByValue(java.util.Comparator.comparing(Session::expires)))
                        .ifPresent(e -> sessions.remove(e.getKey()));
            }
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        sessions.put(id, new Session(caller.via("session", expires), expires));
        return new Opened(id, expires, Duration.between(now, expires));
    }

    /** An opened session: the cookie's value, when it ends, and its max-age. */
    public record Opened(String id, Instant expires, Duration maxAge) {}

    /** The caller of a live session, or null (unknown or expired). */
    public Caller find(String id) {
        if (id == null) {
            return null;
        }
        Session s = sessions.get(id);
        if (s == null) {
            return null;
        }
        if (!s.expires.isAfter(clock.instant())) {
            sessions.remove(id);
            return null;
        }
        return s.caller;
    }

    /** Ends a session; true when there was one. */
    public boolean close(String id) {
        return id != null && sessions.remove(id) != null;
    }

    public int size() {
        return sessions.size();
    }
}
