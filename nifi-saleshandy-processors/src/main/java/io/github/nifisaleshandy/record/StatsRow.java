package io.github.nifisaleshandy.record;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.type.RecordDataType;

/**
 * One converted record: its values in the column order of its format's schema. A nested Client is an {@code Object[]}
 * in the order of {@link ApiField.ClientField}. Cheaper than a {@link MapRecord} to build and to write; turned into one
 * only for NiFi's record writers.
 */
public final class StatsRow {

    private final Object[] values;
    private final int unparsedCount;

    StatsRow(final Object[] values, final int unparsedCount) {
        this.values = values;
        this.unparsedCount = unparsedCount;
    }

    public Object value(final int column) {
        return values[column];
    }

    public int columnCount() {
        return values.length;
    }

    /** How many values could not be converted (kept as raw text in unparsed_values). */
    public int unparsedCount() {
        return unparsedCount;
    }

    /** This row as a NiFi record of {@code schema}, the schema of the format that made it. */
    public Record toRecord(final RecordSchema schema) {
        return new MapRecord(schema, toMap(schema, values));
    }

    private static Map<String, Object> toMap(final RecordSchema schema, final Object[] values) {
        final List<RecordField> fields = schema.getFields();
        final Map<String, Object> map = new HashMap<>(fields.size() * 2);
        for (int column = 0; column < values.length; column++) {
            final Object value = values[column];
            final RecordField field = fields.get(column);
            if (value instanceof Object[] nested) {
                final RecordSchema nestedSchema = ((RecordDataType) field.getDataType()).getChildSchema();
                map.put(field.getFieldName(), new MapRecord(nestedSchema, toMap(nestedSchema, nested)));
            } else {
                map.put(field.getFieldName(), value);
            }
        }
        return map;
    }
}
