package io.github.nifisaleshandy.record;

import io.github.nifisaleshandy.service.RecordFormat;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.SerializedForm;
import org.apache.nifi.serialization.record.field.StandardFieldConverterRegistry;
import org.apache.nifi.serialization.record.type.RecordDataType;
import org.apache.nifi.serialization.record.util.DataTypeUtils;

/**
 * A read-only NiFi {@link Record} over a converted row's array: the Record Writers read it without the hash map a
 * {@link MapRecord} costs per field. It answers as a {@code MapRecord} of the same schema and values would (not type-checked,
 * unknown fields kept); the first change of any kind turns it into such a {@code MapRecord}, with a schema of its own so
 * that a rename never alters a format's shared schema, and every later call goes there.
 */
public final class StatsRecord extends CopyOnChangeRecord {

    private final Columns columns;
    private final RecordSchema schema;
    /** Never written to: a change goes to the MapRecord copy. */
    private final Object[] values;
    /** In the order of {@link Columns#recordColumns}. */
    private final StatsRecord[] nestedRecords;
    private final int unparsedCount;
    private MapRecord changed;
    /** Where the next field asked for probably is: writers ask for the schema's fields in order. Only a hint. */
    private int nextColumn;

    private StatsRecord(final Columns columns, final Object[] values, final StatsRecord[] nestedRecords, final int unparsedCount) {
        this.columns = columns;
        this.unparsedCount = unparsedCount;
        this.values = values;
        this.nestedRecords = nestedRecords;
        this.schema = columns.schema;
    }

    /** {@code row} in the column order of {@code schema}, nested records as {@code Object[]} in their child schema's order. */
    static StatsRecord of(final RecordSchema schema, final Object[] row, final int unparsedCount) {
        return of(Columns.of(schema), row, unparsedCount);
    }

    private static StatsRecord of(final Columns columns, final Object[] row, final int unparsedCount) {
        final int[] recordColumns = columns.recordColumns;
        if (recordColumns.length == 0) {
            return new StatsRecord(columns, row, null, unparsedCount);
        }
        final StatsRecord[] nestedRecords = new StatsRecord[recordColumns.length];
        for (int i = 0; i < recordColumns.length; i++) {
            if (row[recordColumns[i]] instanceof Object[] nested) {
                nestedRecords[i] = of(columns.nested[recordColumns[i]], nested, 0);
            }
        }
        return new StatsRecord(columns, row, nestedRecords, unparsedCount);
    }

    public int unparsedCount() {
        return unparsedCount;
    }

    /** A column's value as a MapRecord would hold it: a nested row as its record. */
    private Object value(final int column) {
        final Object value = values[column];
        if (value instanceof Object[] && columns.nested[column] != null) {
            final int[] recordColumns = columns.recordColumns;
            for (int i = 0; i < recordColumns.length; i++) {
                if (recordColumns[i] == column) {
                    return nestedRecords[i];
                }
            }
        }
        return value;
    }

    @Override
    public RecordSchema getSchema() {
        return changed != null ? changed.getSchema() : schema;
    }

    @Override
    public boolean isTypeChecked() {
        return false;
    }

    @Override
    public boolean isDropUnknownFields() {
        return false;
    }

    @Override
    public Object[] getValues() {
        if (changed != null) {
            return changed.getValues();
        }
        final List<RecordField> fields = schema.getFields();
        final Object[] result = new Object[fields.size()];
        for (int i = 0; i < result.length; i++) {
            final RecordField field = fields.get(i);
            final Object value = explicitValue(field);
            result[i] = value != null ? value : field.getDefaultValue();
        }
        return result;
    }

    @Override
    public Object getValue(final String fieldName) {
        if (changed != null) {
            return changed.getValue(fieldName);
        }
        final Optional<RecordField> field = schema.getField(fieldName);
        return field.isPresent() ? getValue(field.get()) : valueNamed(fieldName);
    }

    @Override
    public Object getValue(final RecordField field) {
        if (changed != null) {
            return changed.getValue(field);
        }
        final int column = ownColumn(field);
        if (column >= 0 && !columns.aliased) {
            // The schema's own field, unaliased: the column's value, and when that is null only the field's default is left.
            final Object value = value(column);
            return value != null ? value : field.getDefaultValue();
        }
        final Object explicit = explicitValue(field);
        if (explicit != null) {
            return explicit;
        }
        final Optional<RecordField> resolved = resolve(field);
        final boolean resolvedDifferent = resolved.isPresent() && !resolved.get().equals(field);
        if (resolvedDifferent) {
            final Object resolvedValue = explicitValue(resolved.get());
            if (resolvedValue != null) {
                return resolvedValue;
            }
        }
        if (field.getDefaultValue() != null) {
            return field.getDefaultValue();
        }
        return resolvedDifferent ? resolved.get().getDefaultValue() : null;
    }

    /** The column of {@code field} if it is the schema's own field object (not an equal one), else -1. */
    private int ownColumn(final RecordField field) {
        int column = nextColumn;
        if (column >= values.length || columns.fields[column] != field) {
            column = columns.position(field.getFieldName());
            if (column < 0 || columns.fields[column] != field) {
                return -1;
            }
        }
        nextColumn = column + 1;
        return column;
    }

    @Override
    public String getAsString(final String fieldName) {
        if (changed != null) {
            return changed.getAsString(fieldName);
        }
        final Optional<DataType> dataType = schema.getDataType(fieldName);
        if (dataType.isPresent()) {
            return asString(getValue(fieldName), dataType.get().getFormat());
        }
        return StandardFieldConverterRegistry.getRegistry().getFieldConverter(String.class).convertField(getValue(fieldName), Optional.empty(), fieldName);
    }

