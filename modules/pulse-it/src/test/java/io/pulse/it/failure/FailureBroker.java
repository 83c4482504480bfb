package io.pulse.it.failure;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@code pulse broker} process for the whole failure suite (starting a JVM broker costs seconds on a small
 * machine), injected as a {@link BrokerProcess} parameter. Each scenario has its own application id and topics on
 * it. The broker scenario kills and restarts this very broker on its data directory; the ones after it find it
 * running again.
 */
final class FailureBroker implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FailureBroker.class);

    /** Closes the broker at the end of the test run. */
    private record Holder(BrokerProcess broker) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            broker.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == BrokerProcess.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        Holder.class,
                        k -> new Holder(new BrokerProcess(Scenario.workRoot().resolve("shared-broker")).start()),
                        Holder.class)
                .broker();
    }

    static Path root() {
        return Scenario.workRoot();
    }
}
