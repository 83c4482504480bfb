package io.pulse.streams.state;

import io.pulse.core.measure.MeasureVector;
import java.util.List;

/** The value of the reading task's fold buffer: measures of one scope and bucket so far, and its customers. */
public record Folded(long latest, MeasureVector measures, List<String> customers) {}