    @Override
    public String getAsString(final String fieldName, final String format) {
        return changed != null ? changed.getAsString(fieldName, format) : asString(getValue(fieldName), format);
    }

    @Override
    public String getAsString(final RecordField field, final String format) {
        return changed != null ? changed.getAsString(field, format) : asString(getValue(field), format);
    }

    @Override
    public Optional<SerializedForm> getSerializedForm() {
        return changed != null ? changed.getSerializedForm() : Optional.empty();
    }

    @Override
    public void incorporateInactiveFields() {
        if (changed == null) {
            // Only a change can leave inactive fields; unchanged, only a nested record whose schema grew would alter ours.
            boolean nestedUnchanged = true;
            for (int column = 0; column < values.length; column++) {
                if (value(column) instanceof Record nested && columns.nested[column] != null) {
                    nested.incorporateInactiveFields();
                    nestedUnchanged &= nested.getSchema() == columns.nested[column].schema;
                }
            }
            if (nestedUnchanged) {
                return;
            }
        }
        change().incorporateInactiveFields();
    }

    @Override
    public Set<String> getRawFieldNames() {
        return changed != null ? changed.getRawFieldNames() : columns.names;
    }

    @Override
    public Map<String, Object> toMap() {
        if (changed != null) {
            return changed.toMap();
        }
        return Collections.unmodifiableMap(valuesInto(new LinkedHashMap<>(values.length * 2)));
    }

    @Override
    public boolean equals(final Object other) {
        return other == this || other instanceof StatsRecord record && getSchema().equals(record.getSchema()) && toMap().equals(record.toMap());
    }

    @Override
    public int hashCode() {
        return 31 + 41 * toMap().hashCode() + 7 * getSchema().hashCode();
    }

    /** A MapRecord's text (prefix and hash map order): NiFi writes a nested record into a text column with {@code toString()}. */
    @Override
    public String toString() {
        return changed != null ? changed.toString() : "MapRecord[" + valuesInto(new HashMap<>(values.length * 2)) + "]";
    }

    /** The value stored under a field's name or, when that is null, under one of its aliases: what MapRecord calls explicit. */
    private Object explicitValue(final RecordField field) {
        final Object value = valueNamed(field.getFieldName());
        if (value != null) {
            return value;
        }
        for (final String alias : field.getAliases()) {
            final Object aliased = valueNamed(alias);
            if (aliased != null) {
                return aliased;
            }
        }
        return null;
    }

    private Object valueNamed(final String name) {
        final int column = columns.position(name);
        return column < 0 ? null : value(column);
    }

    private Optional<RecordField> resolve(final RecordField field) {
        final Optional<RecordField> byName = schema.getField(field.getFieldName());
        if (byName.isPresent()) {
            return byName;
        }
        for (final String alias : field.getAliases()) {
            final Optional<RecordField> byAlias = schema.getField(alias);
            if (byAlias.isPresent()) {
                return byAlias;
            }
        }
        return Optional.empty();
    }

    private static String asString(final Object value, final String format) {
        return value == null ? null : DataTypeUtils.toString(value, format);
    }

    @Override
    MapRecord change() {
        if (changed == null) {
            changed = new MapRecord(new SimpleRecordSchema(schema.getFields()), valuesInto(new HashMap<>(values.length * 2)), false, false);
        }
        return changed;
    }

    private Map<String, Object> valuesInto(final Map<String, Object> map) {
        for (int column = 0; column < values.length; column++) {
            map.put(columns.fields[column].getFieldName(), value(column));
        }
        return map;
    }

    /** What a record needs of its schema, made once per schema (once for each format's). */
    private static final class Columns {
        private static final Map<RecordSchema, Columns> KNOWN = knownSchemas();

        private final RecordSchema schema;
        private final RecordField[] fields;
        private final Map<String, Integer> positions;
        private final Set<String> names;
        private final Columns[] nested;
        private final boolean aliased;
        private final int[] recordColumns;

        private Columns(final RecordSchema schema) {
            this.schema = schema;
            this.fields = schema.getFields().toArray(RecordField[]::new);
            this.positions = new HashMap<>(fields.length * 2);
            final Set<String> fieldNames = new LinkedHashSet<>();
            this.nested = new Columns[fields.length];
            for (int column = 0; column < fields.length; column++) {
                positions.put(fields[column].getFieldName(), column);
                fieldNames.add(fields[column].getFieldName());
                if (fields[column].getDataType() instanceof RecordDataType record) {
                    nested[column] = new Columns(record.getChildSchema());
                }
            }
            this.names = Collections.unmodifiableSet(fieldNames);
            this.aliased = Arrays.stream(fields).anyMatch(field -> !field.getAliases().isEmpty());
            this.recordColumns = IntStream.range(0, fields.length).filter(column -> nested[column] != null).toArray();
        }

        private static Columns of(final RecordSchema schema) {
            final Columns known = KNOWN.get(schema);
            return known != null && known.schema == schema ? known : new Columns(schema);
        }

        private int position(final String name) {
            final Integer position = positions.get(name);
            return position == null ? -1 : position;
        }

        private static Map<RecordSchema, Columns> knownSchemas() {
            final Map<RecordSchema, Columns> known = new IdentityHashMap<>();
            for (final RecordFormat format : RecordFormat.values()) {
                known.put(StatsSchemas.of(format), new Columns(StatsSchemas.of(format)));
            }
            return Collections.unmodifiableMap(known);
        }
    }
}
