package io.github.nifisaleshandy.record;

import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

/**
 * One converted record: its values in the column order of its format's schema. A nested Client is an {@code Object[]}
 * in the order of {@link ApiField.ClientField}. Cheaper than a {@link MapRecord} to build and to write; NiFi's record
 * writers read it through a {@link StatsRecord} over the same values.
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
        return StatsRecord.of(schema, values);
    }
}
