package io.pulse.app.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.pulse.app.json.OutputJson;
import io.pulse.avro.outputs.Alert;
import io.pulse.avro.outputs.Scorecard;
import io.pulse.core.Scope;
import io.pulse.core.kpi.Kpi;
import io.pulse.core.kpi.KpiCatalog;
import io.pulse.core.measure.MeasureVector;
import io.pulse.core.period.Period;
import io.pulse.core.period.PeriodKind;
import io.pulse.streams.PulseStreamsConfig;
import io.pulse.streams.PulseTopology;
import io.pulse.streams.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
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
 *   <li>{@code GET /health/live}, {@code GET /health/ready} (200 only while Kafka Streams is RUNNING) and
 *       {@code GET /metrics} (Prometheus text).</li>
 * </ul>
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

    private final HttpApiSettings settings;
    private final PulseStreamsConfig config;
    private final KpiCatalog catalog;
    private final Topics topics;
    private final Map<String, Object> kafkaClientConfig;
    private final Clock clock;
    private final KpiReader kpis;
    private final AccessControl access;
    private final AlertBuffer alerts;
    private volatile java.util.function.Supplier<java.util.Optional<String>> notReadyWhile = java.util.Optional::empty;
    private final SseHub hub;
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
    public HttpApi(HttpApiSettings settings, PulseStreamsConfig config, Topics topics,
                   Map<String, Object> kafkaClientConfig) {
        this(settings, config, topics, kafkaClientConfig, Clock.systemUTC());
    }

    HttpApi(HttpApiSettings settings, PulseStreamsConfig config, Topics topics, Map<String, Object> kafkaClientConfig,
            Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.config = Objects.requireNonNull(config, "config");
        this.catalog = config.catalog();
        this.topics = Objects.requireNonNull(topics, "topics");
        this.kafkaClientConfig = kafkaClientConfig == null ? null : Map.copyOf(kafkaClientConfig);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.kpis = new KpiReader(catalog, config.zone(), config.grace(), config.currency());
        this.access = new AccessControl(settings.accessToken());
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
        });
        routes(javalin);
        javalin.start(settings.host(), settings.port());
        app = javalin;
        self = settings.applicationServer(javalin.port());
        router = new QueryRouter(self, settings.scheme(), settings.forwardTimeout());
        if (kafkaClientConfig != null) {
            tap = new OutputTap(kafkaClientConfig, topics, alerts, hub, settings.alertBuffer());
            tap.start();
        }
        LOGGER.info("HTTP API on http://{}:{} (application.server {}, access {})", settings.host(), javalin.port(),
                QueryRouter.name(self), access.enabled() ? "by bearer token" : "open");
        if (!access.enabled()) {
            LOGGER.warn("The HTTP API needs no token: anyone who reaches port {} reads every KPI and scorecard. "
                    + "Set http.token (PULSE_HTTP_TOKEN) outside a demo.", javalin.port());
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
        attach(StreamsView.of(kafkaStreams));
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
        javalin.before("/api/*", ctx -> access.check(ctx.header("Authorization")));
        javalin.get("/api/v1/kpis/{scope}/{scopeId}", this::kpis);
        javalin.get("/api/v1/scorecards/{scope}/{scopeId}", this::scorecard);
        javalin.get("/api/v1/alerts", this::alerts);
        javalin.get("/api/v1/stream", this::stream);
        javalin.get("/health/live", this::live);
        javalin.get("/health/ready", this::ready);
        javalin.get("/metrics", this::metrics);
        javalin.exception(ApiException.class, (e, ctx) -> {
            if (e.status() == 401) {
                ctx.header("WWW-Authenticate", "Bearer");
            }
            ctx.status(e.status()).contentType(JSON).result(JsonForms.error(e.getMessage()));
        });
        javalin.exception(Exception.class, (e, ctx) -> {
            LOGGER.warn("{} {} failed", ctx.method(), ctx.path(), e);
            ctx.status(500).contentType(JSON).result(JsonForms.error("internal error: " + e));
        });
    }

    private void kpis(Context ctx) {
        Scope scope = Params.scope(ctx.pathParam("scope"));
        String id = Params.scopeId(ctx.pathParam("scopeId"));
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
        answer(ctx, router.route(streams, PulseTopology.AGGREGATES_STORE, scope.id() + '|' + id, request(ctx), p -> {
            ReadOnlyKeyValueStore<Bytes, MeasureVector> store = streams.store(PulseTopology.AGGREGATES_STORE,
                    QueryableStoreTypes.<Bytes, MeasureVector>keyValueStore(), p);
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
        PeriodKind kind = Params.period(ctx.queryParam("period"), config.periods(), null);
        Instant at = Params.instant("at", ctx.queryParam("at"), config.zone());
        Period period = Period.containing(kind, at == null ? clock.instant() : at, config.zone());
        String key = scope.id() + '|' + id + '|' + kind.id() + '|' + period.start().toEpochMilli();
        answer(ctx, router.route(streams, PulseTopology.SCORECARDS_STORE, scope.id() + '|' + id, request(ctx), p -> {
            ReadOnlyKeyValueStore<String, byte[]> store = streams.store(PulseTopology.SCORECARDS_STORE,
                    QueryableStoreTypes.<String, byte[]>keyValueStore(), p);
            byte[] bytes = store.get(key);
            if (bytes == null) {
                throw ApiException.notFound("no scorecard for " + scope.id() + " " + id + " in the " + kind.id()
                        + " starting " + period.name());
            }
            return OutputJson.line(decode(bytes));
        }));
    }

    private static Scorecard decode(byte[] bytes) {
        try {
            return Scorecard.getDecoder().decode(ByteBuffer.wrap(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("a stored scorecard does not decode", e);
        }
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
        Instant since = Params.instant("since", ctx.queryParam("since"), config.zone());
        int limit = Params.limit(ctx.queryParam("limit"), DEFAULT_ALERTS_PER_REQUEST,
                Math.min(MAX_ALERTS_PER_REQUEST, settings.alertBuffer()));
        ObjectNode body = JsonForms.object();
        ArrayNode list = body.putArray("alerts");
        for (Alert a : alerts.recent(scope, scopeId, since, limit)) {
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
        // What Javalin's SseHandler does, without its demand for an Accept header of exactly "text/event-stream".
        var res = ctx.res();
        res.setStatus(200);
        res.setCharacterEncoding("UTF-8");
        res.setContentType("text/event-stream");
        res.addHeader("Cache-Control", "no-cache");
        res.addHeader("X-Accel-Buffering", "no");
        res.flushBuffer();
        ctx.async(task -> task.timeout = 0L, () -> hub.serve(new SseClient(ctx), filter));
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
            body.put("status", "not ready").put("state", state == null ? "NOT_ATTACHED" : state.name())
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
            text.sample("pulse_streams_state", "gauge", "1 for the current state of the Kafka Streams client",
                    Map.of("state", s.name()), s == state ? 1 : 0);
        }
        text.gauge("pulse_http_alerts_buffered", "Alerts held for /api/v1/alerts", alerts.size());
        text.gauge("pulse_http_stream_clients", "Open /api/v1/stream connections", hub.clients());
        text.counter("pulse_http_stream_events_total", "Events sent to stream clients", hub.sent());
        text.counter("pulse_http_stream_dropped_total", "Updates dropped for stream clients that fell behind",
                hub.dropped());
        if (tap != null) {
            text.counter("pulse_http_output_records_total", "Output records read for alerts and the stream",
                    tap.records());
            text.counter("pulse_http_output_undecodable_total", "Output records that did not decode",
                    tap.undecodable());
        }
        if (view != null) {
            var metrics = view.metrics();
            PulseMetrics.add(text, metrics, topics);
            text.kafka(metrics);
        }
        ctx.contentType(PrometheusText.CONTENT_TYPE).result(text.render());
    }

    private static QueryRouter.Request request(Context ctx) {
        return new QueryRouter.Request(ctx.path(), ctx.queryString(), ctx::header);
    }

    private static void answer(Context ctx, QueryRouter.Answer a) {
        ctx.status(a.status()).contentType(a.contentType()).header(QueryRouter.SERVED_BY, a.servedBy()).result(a.body());
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
