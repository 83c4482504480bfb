package io.pulse.it.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.pulse.app.access.Caller;
import io.pulse.app.access.ForwardingTokens;
import io.pulse.app.access.Role;
import io.pulse.app.access.TokenHash;
import io.pulse.app.config.PulseConfig;
import io.pulse.app.http.HttpApi;
import io.pulse.app.http.HttpApiComponent;
import io.pulse.app.service.PulseService;
import io.pulse.dev.Main;
import io.pulse.it.KafkaCluster;
import io.pulse.it.WithKafkaCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * SPEC §10 end to end: two service instances ({@code pulse run}'s {@link PulseService} with the HTTP API) with
 * {@code auth.mode: oidc} on the shared broker, tokens from a real OIDC provider running in the test, plans and a
 * directory loaded with the command line. The authorization matrix (each kind of caller × each endpoint × own and
 * other scopes) gives the same statuses from both instances, whichever owns the key; the stream gives each
 * connection exactly what its caller may see; a forwarded identity keeps the caller's rights and a forged one gets
 * nothing.
 *
 * <p>Directory: e-1 and e-2 in team north, e-3 in south. The lead is north's.
 */
@WithKafkaCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String ISSUER_ID = "pulse";
    private static final String AUDIENCE = "pulse-api";
    private static final String SECRET = "forwarding-secret-of-the-two-instances-0123456789";
    private static final String ADMIN_TOKEN = TokenHash.newToken();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a stream's lines end with when the server ends the connection. */
    private static final String ENDED = "(the server ended the stream)";

    @TempDir
    static Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private MockOAuth2Server oidc;
    private Path config;
    private HttpApi first;
    private HttpApi second;
    private int batch;

    /** The callers of the matrix: name → Authorization header value (null: none). */
    private final Map<String, String> callers = new LinkedHashMap<>();

    @BeforeAll
    void startEverything(KafkaCluster kafka) throws Exception {
        oidc = new MockOAuth2Server();
        oidc.start();
        closing.add(oidc::shutdown);
        String prefix = kafka.uniqueName("access") + ".";
        String app = kafka.uniqueName("pulse-access");
        config = Files.writeString(dir.resolve("pulse.yaml"), """
                kafka:
                  bootstrap.servers: %s
                registry:
                  url: mem://%s
                streams:
                  applicationId: %s
                  topicPrefix: %s
                  partitions: 4
                  replicationFactor: 1
                  emitInterval: PT0.2S
                  commitInterval: PT0.1S
                http:
                  host: localhost
                  port: 0
                  rateLimit: 0          # the matrix sends hundreds of requests a second from one address
                auth:
                  mode: oidc
                  protectMetrics: true
                  forwardingSecret: %s
                  tokens:
                    - { name: ops, role: admin, hash: %s }
                  oidc:
                    issuer: %s
                    audience: %s
                    jwksUrl: %s
                    roleClaim: pulse_role
                    subjectClaim: pulse_subject
                    clientId: pulse-dashboard
                """.formatted(
                        kafka.bootstrapServers(),
                        kafka.uniqueName("access-registry"),
                        app,
                        prefix,
                        SECRET,
                        TokenHash.sha256Hex(ADMIN_TOKEN),
                        oidc.issuerUrl(ISSUER_ID),
                        AUDIENCE,
                        oidc.jwksUrl(ISSUER_ID)));

        ok(pulse("topics", "create", "--config", config.toString()));
        ok(pulse(
                "directory",
                "load",
                "--config",
                config.toString(),
                Files.writeString(dir.resolve("dir.yaml"), """
                - { employee: e-1, team: north }
                - { employee: e-2, team: north }
                - { employee: e-3, team: south }
                """).toString()));
        ok(pulse(
                "plans",
                "load",
                "--config",
                config.toString(),
                Files.writeString(dir.resolve("plans.yaml"), """
                - { scope: employee, id: e-1, period: month, plannedBonus: 100, kpis: [{ kpi: orders, target: 2, weight: 1 }] }
                - { scope: employee, id: e-2, period: month, plannedBonus: 100, kpis: [{ kpi: orders, target: 2, weight: 1 }] }
                - { scope: employee, id: e-3, period: month, plannedBonus: 100, kpis: [{ kpi: orders, target: 2, weight: 1 }] }
                - { scope: team, id: north, period: month, plannedBonus: 100, kpis: [{ kpi: orders, target: 4, weight: 1 }] }
                - { scope: team, id: south, period: month, plannedBonus: 100, kpis: [{ kpi: orders, target: 4, weight: 1 }] }
                """).toString()));

        first = start("first");
        second = start("second");

        callers.put("employee", bearer(token("e-1", "employee", AUDIENCE, 3600)));
        callers.put("lead", bearer(token("north", "lead", AUDIENCE, 3600)));
        callers.put("admin", bearer(token("boss", "admin", AUDIENCE, 3600)));
        callers.put("static admin", bearer(ADMIN_TOKEN));
        callers.put("no token", null);
        callers.put("expired", bearer(token("e-1", "employee", AUDIENCE, -600)));
        callers.put("wrong audience", bearer(token("e-1", "admin", "another-api", 3600)));
        SignedJWT admin = oidc.issueToken(ISSUER_ID, "pulse-dashboard", callback("boss", "admin", AUDIENCE, 3600));
        SignedJWT employee = oidc.issueToken(ISSUER_ID, "pulse-dashboard", callback("e-1", "employee", AUDIENCE, 3600));
        String[] a = admin.serialize().split("\\.");
        String[] e = employee.serialize().split("\\.");
        callers.put("wrong signature", bearer(a[0] + "." + a[1] + "." + e[2]));
        callers.put("alg none", bearer(new PlainJWT(admin.getJWTClaimsSet()).serialize()));
        callers.put("garbage", "Bearer not-a-token");

        produceBatch();
        String adminAuth = callers.get("admin");
        await("scorecards and PLAN_MET alerts of the first batch")
                .atMost(PATIENCE)
                .untilAsserted(() -> {
                    for (String path : List.of(
                            "/api/v1/scorecards/employee/e-3?period=month",
                            "/api/v1/scorecards/team/north?period=month",
                            "/api/v1/scorecards/employee/e-2?period=month")) {
                        assertThat(get(first, path, adminAuth).statusCode())
                                .as(path)
                                .isEqualTo(200);
                    }
                    JsonNode alerts =
                            json(get(first, "/api/v1/alerts", adminAuth).body());
                    assertThat(alerts.get("alerts").findValuesAsText("scopeId")).contains("e-1", "e-3", "north");
                });
    }

    @AfterAll
    void closeEverything() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    /**
     * The matrix. Columns: employee e-1, lead of north, admin (OIDC), admin (static token); every other caller
     * (none, expired, wrong audience, wrong signature, alg none, garbage) gets 401 wherever credentials are needed.
     */
    @Test
    void shouldAnswerEveryCallerOnEveryEndpointAsTheTableSays() throws Exception {
        Instant now = Instant.now();
        String day = "period=day&from=" + now.minus(Duration.ofDays(2)) + "&to=" + now;
        // path, employee, lead, admin (both admins)
        Object[][] rows = {
            {"/api/v1/kpis/employee/e-1?period=day", 200, 200, 200},
            {"/api/v1/kpis/employee/e-2?period=day", 403, 200, 200},
            {"/api/v1/kpis/employee/e-3?period=day", 403, 403, 200},
            {"/api/v1/kpis/employee/e-1?" + day, 200, 200, 200},
            {"/api/v1/kpis/employee/e-3?" + day, 403, 403, 200},
            {"/api/v1/kpis/team/north?period=day", 403, 200, 200},
            {"/api/v1/kpis/team/south?period=day", 403, 403, 200},
            {"/api/v1/kpis/campaign/c-1?period=day", 200, 200, 200},
            {"/api/v1/kpis/channel/search?period=day", 200, 200, 200},
            {"/api/v1/kpis/company/all?" + day, 200, 200, 200},
            {"/api/v1/scorecards/employee/e-1?period=month", 200, 200, 200},
            {"/api/v1/scorecards/employee/e-2?period=month", 403, 200, 200},
            {"/api/v1/scorecards/employee/e-3?period=month", 403, 403, 200},
            {"/api/v1/scorecards/team/north?period=month", 403, 200, 200},
            {"/api/v1/scorecards/team/south?period=month", 403, 403, 200},
            {"/api/v1/scorecards/company/all?period=month", 403, 403, 404},
            {"/api/v1/alerts?scope=employee&scopeId=e-1", 200, 200, 200},
            {"/api/v1/alerts?scope=employee&scopeId=e-3", 403, 403, 200},
            {"/api/v1/alerts?scope=team&scopeId=north", 403, 200, 200},
            {"/api/v1/alerts", 200, 200, 200},
            {"/api/v1/me", 200, 200, 200},
            {"/metrics", 403, 403, 200},
            {"/api/v1/auth/config", 200, 200, 200},
            {"/health/live", 200, 200, 200},
        };
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (Object[] row : rows) {
            String path = (String) row[0];
            boolean open = path.startsWith("/health") || path.equals("/api/v1/auth/config");
            for (Map.Entry<String, String> caller : callers.entrySet()) {
                int expected = switch (caller.getKey()) {
                    case "employee" -> (int) row[1];
                    case "lead" -> (int) row[2];
                    case "admin", "static admin" -> (int) row[3];
                    default -> open ? 200 : 401;
                };
                for (HttpApi instance : List.of(first, second)) {
                    HttpResponse<String> r = get(instance, path, caller.getValue());
                    checked++;
                    if (r.statusCode() != expected) {
                        mismatches.add(caller.getKey() + " GET " + path + " on " + instance.applicationServer()
                                + ": expected " + expected + ", got " + r.statusCode() + " " + r.body());
                    } else if (expected == 401 || expected == 403) {
                        // One line of reason, and nothing else.
                        JsonNode body = json(r.body());
                        if (body.size() != 1
                                || !body.has("error")
                                || body.get("error").asText().contains("\n")) {
                            mismatches.add(caller.getKey() + " GET " + path + ": body " + r.body());
                        }
                    }
                }
            }
        }
        assertThat(mismatches).isEmpty();
        System.out.println("access matrix: " + checked + " requests, " + rows.length + " endpoints x " + callers.size()
                + " callers x 2 instances");

        // The lists are filtered, not only guarded: each caller's alert list holds exactly what it may see
        assertThat(alertScopes("employee")).containsOnly("employee|e-1");
        assertThat(alertScopes("lead")).contains("employee|e-1", "team|north").doesNotContain("employee|e-3");
        assertThat(alertScopes("admin")).contains("employee|e-1", "employee|e-3", "team|north");
        assertThat(json(get(first, "/api/v1/me", callers.get("lead")).body()).toString())
                .isEqualTo("{\"role\":\"lead\",\"subject\":\"north\"}");
        JsonNode authConfig =
                json(get(second, "/api/v1/auth/config", (String) null).body());
        assertThat(authConfig.get("mode").asText()).isEqualTo("oidc");
        assertThat(authConfig.at("/oidc/issuer").asText())
                .isEqualTo(oidc.issuerUrl(ISSUER_ID).toString());
        assertThat(authConfig.at("/oidc/authorizationEndpoint").asText())
                .startsWith(oidc.issuerUrl(ISSUER_ID).toString());
        assertThat(authConfig.at("/oidc/tokenEndpoint").asText())
                .startsWith(oidc.issuerUrl(ISSUER_ID).toString());
        assertThat(authConfig.at("/oidc/clientId").asText()).isEqualTo("pulse-dashboard");
    }

    @Test
    void shouldKeepTheCallersRightsOnAForwardedRequestAndGiveAForgedOneNothing() throws Exception {
        // Given: the instance that owns e-3's scorecard, found by asking the other one as an admin
        String path = "/api/v1/scorecards/employee/e-3?period=month";
        HttpResponse<String> viaFirst = get(first, path, callers.get("admin"));
        String owner = viaFirst.headers().firstValue("X-Pulse-Served-By").orElseThrow();
        HttpApi ownerApi = owner.equals(first.applicationServer()) ? first : second;
        HttpApi otherApi = ownerApi == first ? second : first;
        // A request through the other instance is forwarded: the employee's and lead's rights hold there too
        assertThat(get(otherApi, path, callers.get("employee")).statusCode()).isEqualTo(403);
        HttpResponse<String> forwarded = get(otherApi, path, callers.get("static admin"));
        assertThat(forwarded.statusCode()).isEqualTo(200);
        assertThat(forwarded.headers().firstValue("X-Pulse-Served-By")).contains(owner);

        // When: identities presented to the owner directly, as a forwarding instance would
        ForwardingTokens sameSecret = new ForwardingTokens(SECRET, otherApi.applicationServer(), Clock.systemUTC());
        ForwardingTokens otherSecret = new ForwardingTokens(
                "not-the-shared-secret-but-long-enough-0123", otherApi.applicationServer(), Clock.systemUTC());
        Caller employee = new Caller(Role.EMPLOYEE, "e-1", "test", null);
        Caller admin = new Caller(Role.ADMIN, null, "test", null);
        HttpResponse<String> genuineEmployee =
                get(ownerApi, path, Map.of(ForwardingTokens.HEADER, sameSecret.sign(employee, owner)));
        HttpResponse<String> genuineAdmin =
                get(ownerApi, path, Map.of(ForwardingTokens.HEADER, sameSecret.sign(admin, owner)));
        Map<String, Map<String, String>> forged = new LinkedHashMap<>();
        forged.put("signed with another secret", Map.of(ForwardingTokens.HEADER, otherSecret.sign(admin, owner)));
        forged.put(
                "addressed to another instance",
                Map.of(ForwardingTokens.HEADER, sameSecret.sign(admin, otherApi.applicationServer())));
        forged.put(
                "unsigned (alg none)",
                Map.of(
                        ForwardingTokens.HEADER,
                        new PlainJWT(SignedJWT.parse(sameSecret.sign(admin, owner))
                                        .getJWTClaimsSet())
                                .serialize()));
        forged.put("garbage", Map.of(ForwardingTokens.HEADER, "admin"));
        forged.put(
                "bare identity headers",
                Map.of(
                        "X-Pulse-Forwarded-By",
                        otherApi.applicationServer(),
                        "X-Pulse-Role",
                        "admin",
                        "X-Pulse-Subject",
                        "e-3",
                        "X-Forwarded-User",
                        "admin"));

        // Then: the owner applies the same table to the identity it verified, and nothing to the forged ones
        assertThat(genuineEmployee.statusCode()).as(genuineEmployee.body()).isEqualTo(403);
        assertThat(genuineAdmin.statusCode()).as(genuineAdmin.body()).isEqualTo(200);
        assertThat(genuineAdmin.body()).isEqualTo(viaFirst.body());
        forged.forEach((what, headers) -> {
            HttpResponse<String> r = get(ownerApi, path, headers);
            assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(401);
            assertThat(r.body()).as(what).startsWith("{\"error\":").doesNotContain("e-3\",\"period");
        });
    }

    @Test
    void shouldStreamToEachConnectionExactlyWhatItsCallerMaySee() throws Exception {
        // Given: the employee on a session cookie (as the dashboard's EventSource), the lead and the admin on bearers
        HttpResponse<String> session = post(first, "/api/v1/session", callers.get("employee"));
        assertThat(session.statusCode()).as(session.body()).isEqualTo(204);
        String setCookie = session.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("pulse_session=").contains("; Path=/api", "; HttpOnly", "; SameSite=Strict");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertThat(json(get(first, "/api/v1/me", Map.of("Cookie", cookie)).body())
                        .has("error"))
                .as("the cookie is for the stream only")
                .isTrue();
        // (the admin last: whatever it receives, the others were connected to receive too)
        List<String> employee = stream(first, Map.of("Cookie", cookie));
        List<String> lead = stream(first, Map.of("Authorization", callers.get("lead")));
        List<String> admin = stream(first, Map.of("Authorization", callers.get("admin")));
        assertThat(streamStatus(first, Map.of())).isEqualTo(401);
        assertThat(streamStatus(first, Map.of("Authorization", callers.get("alg none"))))
                .isEqualTo(401);
        assertThat(streamStatus(first, Map.of("Authorization", callers.get("employee")), "?scope=employee&scopeId=e-3"))
                .isEqualTo(403);

        // When: a second batch of events for everybody
        produceBatch();

        // Then: the admin sees everyone; each other connection exactly the admin's events its caller may see
        await("the admin's stream has every scope's updates")
                .atMost(PATIENCE)
                .untilAsserted(() -> assertThat(keys(admin))
                        .contains(
                                "scorecard|employee|e-3",
                                "scorecard|team|south",
                                "kpi|employee|e-2",
                                "kpi|campaign|c-1",
                                "scorecard|employee|e-1",
                                "kpi|team|north"));
        await("each stream holds exactly what its caller may see")
                .atMost(PATIENCE)
                .untilAsserted(() -> {
                    Set<String> all = keys(admin);
                    assertThat(keys(employee)).isEqualTo(visible(all, "employee"));
                    assertThat(keys(lead)).isEqualTo(visible(all, "lead"));
                });
        assertThat(keys(employee))
                .contains("scorecard|employee|e-1", "kpi|campaign|c-1")
                .noneMatch(k -> k.contains("e-2") || k.contains("e-3") || k.contains("team|"));
        assertThat(keys(lead))
                .contains("scorecard|employee|e-2", "scorecard|team|north")
                .noneMatch(k -> k.contains("e-3") || k.contains("south"));

        // And: the session ends
        HttpResponse<String> logout = delete(first, "/api/v1/session", Map.of("Cookie", cookie));
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(streamStatus(first, Map.of("Cookie", cookie))).isEqualTo(401);
        await("the stream opened with the ended session ends too")
                .atMost(PATIENCE)
                .until(() -> employee.contains(ENDED));
        assertThat(lead).doesNotContain(ENDED);
    }

    /** SPEC §10's table, written out again here (independently of the Authorizer) for the stream. */
    private static Set<String> visible(Set<String> keys, String who) {
        return keys.stream()
                .filter(k -> {
                    String[] p = k.split("\\|");
                    String event = p[0];
                    String scope = p[1];
                    String id = p[2];
                    boolean shared =
                            Set.of("company", "campaign", "channel").contains(scope) && !event.equals("scorecard");
                    return switch (who) {
                        case "employee" -> shared || (scope.equals("employee") && id.equals("e-1"));
                        case "lead" ->
                            shared
                                    || (scope.equals("team") && id.equals("north"))
                                    || (scope.equals("employee")
                                            && Set.of("e-1", "e-2").contains(id));
                        default -> true;
                    };
                })
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** event|scope|id of every event a stream received. */
    private static Set<String> keys(List<String> lines) {
        Set<String> out = new TreeSet<>();
        String event = null;
        for (String line : List.copyOf(lines)) {
            if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ") && event != null) {
                JsonNode data = json(line.substring(6));
                out.add(event + "|" + data.get("scope").asText() + "|"
                        + data.get("scopeId").asText());
                event = null;
            }
        }
        return out;
    }

    private Set<String> alertScopes(String caller) {
        JsonNode alerts =
                json(get(first, "/api/v1/alerts", callers.get(caller)).body()).get("alerts");
        Set<String> out = new TreeSet<>();
        alerts.forEach(
                a -> out.add(a.get("scope").asText() + "|" + a.get("scopeId").asText()));
        return out;
    }

    // ---- fixtures

    private HttpApi start(String name) {
        PulseConfig cfg = PulseConfig.load(
                config, Map.of("PULSE_STREAMS_STATE_DIR", dir.resolve(name).toString()));
        HttpApiComponent component = new HttpApiComponent();
        PulseService service = new PulseService(cfg, List.of(component));
        closing.add(service);
        service.start();
        await(name + " RUNNING").atMost(PATIENCE).until(() -> service.state() == KafkaStreams.State.RUNNING);
        await(name + " reads the outputs")
                .atMost(PATIENCE)
                .until(() -> component.api().outputsAssigned());
        return component.api();
    }

    /** Three orders of e-1, one of e-2, three of e-3, a click on c-1 in channel search, all now. */
    private void produceBatch() throws IOException {
        int n = ++batch;
        String at = Instant.now().toString();
        StringBuilder events = new StringBuilder();
        int[] orders = {3, 1, 3};
        for (int e = 0; e < orders.length; e++) {
            for (int i = 0; i < orders[e]; i++) {
                events.append("{\"type\":\"order\",\"eventId\":\"b")
                        .append(n)
                        .append("-e")
                        .append(e + 1)
                        .append('-')
                        .append(i)
                        .append("\",\"occurredAt\":\"")
                        .append(at)
                        .append("\",\"customerId\":\"cu-")
                        .append(i)
                        .append("\",\"revenue\":10,\"employeeId\":\"e-")
                        .append(e + 1)
                        .append("\"}\n");
            }
        }
        events.append("{\"type\":\"click\",\"eventId\":\"b")
                .append(n)
                .append("-click\",\"occurredAt\":\"")
                .append(at)
                .append("\",\"campaignId\":\"c-1\",\"channel\":\"search\",\"cost\":1}\n");
        ok(pulse(
                "produce",
                "--config",
                config.toString(),
                Files.writeString(dir.resolve("events-" + n + ".jsonl"), events).toString()));
    }

    private String token(String subject, String role, String audience, long expirySeconds) {
        return oidc.issueToken(ISSUER_ID, "pulse-dashboard", callback(subject, role, audience, expirySeconds))
                .serialize();
    }

    private static DefaultOAuth2TokenCallback callback(String subject, String role, String audience, long expiry) {
        return new DefaultOAuth2TokenCallback(
                ISSUER_ID,
                "user-" + subject,
                JOSEObjectType.JWT.getType(),
                List.of(audience),
                Map.of("pulse_role", role, "pulse_subject", subject),
                expiry);
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private record Result(int exitCode, String out, String err) {}

    private static Result pulse(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static void ok(Result r) {
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    // ---- HTTP

    private HttpResponse<String> get(HttpApi api, String path, String authorization) {
        return get(api, path, authorization == null ? Map.of() : Map.of("Authorization", authorization));
    }

    private HttpResponse<String> get(HttpApi api, String path, Map<String, String> headers) {
        return send(api, path, headers, "GET");
    }

    private HttpResponse<String> post(HttpApi api, String path, String authorization) {
        return send(api, path, Map.of("Authorization", authorization), "POST");
    }

    private HttpResponse<String> delete(HttpApi api, String path, Map<String, String> headers) {
        return send(api, path, headers, "DELETE");
    }

    private HttpResponse<String> send(HttpApi api, String path, Map<String, String> headers, String method) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + api.applicationServer() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(b::header);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int streamStatus(HttpApi api, Map<String, String> headers) throws Exception {
        return streamStatus(api, headers, "");
    }

    private int streamStatus(HttpApi api, Map<String, String> headers, String query) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("http://" + api.applicationServer() + "/api/v1/stream" + query))
                .header("Accept", "text/event-stream");
        headers.forEach(b::header);
        HttpResponse<Stream<String>> r = http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
        r.body().close();
        return r.statusCode();
    }

    /** Opens the stream and collects its lines in the background until the test class ends. */
    private List<String> stream(HttpApi api, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        URI.create("http://" + api.applicationServer() + "/api/v1/stream"))
                .header("Accept", "text/event-stream");
        headers.forEach(b::header);
        HttpResponse<Stream<String>> r = http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(
                () -> {
                    try {
                        r.body().forEach(lines::add);
                        lines.add(ENDED);
                    } catch (RuntimeException e) {
                        // closed at the end of the test
                    }
                },
                "stream-reader");
        reader.setDaemon(true);
        reader.start();
        closing.add(r.body()::close);
        await("the stream is connected").atMost(PATIENCE).until(() -> lines.contains(": connected"));
        return lines;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
