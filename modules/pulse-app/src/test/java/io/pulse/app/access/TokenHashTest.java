package io.pulse.app.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulse.app.config.AuthSection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenHashTest {

    @Test
    void shouldHashLikeSha256sum() {
        // printf %s test | sha256sum
        assertThat(TokenHash.sha256Hex("test"))
                .isEqualTo("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        assertThat(TokenHash.sha256Hex(""))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void shouldMakeRandomTokensOf256Bits() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String t = TokenHash.newToken();
            assertThat(t).startsWith("pulse_").hasSize("pulse_".length() + 43).matches("pulse_[A-Za-z0-9_-]+");
            tokens.add(t);
        }
        assertThat(tokens).hasSize(100);
    }

    @Test
    void shouldFindTheCallerOfAStoredHashAndNobodyElse() {
        String token = TokenHash.newToken();
        StaticTokens tokens = new StaticTokens(List.of(
                new AuthSection.StaticToken("e1", TokenHash.sha256Hex(token), "employee", "e-1"),
                new AuthSection.StaticToken(
                        "ops", TokenHash.sha256Hex("another-token-of-enough-length"), "admin", null)));

        Caller caller = tokens.find(token);

        assertThat(caller.role()).isEqualTo(Role.EMPLOYEE);
        assertThat(caller.subject()).isEqualTo("e-1");
        assertThat(caller.via()).isEqualTo("token:e1");
        assertThat(tokens.find(token + "x")).isNull();
        assertThat(tokens.find(TokenHash.sha256Hex(token)))
                .as("the hash itself is no token")
                .isNull();
    }
}
