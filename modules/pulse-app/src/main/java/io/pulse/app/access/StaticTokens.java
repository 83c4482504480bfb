package io.pulse.app.access;

import io.pulse.app.config.AuthSection;
import java.util.List;

/**
 * The static API tokens of {@code auth.tokens}: a presented token is hashed and compared with every stored hash
 * (in constant time each, and always against all of them, so the answer's timing says nothing about which hash came
 * close).
 */
final class StaticTokens {
    private record Entry(String hash, Caller caller) {}

    private final List<Entry> entries;

    StaticTokens(List<AuthSection.StaticToken> tokens) {
        this.entries = tokens.stream()
                .map(t -> new Entry(t.hash(), new Caller(Role.parse(t.role()), t.subject(), "token:" + t.name(), null)))
                .toList();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The caller the token belongs to, or null. */
    Caller find(String token) {
        String hash = TokenHash.sha256Hex(token);
        Caller found = null;
        for (Entry e : entries) {
            if (TokenHash.same(e.hash, hash)) {
                found = e.caller;
            }
        }
        return found;
    }
}
