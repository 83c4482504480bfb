package io.pulse.app.http;

import io.pulse.app.access.ApiAccess;
import io.pulse.app.config.PulseConfig;
import io.pulse.app.service.ServiceComponent;
import io.pulse.app.service.ServiceContext;
import io.pulse.streams.RegistryAvroSerdes;
import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The HTTP API as a component of {@link io.pulse.app.service.PulseService}: started from the {@code http:} section
 * before Kafka Streams exists, it binds its port and sets the client's {@code application.server} to the address it
 * really serves (so {@code http.port: 0} works too), then serves the client's state once attached. It refuses to
 * start without an access configuration ({@code auth.mode}), whoever starts the service.
 */
public final class HttpApiComponent implements ServiceComponent {
    private HttpApi api;
    private StreamsTeamDirectory directory;

    @Override
    public String name() {
        return "HTTP API";
    }

    @Override
    public void start(ServiceContext context, Properties streamsProperties) {
        PulseConfig config = context.config();
        if (!config.accessConfigured()) {
            throw new IllegalStateException(ApiAccess.notConfigured());
        }
        directory = new StreamsTeamDirectory();
        ApiAccess access = ApiAccess.from(config.auth(), config.http().token(), directory, Clock.systemUTC());
        api = new HttpApi(
                        HttpApiSettings.of(config.http()),
                        access,
                        context.streamsConfig(),
                        context.topics(),
                        config.kafkaClients().consumerProperties())
                .start();
        streamsProperties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, api.applicationServer());
        if (context.serdes() instanceof RegistryAvroSerdes registry) {
            // Events whose schema the registry cannot give right now wait in the decode step: not ready, and why.
            api.notReadyWhile(() -> registry.client().outage().map(o -> "waiting for schema registry: " + o));
        }
    }

    @Override
    public void attach(KafkaStreams streams) {
        directory.attach(streams);
        api.attach(streams);
    }

    /** The running API (its port, for the URLs {@code demo} prints); null before start. */
    public HttpApi api() {
        return api;
    }

    @Override
    public void close() {
        if (api != null) {
            api.close();
        }
    }
}
