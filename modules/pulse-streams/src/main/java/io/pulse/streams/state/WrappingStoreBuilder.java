package io.pulse.streams.state;

import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.StoreBuilder;

/** Builds the stores {@code below} describes (caching and logging settings apply to them) and wraps each one. */
final class WrappingStoreBuilder<T extends StateStore> implements StoreBuilder<T> {
    private final StoreBuilder<T> below;
    private final UnaryOperator<T> wrap;

    WrappingStoreBuilder(StoreBuilder<T> below, UnaryOperator<T> wrap) {
        this.below = below;
        this.wrap = wrap;
    }

    @Override
    public StoreBuilder<T> withCachingEnabled() {
        below.withCachingEnabled();
        return this;
    }

    @Override
    public StoreBuilder<T> withCachingDisabled() {
        below.withCachingDisabled();
        return this;
    }

    @Override
    public StoreBuilder<T> withLoggingEnabled(Map<String, String> config) {
        below.withLoggingEnabled(config);
        return this;
    }

    @Override
    public StoreBuilder<T> withLoggingDisabled() {
        below.withLoggingDisabled();
        return this;
    }

    @Override
    public T build() {
        return wrap.apply(below.build());
    }

    @Override
    public Map<String, String> logConfig() {
        return below.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
        return below.loggingEnabled();
    }

    @Override
    public String name() {
        return below.name();
    }
}
