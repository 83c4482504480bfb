package io.pulse.app.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.pulse.app.access.AccessException;
import io.pulse.app.access.ApiAccess;
import io.pulse.app.access.Authenticator;
import io.pulse.app.access.Caller;
import io.pulse.app.access.ForwardingTokens;
import io.pulse.app.access.RateLimiter;
import io.pulse.app.access.Sessions;
import io.pulse.app.config.AuthSection;
import io.pulse.avro.outputs.Alert;
import io.pulse.avro.outputs.Scorecard;
import io.pulse.core.Scope;
import io.pulse.core.kpi.Kpi;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.measure.MeasureVector;
import io.pulse.core.period.Period;
import io.pulse.core.period.PeriodKind;
import io.pulse.io.json.OutputJson;
import io.pulse.streams.PulseStreamsConfig;
import io.pulse.streams.Topics;
import io.pulse.streams.query.StateQueries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulse's HTTP API (SPEC §7), served by Javalin, JSON in the forms of SPEC §6:
 *
 * <ul>
 *   <li>{@code GET /api/v1/kpis/{scope}/{scopeId}?period=day[&kpi=ctr][&from=ISO[&to=ISO]]}: the KPI values of the
 *       window containing now, or of every window whose start is in {@code [from, to]} ({@code to} defaults to
 *       now), computed from the aggregates store;</li>
 *   <li>{@code GET /api/v1/scorecards/{scope}/{scopeId}?period=month[&at=ISO]}: the scorecard of the plan period
 *       containing {@code at} (default now), 404 when there is none;</li>
 *   <li>{@code GET /api/v1/alerts[?scope=&scopeId=&since=&limit=]}: recent alerts, newest first;</li>
 *   <li>{@code GET /api/v1/stream[?scope=&scopeId=]}: server-sent events {@code kpi}, {@code scorecard} and
 *       {@code alert} as the output topics receive them;</li>
 *   <li>{@code GET /api/v1/scopes/{scope}?period=day[&at=ISO]}: the ids of a scope with values (and, as
 *       {@code scorecards}, with a scorecard) in the period containing {@code at}, from every instance
 *       ({@link ScopeLister});</li>
 *   <li>{@code GET /api/v1/info}: time zone, currency, periods, working time and the KPI catalog, for the
 *       dashboard's formatting;</li>
 *   <li>{@code GET /}: the dashboard, static files from the jar, with uPlot under {@code /vendor/};</li>
 *   <li>{@code GET /health/live}, {@code GET /health/ready} (200 only while Kafka Streams is RUNNING) and
 *       {@code GET /metrics} (Prometheus text).</li>
 * </ul>
 *
 * <p>Access (SPEC §10, {@link ApiAccess}): every {@code /api/} request but {@code GET /api/v1/auth/config} is
 * authenticated (401 otherwise) and each endpoint asks the one {@link io.pulse.app.access.Authorizer} whether the
 * caller may read what it asks for (403 otherwise); the alert list and the stream are filtered per alert and per
 * event. {@code /api/v1/me} says who the caller is, {@code POST/DELETE /api/v1/session} trade a bearer for the
 * session cookie the stream accepts (contract A). Health stays open; {@code /metrics} needs an admin when
 * {@code auth.protectMetrics}. Each client address has a request rate ({@code http.rateLimit}).
 *
 * <p>KPI and scorecard queries are answered from the instance that owns the key ({@link QueryRouter}); alerts and
 * the stream from every instance's own reader of the output topics ({@link OutputTap}). Errors are one line:
 * {@code {"error": "..."}}.
 *
 * <p>Lifecycle: {@link #start()} binds the port (so {@link #applicationServer()} is known before Kafka Streams is
 * created with it as {@code application.server}), {@link #attach(KafkaStreams)} connects the streams client,
 * {@link #close()} stops everything.
 */
public final class HttpApi implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(HttpApi.class);
    private static final String JSON = "application/json";
    private static final int MAX_ALERTS_PER_REQUEST = 1000;
    private static final int DEFAULT_ALERTS_PER_REQUEST = 100;
    private static final int STREAM_QUEUE = 10_000;
    private static final Duration STREAM_KEEP_ALIVE = Duration.ofSeconds(15);
    private static final String CALLER = "pulse.caller";
    private static final String AUTH_CONFIG_PATH = "/api/v1/auth/config";
    private static final String SESSION_PATH = "/api/v1/session";
    private static final String STREAM_PATH = "/api/v1/stream";

    private final HttpApiSettings settings;
    private final PulseStreamsConfig config;
    private final KpiCatalog catalog;
    private final Topics topics;
    private final Map<String, Object> kafkaClientConfig;
    private final Clock clock;
    private final KpiReader kpis;
    private final ApiAccess access;
    private final RateLimiter limiter;
    private volatile ForwardingTokens forwarding;
    private final AlertBuffer alerts;
    private volatile java.util.function.Supplier<java.util.Optional<String>> notReadyWhile = java.util.Optional::empty;
    private final SseHub hub;
    private final DashboardAssets assets = new DashboardAssets();
    private volatile StreamsView streams;
    private Javalin app;
    private OutputTap tap;
    private QueryRouter router;
    private HostInfo self;

    /**
     * @param settings          address, access token and limits
     * @param config            the topology's configuration (zone, periods, grace, KPI catalog)
     * @param topics            Pulse's topics with their serdes (the output topics are read for alerts and the stream)
     * @param kafkaClientConfig {@code bootstrap.servers} and any security settings for the API's own consumer of the
     *                          output topics; null serves no alerts and an empty stream (tests without a broker)
     */
    public HttpApi(
            HttpApiSettings settings, PulseStreamsConfig config, Topics topics, Map<String, Object> kafkaClientConfig) {
        this(settings, config, topics, kafkaClientConfig, Clock.systemUTC());
    }

    /**
     * The API with its access rules ({@code auth:}); the other constructors take them from
     * {@link HttpApiSettings#accessToken()}: one admin token, or open access without one.
     */
    public HttpApi(
            HttpApiSettings settings,
            ApiAccess access,
            PulseStreamsConfig config,
            Topics topics,
            Map<String, Object> kafkaClientConfig) {
        this(settings, access, config, topics, kafkaClientConfig, Clock.systemUTC());
    }

    HttpApi(
            HttpApiSettings settings,
            PulseStreamsConfig config,
            Topics topics,
            Map<String, Object> kafkaClientConfig,
            Clock clock) {
        this(
                settings,
                settings.accessToken() == null
                        ? ApiAccess.open()
                        : ApiAccess.from(
                                AuthSection.unconfigured(),
                                settings.accessToken(),
                                io.pulse.app.access.TeamDirectory.EMPTY,
                                clock),
                config,
                topics,
                kafkaClientConfig,
                clock);
    }

    HttpApi(
            HttpApiSettings settings,
            ApiAccess access,
            PulseStreamsConfig config,
            Topics topics,
            Map<String, Object> kafkaClientConfig,
            Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.config = Objects.requireNonNull(config, "config");
        this.catalog = config.catalog();
        this.topics = Objects.requireNonNull(topics, "topics");
        this.kafkaClientConfig = kafkaClientConfig == null ? null : Map.copyOf(kafkaClientConfig);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.kpis = new KpiReader(catalog, config.zone(), config.grace(), config.currency());
        this.access = Objects.requireNonNull(access, "access");
        this.limiter = new RateLimiter(settings.rateLimit());
        this.alerts = new AlertBuffer(settings.alertBuffer());
        this.hub = new SseHub(settings.maxStreamClients(), STREAM_QUEUE, STREAM_KEEP_ALIVE);
    }

    /** Binds the port and starts reading the output topics; returns this. */
    public synchronized HttpApi start() {
        if (app != null) {
            throw new IllegalStateException("already started");
        }
        Javalin javalin = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            // The dashboard (SPEC §7): static files from the jar at /, open like any web page; its data comes
            // from /api/ with the caller's credentials.
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/dashboard";
                files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "no-cache");
            });
            cfg.http.maxRequestSize = settings.maxRequestSize();
            if (settings.tls() != null) {
                var ssl = TlsSupport.server(settings.tls());
                cfg.jetty.addConnector((server, httpConfig) -> {
                    httpConfig.addCustomizer(new SecureRequestCustomizer(false));
                    ServerConnector connector = new ServerConnector(
                            server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(httpConfig));
                    connector.setHost(settings.host());
                    connector.setPort(settings.port());
                    return connector;
                });
            }
        });
        routes(javalin);
        if (settings.tls() != null) {
            javalin.start();
        } else {
            javalin.start(settings.host(), settings.port());
        }
        app = javalin;
        self = settings.applicationServer(javalin.port());
        forwarding = access.forwarding(QueryRouter.name(self));
        router = new QueryRouter(
                self,
                settings.scheme(),
                settings.forwardTimeout(),
                forwarding,
                settings.tls() == null ? null : TlsSupport.client(settings.tls()));
        if (kafkaClientConfig != null) {
            tap = new OutputTap(kafkaClientConfig, topics, alerts, hub, settings.alertBuffer());
            tap.start();
        }
        LOGGER.info(
                "HTTP API on {}://{}:{} (application.server {}, auth.mode {}, forwarding {}, rate limit {})",
                settings.tls() == null ? "http" : "https",
                settings.host(),
                javalin.port(),
                QueryRouter.name(self),
                access.mode().id(),
                forwarding != null ? "with signed identities" : "with the caller's credentials",
                limiter.enabled() ? limiter.perSecond() + "/s per client" : "none");
        if (access.isOpen()) {
            LOGGER.warn(
                    "auth.mode is none: anyone who reaches {}:{} reads every KPI, scorecard and bonus. "
                            + "Set auth.mode to tokens or oidc outside a demo.",
                    settings.host(),
                    javalin.port());
        }
        return this;
    }

    /** The port the API listens on (the chosen one when the settings said 0). */
    public int port() {
        requireStarted();
        return app.port();
    }

    /** {@code host:port} to give Kafka Streams as {@code application.server}. */
    public String applicationServer() {
        requireStarted();
        return QueryRouter.name(self);
    }

    /** Connects the Kafka Streams client whose state the API serves. */
    public void attach(KafkaStreams kafkaStreams) {
        attach(StreamsView.of(kafkaStreams, self));
    }

    /** The access rules in force. */
    public ApiAccess access() {
        return access;
    }

    void attach(StreamsView view) {
        this.streams = Objects.requireNonNull(view, "view");
    }

    /** Whether the reader of the output topics has found them and reads (alerts and the stream are live). */
    public boolean outputsAssigned() {
        return tap != null && tap.assigned();
    }

    SseHub hub() {
        return hub;
    }

    AlertBuffer alertBuffer() {
        return alerts;
    }

    private void requireStarted() {
        if (app == null) {
            throw new IllegalStateException("the HTTP API is not started");
        }
    }

    private void routes(Javalin javalin) {
        javalin.before("/api/*", this::guard);
        javalin.before("/metrics", this::guardMetrics);
        javalin.get(AUTH_CONFIG_PATH, ctx -> ctx.contentType(JSON).result(access.publicConfig()));
        javalin.get("/api/v1/me", ctx -> ctx.contentType(JSON).result(ApiAccess.me(caller(ctx))));
        javalin.post(SESSION_PATH, this::openSession);
        javalin.delete(SESSION_PATH, this::closeSession);
        javalin.get("/api/v1/kpis/{scope}/{scopeId}", this::kpis);
        javalin.get("/api/v1/scorecards/{scope}/{scopeId}", this::scorecard);
        javalin.get("/api/v1/alerts", this::alerts);
        javalin.get("/api/v1/stream", this::stream);
        javalin.get("/api/v1/scopes/{scope}", this::scopes);
        javalin.get("/api/v1/info", this::info);
        javalin.get("/vendor/{file}", assets::serve);
        javalin.get("/health/live", this::live);
        javalin.get("/health/ready", this::ready);
        javalin.get("/metrics", this::metrics);
        javalin.exception(ApiException.class, (e, ctx) -> {
            if (e.status() == 401) {
                ctx.header("WWW-Authenticate", "Bearer");
            }
            ctx.status(e.status()).contentType(JSON).result(JsonForms.error(e.getMessage()));
        });
        javalin.exception(AccessException.class, (e, ctx) -> {
            if (e.status() == 401) {
                ctx.header("WWW-Authenticate", "Bearer");
            } else if (e.status() == 429) {
                ctx.header("Retry-After", "1");
            }
            Caller c = ctx.attribute(CALLER);
            LOGGER.debug(
                    "{} {} refused ({}): {}",
                    ctx.method(),
                    ctx.path(),
                    c == null ? ctx.ip() : c.describe(),
                    e.getMessage());
            ctx.status(e.status()).contentType(JSON).result(JsonForms.error(e.getMessage()));
        });
        javalin.exception(Exception.class, (e, ctx) -> {
            LOGGER.warn("{} {} failed", ctx.method(), ctx.path(), e);
            ctx.status(500).contentType(JSON).result(JsonForms.error("internal error: " + e));
        });
    }

    /**
     * Before every {@code /api/} handler: the client's rate, then who the caller is. The session cookie counts only
     * on the stream (the one endpoint a browser cannot send a header to); the auth configuration and ending a
     * session need nobody.
     */
    private void guard(Context ctx) {
        String path = ctx.path();
        String forwardedIdentity = ctx.header(ForwardingTokens.HEADER);
        // A forwarded request that verifies was counted by the instance the client called; any other is counted
        // here, so a made-up forwarding header is no way around the limit.
        if (!verifiedForward(forwardedIdentity) && !limiter.tryAcquire(ctx.ip(), System.nanoTime())) {
            throw new AccessException(
                    429, "too many requests: at most " + limiter.perSecond() + " per second from one client");
        }
        boolean isDelete = ctx.method() == io.javalin.http.HandlerType.DELETE;
        if (path.equals(AUTH_CONFIG_PATH) || (path.equals(SESSION_PATH) && isDelete)) {
            return;
        }
        boolean cookieAccepted = path.equals(STREAM_PATH);
        Authenticator.Credentials credentials = new Authenticator.Credentials(
                ctx.header("Authorization"), forwardedIdentity, cookieAccepted ? ctx.cookie(Sessions.COOKIE) : null);
        ctx.attribute(CALLER, access.authenticator().authenticate(credentials, forwarding));
    }

    private boolean verifiedForward(String forwardedIdentity) {
        if (forwardedIdentity == null || forwarding == null || !limiter.enabled()) {
            return false;
        }
        try {
            forwarding.verify(forwardedIdentity);
            return true;
        } catch (AccessException e) {
            return false;
        }
    }

    private void guardMetrics(Context ctx) {
        if (!access.protectMetrics() || access.isOpen()) {
            return;
        }
        Caller c = access.authenticator()
                .authenticate(new Authenticator.Credentials(ctx.header("Authorization"), null, null), null);
        if (!access.authorizer().mayReadMetrics(c)) {
            throw AccessException.forbidden("/metrics is for admins (auth.protectMetrics)");
        }
    }

    private static Caller caller(Context ctx) {
        Caller c = ctx.attribute(CALLER);
        if (c == null) {
            throw AccessException.unauthorized("this API needs an Authorization: Bearer <token> header");
        }
        return c;
    }

    /** {@code POST /api/v1/session}: the bearer's caller in an HttpOnly, SameSite=Strict cookie for the stream. */
    private void openSession(Context ctx) {
        Caller c = caller(ctx);
        if (access.isOpen()) {
            ctx.status(204);
            return;
        }
        if (!c.via().startsWith("token:") && !c.via().equals("oidc")) {
            throw AccessException.unauthorized("a session is opened with an Authorization: Bearer <token> header");
        }
        // A browser holds one pulse_session cookie: the session it had (a reload, another sign-in) is replaced by
        // this one and ends now, instead of staying valid, unreachable, until its expiry.
        access.sessions().close(ctx.cookie(Sessions.COOKIE));
        Sessions.Opened s = access.sessions().open(c);
        ctx.header(
                "Set-Cookie",
                Sessions.COOKIE + "=" + s.id() + "; Path=/api; Max-Age="
                        + s.maxAge().toSeconds() + "; HttpOnly; SameSite=Strict"
                        + (settings.tls() != null ? "; Secure" : ""));
        ctx.header("Cache-Control", "no-store");
        ctx.status(204);
    }

    /** {@code DELETE /api/v1/session}: ends the session and clears the cookie. */
    private void closeSession(Context ctx) {
        access.sessions().close(ctx.cookie(Sessions.COOKIE));
        ctx.header(
                "Set-Cookie",
                Sessions.COOKIE + "=; Path=/api; Max-Age=0; HttpOnly; SameSite=Strict"
                        + (settings.tls() != null ? "; Secure" : ""));
        ctx.status(204);
    }

    private void kpis(Context ctx) {
        Scope scope = Params.scope(ctx.pathParam("scope"));
        String id = Params.scopeId(ctx.pathParam("scopeId"));
        access.authorizer().requireKpis(caller(ctx), scope.id(), id);
        PeriodKind kind = Params.period(ctx.queryParam("period"), config.periods(), null);
        Kpi kpi = Params.kpi(ctx.queryParam("kpi"), catalog);
        Instant from = Params.instant("from", ctx.queryParam("from"), config.zone());
        Instant to = Params.instant("to", ctx.queryParam("to"), config.zone());
        Instant now = clock.instant();
        if (from == null && to != null) {
            throw ApiException.badRequest("to needs from: ask for windows whose start is in [from, to]");
        }
        Instant first;
        Instant last;
        if (from == null) {
            first = Period.containing(kind, now, config.zone()).start();
            last = first;
        } else {
            first = from;
            last = to == null ? now : to;
            KpiReader.checkRange(kind, first, last);
        }
        answer(ctx, router.route(streams, StateQueries.aggregatesStore(), scope.id() + '|' + id, request(ctx), p -> {
            ReadOnlyKeyValueStore<Bytes, MeasureVector> store =
                    streams.store(StateQueries.aggregatesStore(), StateQueries.aggregatesType(), p);
            ArrayNode rows = kpis.read(store, scope, id, kind, first, last, kpi, clock.instant());
            ObjectNode body = JsonForms.object();
            body.put("scope", scope.id());
            body.put("scopeId", id);
            body.put("period", kind.id());
            body.put("from", first.atZone(config.zone()).toOffsetDateTime().toString());
            body.put("to", last.atZone(config.zone()).toOffsetDateTime().toString());
            body.set("values", rows);
            return JsonForms.write(body);
        }));
    }

    private void scorecard(Context ctx) {
        Scope scope = Params.scope(ctx.pathParam("scope"));
        String id = Params.scopeId(ctx.pathParam("scopeId"));
        access.authorizer().requireScorecard(caller(ctx), scope.id(), id);
        PeriodKind kind = Params.period(ctx.queryParam("period"), config.periods(), null);
        Instant at = Params.instant("at", ctx.queryParam("at"), config.zone());
        Period period = Period.containing(kind, at == null ? clock.instant() : at, config.zone());
        answer(ctx, router.route(streams, StateQueries.scorecardsStore(), scope.id() + '|' + id, request(ctx), p -> {
            ReadOnlyKeyValueStore<String, Scorecard> store =
                    streams.store(StateQueries.scorecardsStore(), StateQueries.scorecardsType(), p);
            Scorecard card = StateQueries.scorecard(store, scope, id, kind, period.start())
                    .orElseThrow(() -> ApiException.notFound("no scorecard for " + scope.id() + " " + id + " in the "
                            + kind.id() + " starting " + period.name()));
            return OutputJson.line(card);
        }));
    }

    /** The ids of a scope with values (and with scorecards) in one period, from every instance: {@link ScopeLister}. */
    private void scopes(Context ctx) {
        Scope scope = Params.scope(ctx.pathParam("scope"));
        PeriodKind kind = Params.period(ctx.queryParam("period"), config.periods(), PeriodKind.DAY);
        Instant at = Params.instant("at", ctx.queryParam("at"), config.zone());
        Period period = Period.containing(kind, at == null ? clock.instant() : at, config.zone());
        boolean forwarded = ctx.header(QueryRouter.FORWARDED_BY) != null;
        Caller caller = caller(ctx);
        // Only the ids the caller may see (SPEC §10), here and on every instance asked (it sees the same caller).
        ctx.contentType(JSON)
                .result(ScopeLister.answer(
                        streams,
                        router,
                        request(ctx),
                        scope,
                        period,
                        forwarded,
                        id -> access.authorizer().mayReadKpis(caller, scope.id(), id),
                        id -> access.authorizer().mayReadScorecard(caller, scope.id(), id)));
    }

    /**
     * What the dashboard needs to read the other answers: the business time zone and currency it formats dates
     * and money in, the aggregated periods, working time, and each KPI's unit and direction.
     */
    private void info(Context ctx) {
        ObjectNode body = JsonForms.object();
        body.put("timezone", config.zone().getId());
        body.put("currency", config.currency());
        ArrayNode periods = body.putArray("periods");
        for (PeriodKind k : PeriodKind.values()) {
            if (config.periods().contains(k)) {
                periods.add(k.id());
            }
        }
        ObjectNode wt = body.putObject("workingTime");
        ArrayNode days = wt.putArray("days");
        config.workingTime().days().forEach(d -> days.add(d.name().substring(0, 3)));
        wt.put("from", config.workingTime().from().toString());
        wt.put("to", config.workingTime().to().toString());
        ArrayNode list = body.putArray("kpis");
        for (Kpi k : catalog.all()) {
            list.addObject()
                    .put("id", k.id())
                    .put("unit", k.unit().id())
                    .put("direction", k.direction().name().toLowerCase(java.util.Locale.ROOT))
                    .put("additive", k.additive());
        }
        ctx.contentType(JSON).result(JsonForms.write(body));
    }

    private void alerts(Context ctx) {
        String scope = ctx.queryParam("scope");
        if (scope != null && !scope.isBlank()) {
            scope = Params.scope(scope).id();
        } else {
            scope = null;
        }
        String scopeId = ctx.queryParam("scopeId");
        scopeId = scopeId == null || scopeId.isBlank() ? null : scopeId;
        Caller caller = caller(ctx);
        if (scope != null && scopeId != null) {
            access.authorizer().requireAlerts(caller, scope, scopeId);
        }
        Instant since = Params.instant("since", ctx.queryParam("since"), config.zone());
        int limit = Params.limit(
                ctx.queryParam("limit"),
                DEFAULT_ALERTS_PER_REQUEST,
                Math.min(MAX_ALERTS_PER_REQUEST, settings.alertBuffer()));
        ObjectNode body = JsonForms.object();
        ArrayNode list = body.putArray("alerts");
        for (Alert a : alerts.recent(
                scope,
                scopeId,
                since,
                limit,
                a -> access.authorizer().mayReadAlerts(caller, a.getScope(), a.getScopeId()))) {
            list.add(OutputJson.alert(a));
        }
        ctx.contentType(JSON).result(JsonForms.write(body));
    }

    private void stream(Context ctx) throws Exception {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw new ApiException(406, "the stream is server-sent events: send Accept: text/event-stream");
        }
        if (!hub.accepting()) {
            throw ApiException.unavailable("too many stream clients (" + settings.maxStreamClients() + ")");
        }
        String scope = ctx.queryParam("scope");
        scope = scope == null || scope.isBlank() ? null : Params.scope(scope).id();
        String scopeId = ctx.queryParam("scopeId");
        SseHub.Filter filter = new SseHub.Filter(scope, scopeId == null || scopeId.isBlank() ? null : scopeId);
        Caller caller = caller(ctx);
        access.authorizer().requireFilter(caller, filter.scope(), filter.scopeId());
        var authorizer = access.authorizer();
        java.util.function.Predicate<SseHub.Item> visible = caller.isAdmin()
                ? filter::matches
                : item -> filter.matches(item) && authorizer.maySee(caller, item.event(), item.scope(), item.scopeId());
        // What Javalin's SseHandler does, without its demand for an Accept header of exactly "text/event-stream".
        var res = ctx.res();
        res.setStatus(200);
        res.setCharacterEncoding("UTF-8");
        res.setContentType("text/event-stream");
        res.addHeader("Cache-Control", "no-cache");
        res.addHeader("X-Accel-Buffering", "no");
        res.flushBuffer();
        // The connection lasts as long as its credential: a session until it ends, a JWT until it expires.
        String session = ctx.header("Authorization") == null && ctx.header(ForwardingTokens.HEADER) == null
                ? ctx.cookie(Sessions.COOKIE)
                : null;
        java.util.function.BooleanSupplier valid =
                () -> (caller.expires() == null || clock.instant().isBefore(caller.expires()))
                        && (session == null || access.sessions().find(session) != null);
        ctx.async(task -> task.timeout = 0L, () -> hub.serve(new SseClient(ctx), visible, valid));
    }

    private void live(Context ctx) {
        StreamsView view = streams;
        KafkaStreams.State state = view == null ? null : view.state();
        ObjectNode body = JsonForms.object();
        if (state == KafkaStreams.State.ERROR) {
            // The streams client is dead for good: restarting the process is the cure.
            body.put("status", "dead").put("state", state.name());
            ctx.status(503);
        } else {
            body.put("status", "live");
        }
        ctx.contentType(JSON).result(JsonForms.write(body));
    }

    /** A condition under which the instance is not ready though Kafka Streams runs; its value says why. */
    public void notReadyWhile(java.util.function.Supplier<java.util.Optional<String>> reason) {
        notReadyWhile = Objects.requireNonNull(reason, "reason");
    }

    private void ready(Context ctx) {
        StreamsView view = streams;
        KafkaStreams.State state = view == null ? null : view.state();
        ObjectNode body = JsonForms.object();
        java.util.Optional<String> waiting = notReadyWhile.get();
        if (waiting.isPresent()) {
            body.put("status", "not ready")
                    .put("state", state == null ? "NOT_ATTACHED" : state.name())
                    .put("reason", waiting.get());
            ctx.status(503);
        } else if (state == KafkaStreams.State.RUNNING) {
            body.put("status", "ready").put("state", state.name());
        } else {
            body.put("status", "not ready").put("state", state == null ? "NOT_ATTACHED" : state.name());
            ctx.status(503);
        }
        ctx.contentType(JSON).result(JsonForms.write(body));
    }

    private void metrics(Context ctx) {
        PrometheusText text = new PrometheusText();
        StreamsView view = streams;
        KafkaStreams.State state = view == null ? null : view.state();
        for (KafkaStreams.State s : KafkaStreams.State.values()) {
            text.sample(
                    "pulse_streams_state",
                    "gauge",
                    "1 for the current state of the Kafka Streams client",
                    Map.of("state", s.name()),
                    s == state ? 1 : 0);
        }
        text.gauge("pulse_http_alerts_buffered", "Alerts held for /api/v1/alerts", alerts.size());
        text.gauge("pulse_http_stream_clients", "Open /api/v1/stream connections", hub.clients());
        text.counter("pulse_http_stream_events_total", "Events sent to stream clients", hub.sent());
        text.counter(
                "pulse_http_stream_dropped_total",
                "Updates dropped for stream clients that fell behind",
                hub.dropped());
        if (tap != null) {
            text.counter(
                    "pulse_http_output_records_total", "Output records read for alerts and the stream", tap.records());
            text.counter(
                    "pulse_http_output_undecodable_total", "Output records that did not decode", tap.undecodable());
        }
        if (view != null) {
            var metrics = view.metrics();
            PulseMetrics.add(text, metrics, topics);
            text.kafka(metrics);
        }
        JvmMetrics.add(text);
        ctx.contentType(PrometheusText.CONTENT_TYPE).result(text.render());
    }

    private static QueryRouter.Request request(Context ctx) {
        return new QueryRouter.Request(ctx.path(), ctx.queryString(), ctx::header, caller(ctx));
    }

    private static void answer(Context ctx, QueryRouter.Answer a) {
        ctx.status(a.status())
                .contentType(a.contentType())
                .header(QueryRouter.SERVED_BY, a.servedBy())
                .result(a.body());
    }

    /** Stops serving: closes stream connections, the reader of the outputs and the server. */
    @Override
    public synchronized void close() {
        if (app == null) {
            return;
        }
        hub.close();
        if (tap != null) {
            tap.close();
        }
        app.stop();
        app = null;
        LOGGER.info("HTTP API stopped");
    }

    /** Same as {@link #close()}. */
    public void stop() {
        close();
    }
}
