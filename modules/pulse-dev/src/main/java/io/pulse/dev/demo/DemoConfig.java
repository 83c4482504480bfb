package io.pulse.dev.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.pulse.app.config.AuthSection;
import io.pulse.app.config.InvalidConfigException;
import io.pulse.app.config.PulseConfig;
import io.pulse.app.config.StreamsSection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The demo's configuration: the bundled {@value #RESOURCE} (RUB, sample alert rules, a custom KPI, two
 * partitions, a 1 s emit interval, the API on localhost), the keys of {@code --config FILE} laid over it, the
 * machine's time zone unless one of them names a zone, then the {@code PULSE_*} environment over all of it as
 * for every command. {@link #place} then points it at the demo's own broker, registry, port and state folder.
 */
final class DemoConfig {
    static final String RESOURCE = "demo/pulse-demo.yaml";
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoConfig() {}

    /**
     * @param overrides   a Pulse YAML file whose keys win over the demo's, or null
     * @param env         the environment ({@code PULSE_*} variables win over both files)
     * @param machineZone the zone used when neither file nor environment names one
     * @throws InvalidConfigException one line naming the key, as {@code run} reports it
     */
    static PulseConfig load(Path overrides, Map<String, String> env, ZoneId machineZone) {
        ObjectNode tree = parse(RESOURCE, resource(RESOURCE));
        if (overrides != null) {
            merge(tree, parse(overrides.toString(), read(overrides)));
        }
        if (!tree.hasNonNull("timezone")) {
            tree.put("timezone", machineZone.getId());
        }
        try {
            // JSON is YAML: the merged tree goes through the one loader every command uses.
            return requireLocalWhenOpen(PulseConfig.parse(JSON.writeValueAsString(tree), env));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the merged configuration: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * SPEC §10: the demo is open only on this machine. With {@code auth.mode: none} the API must listen on a
     * loopback address; to share the demo, give it an access configuration.
     */
    static PulseConfig requireLocalWhenOpen(PulseConfig config) {
        boolean open =
                config.auth().mode() == AuthSection.Mode.NONE && config.http().token() == null;
        String host = config.http().host();
        boolean loopback =
                host.equals("localhost") || host.equals("::1") || host.equals("[::1]") || host.startsWith("127.");
        if (open && !loopback) {
            throw new InvalidConfigException(
                    "http.host",
                    "'" + host + "' shares the demo beyond this machine, but "
                            + "auth.mode is none (no credentials): keep 127.0.0.1, or set auth.mode to tokens or oidc");
        }
        return config;
    }

    /** {@code config} on the demo's broker, registry and HTTP port, with its state in {@code stateDir} by default. */
    static PulseConfig place(
            PulseConfig config, String bootstrapServers, String registryUrl, int httpPort, Path stateDir) {
        StreamsSection s = config.streams();
        StreamsSection streams = s.stateDir() != null ? s : s.withStateDir(stateDir);
        return config.withKafka(config.kafka().withBootstrapServers(bootstrapServers))
                .withRegistry(config.registry().withUrls(List.of(registryUrl)))
                .withHttp(config.http().withPort(httpPort))
                .withStreams(streams);
    }

    /** The text of a resource bundled in the jar. */
    static String resource(String name) {
        try (InputStream in = DemoConfig.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no " + name + "; rebuild it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from the jar", e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidConfigException(file.toString(), "no such configuration file");
        } catch (IOException e) {
            throw new InvalidConfigException(file.toString(), "cannot read the configuration file: " + e.getMessage());
        }
    }

    private static ObjectNode parse(String where, String yaml) {
        JsonNode node;
        try {
            node = yaml.isBlank() ? null : YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new InvalidConfigException(
                    where,
                    "not valid YAML"
                            + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": "
                            + e.getOriginalMessage().replaceAll("\\s*\\R\\s*", " "));
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return JSON.createObjectNode();
        }
        if (!node.isObject()) {
            throw new InvalidConfigException(where, "the configuration must be a mapping of keys");
        }
        return (ObjectNode) node;
    }

    /** Lays {@code over} onto {@code base}: mappings merge key by key, anything else (lists too) replaces. */
    static void merge(ObjectNode base, ObjectNode over) {
        Iterator<Map.Entry<String, JsonNode>> fields = over.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode existing = base.get(f.getKey());
            if (existing instanceof ObjectNode target && f.getValue() instanceof ObjectNode source) {
                merge(target, source);
            } else {
                base.set(f.getKey(), f.getValue().deepCopy());
            }
        }
    }
}
