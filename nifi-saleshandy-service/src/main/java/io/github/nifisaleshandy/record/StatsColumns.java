package io.github.nifisaleshandy.record;

import io.github.nifisaleshandy.service.RecordFormat;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.type.RecordDataType;

/**
 * What {@link StatsRecord} needs of a schema: its field names, their positions, and the columns of its nested records;
 * made once per schema (once for each {@link RecordFormat}'s).
 */
final class StatsColumns {
    private static final Map<RecordSchema, StatsColumns> KNOWN = knownSchemas();

    final RecordSchema schema;
    final RecordField[] fields;
    private final Map<String, Integer> positions;
    final Set<String> names;
    final StatsColumns[] nested;
    final boolean aliased;
    final int[] recordColumns;

    private StatsColumns(final RecordSchema schema) {
        this.schema = schema;
        this.fields = schema.getFields().toArray(RecordField[]::new);
        this.positions = new HashMap<>(fields.length * 2);
        final Set<String> fieldNames = new LinkedHashSet<>();
        this.nested = new StatsColumns[fields.length];
        for (int column = 0; column < fields.length; column++) {
            positions.put(fields[column].getFieldName(), column);
            fieldNames.add(fields[column].getFieldName());
            if (fields[column].getDataType() instanceof RecordDataType record) {
                nested[column] = new StatsColumns(record.getChildSchema());
            }
        }
        this.names = Collections.unmodifiableSet(fieldNames);
        this.aliased = Arrays.stream(fields).anyMatch(field -> !field.getAliases().isEmpty());
        this.recordColumns = IntStream.range(0, fields.length).filter(column -> nested[column] != null).toArray();
    }

    static StatsColumns of(final RecordSchema schema) {
        final StatsColumns known = KNOWN.get(schema);
        return known != null && known.schema == schema ? known : new StatsColumns(schema);
    }

    int position(final String name) {
        final Integer position = positions.get(name);
        return position == null ? -1 : position;
    }

    private static Map<RecordSchema, StatsColumns> knownSchemas() {
        final Map<RecordSchema, StatsColumns> known = new IdentityHashMap<>();
        for (final RecordFormat format : RecordFormat.values()) {
            known.put(StatsSchemas.of(format), new StatsColumns(StatsSchemas.of(format)));
        }
        return Collections.unmodifiableMap(known);
    }
}
