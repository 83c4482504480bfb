package io.pulse.serde;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * The model generated records are read with: the class's own (its logical-type conversions for
 * decimals and timestamps), except that arrays come back as {@link ArrayList}. Avro's {@code
 * GenericData.Array} compares its elements with a model that has no conversions, so {@code equals}
 * of two decoded records whose arrays hold optional decimals (Plan.kpis, Scorecard.items) throws
 * "Unknown datum type java.math.BigDecimal"; a plain list compares with the generated classes' own
 * {@code equals}.
 */
final class ListSpecificData extends SpecificData {

    private static final Map<Class<?>, ListSpecificData> BY_CLASS = new ConcurrentHashMap<>();

    private ListSpecificData(Class<?> type) {
        super(type.getClassLoader());
        SpecificData.getForClass(type).getConversions().forEach(this::addLogicalTypeConversion);
    }

    /** The model for a generated class, made once per class. */
    static ListSpecificData forClass(Class<?> type) {
        return BY_CLASS.computeIfAbsent(type, ListSpecificData::new);
    }

    /**
     * The model to read a generated class with: this one when its schema has arrays, else the
     * class's own, which keeps Avro's fast reader (it only runs on Avro's own model classes).
     */
    static SpecificData modelFor(Class<?> type, Schema readerSchema) {
        return hasArray(readerSchema, new java.util.HashSet<>()) ? forClass(type) : SpecificData.getForClass(type);
    }

    private static boolean hasArray(Schema schema, java.util.Set<String> seen) {
        switch (schema.getType()) {
            case ARRAY:
                return true;
            case MAP:
                return hasArray(schema.getValueType(), seen);
            case UNION:
                return schema.getTypes().stream().anyMatch(t -> hasArray(t, seen));
            case RECORD:
                if (!seen.add(schema.getFullName())) {
                    return false;
                }
                return schema.getFields().stream().anyMatch(f -> hasArray(f.schema(), seen));
            default:
                return false;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object newArray(Object old, int size, Schema schema) {
        if (old instanceof Collection) {
            ((Collection<Object>) old).clear();
            return old;
        }
        return new ArrayList<>(size);
    }
}
