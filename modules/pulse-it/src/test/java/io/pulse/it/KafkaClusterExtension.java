package io.pulse.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the shared {@link KafkaCluster} on first use and injects it into test constructors,
 * lifecycle methods and test methods that declare a {@code KafkaCluster} parameter. The cluster
 * lives in the root context's store, so one cluster serves every test class of the JVM and is
 * closed when the test run ends.
 *
 * <p>With {@code PULSE_IT_KAFKA=container} and no Docker, the tests are skipped (a JUnit
 * assumption) with a message saying so, also logged once as a warning; the default embedded mode
 * needs nothing but the JVM.
 */
public final class KafkaClusterExtension implements BeforeEachCallback, ParameterResolver {
    private static final Logger LOGGER = LoggerFactory.getLogger(KafkaClusterExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaClusterExtension.class);

    /** Per test rather than per class, so a skipped test is reported as skipped, with the reason. */
    @Override
    public void beforeEach(ExtensionContext context) {
        cluster(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return cluster(context);
    }

    /** The shared cluster, started on the first call. */
    static KafkaCluster cluster(ExtensionContext context) {
        KafkaCluster.Mode mode = KafkaCluster.Mode.fromEnvironment();
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        if (mode == KafkaCluster.Mode.CONTAINER) {
            boolean docker = store.getOrComputeIfAbsent(
                    "docker",
                    key -> {
                        boolean available = KafkaCluster.dockerAvailable();
                        if (!available) {
                            LOGGER.warn("{}: every test that needs Kafka is skipped", noDocker());
                        }
                        return available;
                    },
                    Boolean.class);
            Assumptions.assumeTrue(docker, KafkaClusterExtension::noDocker);
        }
        return store.getOrComputeIfAbsent(KafkaCluster.class, key -> KafkaCluster.start(mode), KafkaCluster.class);
    }

    private static String noDocker() {
        return KafkaCluster.MODE_VARIABLE + "=container asks for " + KafkaCluster.containerImage()
                + " but no Docker engine is reachable (unset " + KafkaCluster.MODE_VARIABLE
                + " to run on the embedded broker)";
    }
}
