package io.pulse.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulse.app.config.PulseConfig;
import io.pulse.app.service.ServiceContext;
import io.pulse.streams.RegistryAvroSerdes;
import io.pulse.streams.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class HttpApiComponentTest {
    @Test
    void shouldServeOnTheConfiguredAddressAndAdvertiseTheBoundPortToKafkaStreams() throws Exception {
        // Given: port 0, so only the bound port can be the application.server
        PulseConfig config = PulseConfig.parse("""
                kafka: { bootstrap.servers: "localhost:1" }
                registry: { url: "mem://component-test" }
                http: { host: localhost, port: 0, token: s3cret }
                """, Map.of());
        RegistryAvroSerdes serdes = new RegistryAvroSerdes(config.serdeConfig());
        ServiceContext context = new ServiceContext(
                config,
                config.streamsConfig(),
                new Topics(config.streamsConfig().topicPrefix(), serdes),
                serdes);
        Properties props = config.streamsProperties();
        HttpApiComponent component = new HttpApiComponent();

        // When
        component.start(context, props);
        try {
            // Then
            int port = component.api().port();
            assertThat(port).isPositive();
            assertThat(props).containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:" + port);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> live = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health/live"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
            HttpResponse<String> api = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/alerts"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).as("http.token is required").isEqualTo(401);
        } finally {
            component.close();
        }
    }

    @Test
    void shouldTakeTheApplicationServerAndSchemeFromTheAdvertisedUrl() {
        HttpApiSettings https = HttpApiSettings.of("0.0.0.0", 8080, URI.create("https://pulse-1.pulse"), null);
        assertThat(https.scheme()).isEqualTo("https");
        assertThat(https.applicationServer(8080).host()).isEqualTo("pulse-1.pulse");
        assertThat(https.applicationServer(8080).port()).isEqualTo(443);
        HttpApiSettings plain = HttpApiSettings.of("0.0.0.0", 0, null, "");
        assertThat(plain.scheme()).isEqualTo("http");
        assertThat(plain.accessToken()).as("an empty token means none").isNull();
        assertThat(plain.applicationServer(41234).port()).isEqualTo(41234);
        assertThat(plain.withAccessToken("t").toString()).doesNotContain("=t,").contains("access=bearer token");
        assertThatThrownBy(() -> HttpApiSettings.of("0.0.0.0", 8080, URI.create("ftp://x"), null))
                .hasMessageContaining("is not an http(s) URL");
    }
}
