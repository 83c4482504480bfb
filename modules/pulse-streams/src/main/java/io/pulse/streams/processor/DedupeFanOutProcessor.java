package io.pulse.streams.processor;

import io.pulse.core.Scope;
import io.pulse.streams.event.PulseEvent;
import io.pulse.streams.state.Contribution;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Drops events whose type and eventId were already seen within the dedupe horizon (a windowed store keyed
 * by that identity), then fans each new event out into one {@link Contribution} per scope it carries:
 * campaign, channel, employee, the employee's team from the directory, and the company.
 */
public final class DedupeFanOutProcessor implements Processor<String, PulseEvent, String, Contribution> {
    private final String dedupeStoreName;
    private final String directoryStoreName;
    private final long horizonMs;
    private final DirectoryLookup directory;
    private ProcessorContext<String, Contribution> context;
    private WindowStore<String, Long> seen;

    public DedupeFanOutProcessor(String dedupeStoreName, String directoryStoreName, Duration horizon, DirectoryLookup directory) {
        this.dedupeStoreName = dedupeStoreName;
        this.directoryStoreName = directoryStoreName;
        this.horizonMs = horizon.toMillis();
        this.directory = directory;
    }

    @Override
    public void init(ProcessorContext<String, Contribution> context) {
        this.context = context;
        this.seen = context.getStateStore(dedupeStoreName);
        directory.bind(context.getStateStore(directoryStoreName));
    }

    @Override
    public void process(Record<String, PulseEvent> record) {
        PulseEvent e = record.value();
        String key = record.key();
        long t = e.occurredAt();
        try (WindowStoreIterator<Long> it = seen.fetch(key, t - horizonMs, t + horizonMs)) {
            if (it.hasNext()) {
                return; // a producer retry or a replay: counted once already
            }
        }
        seen.put(key, t, t);

        Contribution c = Contribution.of(t, e.type(), e.eventId(), e.customerId(), e.measures(), e.source());
        forward(Scope.COMPANY, Scope.COMPANY_ID, c, record);
        forward(Scope.CAMPAIGN, e.campaignId(), c, record);
        forward(Scope.CHANNEL, e.channel(), c, record);
        forward(Scope.EMPLOYEE, e.employeeId(), c, record);
        forward(Scope.TEAM, directory.teamOf(e.employeeId()), c, record);
    }

    private void forward(Scope scope, String id, Contribution c, Record<String, PulseEvent> record) {
        if (id != null) {
            context.forward(new Record<>(scope.id() + '|' + id, c, record.timestamp(), record.headers()));
        }
    }
}
