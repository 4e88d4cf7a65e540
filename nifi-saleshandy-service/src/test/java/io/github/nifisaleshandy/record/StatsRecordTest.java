package io.github.nifisaleshandy.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.github.nifisaleshandy.service.RecordFormat;
import io.github.nifisaleshandy.testapi.StatsPages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.type.RecordDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link StatsRecord} answers every {@link Record} method as a {@link MapRecord} of the same schema and values does (the
 * record NiFi would otherwise build), on real converted rows of every format, before and after changes.
 */
class StatsRecordTest {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String ODD_RECORD = "{\"Sequence Title\":\"T\",\"Step Number\":\"x\",\"Email Sent At\":\"yesterday\",\"Replied\":\"Maybe\","
            + "\"Lead Score\":42,\"Client\":{\"id\":\"c1\",\"plan\":\"pro\"},\"Sequence Id\":\"s1\"}";
    private static final List<String> FORMATS = List.of("yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ssXXX", "HH:mm:ss");

    static Stream<Arguments> rows() throws Exception {
        final List<Arguments> rows = new ArrayList<>();
        for (final RecordFormat format : RecordFormat.values()) {
            for (final String record : List.of(StatsPages.record(1), StatsPages.record(4), ODD_RECORD, "{}")) {
                rows.add(Arguments.of(format, Row.of(format, record)));
            }
        }
        return rows.stream();
    }

    @ParameterizedTest
    @MethodSource("rows")
    void readsAsAMapRecordOfTheSameValues(final RecordFormat format, final Row row) throws Exception {
        final Record expected = mapRecord(StatsSchemas.of(format), row);
        final Record actual = row.toRecord(StatsSchemas.of(format));

        assertInstanceOf(StatsRecord.class, actual);
        assertSame(StatsSchemas.of(format), actual.getSchema());
        assertSameState(expected, actual);
        assertEquals(expected.isTypeChecked(), actual.isTypeChecked());
        assertEquals(expected.isDropUnknownFields(), actual.isDropUnknownFields());
        assertEquals(expected.getSerializedForm(), actual.getSerializedForm());
        for (final String name : names(StatsSchemas.of(format))) {
            assertSameOutcome(() -> expected.getAsString(name), () -> actual.getAsString(name));
            assertSameOutcome(() -> expected.getAsLong(name), () -> actual.getAsLong(name));
            assertSameOutcome(() -> expected.getAsInt(name), () -> actual.getAsInt(name));
            assertSameOutcome(() -> expected.getAsDouble(name), () -> actual.getAsDouble(name));
            assertSameOutcome(() -> expected.getAsFloat(name), () -> actual.getAsFloat(name));
            assertSameOutcome(() -> expected.getAsBoolean(name), () -> actual.getAsBoolean(name));
            assertSameOutcome(() -> expected.getAsArray(name), () -> actual.getAsArray(name));
            assertSameOutcome(() -> expected.getAsRecord(name, StatsSchemas.NORMALIZED_CLIENT), () -> actual.getAsRecord(name, StatsSchemas.NORMALIZED_CLIENT));
            for (final String dateFormat : Arrays.asList(null, "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss")) {
                assertSameOutcome(() -> expected.getAsLocalDate(name, dateFormat), () -> actual.getAsLocalDate(name, dateFormat));
                assertSameOutcome(() -> expected.getAsLocalDateTime(name, dateFormat), () -> actual.getAsLocalDateTime(name, dateFormat));
                assertSameOutcome(() -> expected.getAsOffsetDateTime(name, dateFormat), () -> actual.getAsOffsetDateTime(name, dateFormat));
            }
            for (final String stringFormat : FORMATS) {
                assertSameOutcome(() -> expected.getAsString(name, stringFormat), () -> actual.getAsString(name, stringFormat));
                final RecordField field = StatsSchemas.of(format).getField(name).orElseThrow();
                assertSameOutcome(() -> expected.getAsString(field, stringFormat), () -> actual.getAsString(field, stringFormat));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("rows")
    void resolvesFieldsFromOutsideTheSchemaAsAMapRecordDoes(final RecordFormat format, final Row row) throws Exception {
        final Record expected = mapRecord(StatsSchemas.of(format), row);
        final Record actual = row.toRecord(StatsSchemas.of(format));
        final List<RecordField> probes = new ArrayList<>();
        for (final RecordField field : StatsSchemas.of(format).getFields()) {
            probes.add(new RecordField(field.getFieldName(), field.getDataType(), field.isNullable()));
            probes.add(new RecordField("renamed_" + field.getFieldName(), field.getDataType(), null, Set.of(field.getFieldName()), true));
            if (field.getDataType().getFieldType() == RecordFieldType.STRING) {
                probes.add(new RecordField(field.getFieldName(), field.getDataType(), "fallback", field.isNullable()));
                probes.add(new RecordField("renamed_" + field.getFieldName(), field.getDataType(), "fallback", Set.of(field.getFieldName()), true));
            }
        }
        probes.add(new RecordField("not_in_schema", RecordFieldType.STRING.getDataType(), "fallback", true));
        probes.add(new RecordField("not_in_schema", RecordFieldType.STRING.getDataType(), true));

        for (final RecordField probe : probes) {
            assertEquals(plain(expected.getValue(probe)), plain(actual.getValue(probe)), probe.toString());
        }
        for (final String name : List.of("not_in_schema", "Lead Score", "")) {
            assertEquals(plain(expected.getValue(name)), plain(actual.getValue(name)), name);
            assertSameOutcome(() -> expected.getAsString(name), () -> actual.getAsString(name));
        }
    }

    @ParameterizedTest
    @MethodSource("rows")
    void changesAsAMapRecordChangesAndLeavesTheFormatsSchemaAlone(final RecordFormat format, final Row row) throws Exception {
        final RecordSchema before = new SimpleRecordSchema(StatsSchemas.of(format).getFields());
        final List<String> names = names(StatsSchemas.of(format));
        final RecordField mapField = StatsSchemas.of(format).getFields().stream()
                .filter(field -> field.getDataType().getFieldType() == RecordFieldType.MAP).findFirst().orElse(null);
        final RecordField recordField = StatsSchemas.of(format).getFields().stream()
                .filter(field -> field.getDataType() instanceof RecordDataType).findFirst().orElse(null);
        final RecordSchema wider = new SimpleRecordSchema(List.of(new RecordField("added", RecordFieldType.INT.getDataType(), true),
                StatsSchemas.of(format).getFields().getFirst()));

        final List<Consumer<Record>> changes = new ArrayList<>();
        changes.add(record -> record.setValue(names.get(2), "changed"));
        changes.add(record -> record.setValue(StatsSchemas.of(format).getFields().get(3), null));
        changes.add(Record::incorporateInactiveFields);
        changes.add(record -> record.incorporateSchema(wider));
        changes.add(record -> record.setValue("added", 7));
        changes.add(record -> record.setValue("unknown", "u"));
        changes.add(record -> record.setValue(new RecordField("unknown_field", RecordFieldType.STRING.getDataType()), "v"));
        changes.add(Record::incorporateInactiveFields);
        changes.add(record -> record.remove(StatsSchemas.of(format).getFields().get(1)));
        changes.add(record -> assertEquals(true, record.rename(StatsSchemas.of(format).getFields().getFirst(), "first_renamed")));
        changes.add(record -> record.setArrayValue(names.get(4), 0, "x"));
        if (mapField != null) {
            changes.add(record -> record.setMapValue(mapField.getFieldName(), "key", "value"));
        }
        if (recordField != null) {
            changes.add(record -> {
                if (record.getValue(recordField.getFieldName()) instanceof Record nested) {
                    nested.setValue("nested_unknown", "n");
                }
            });
            changes.add(Record::incorporateInactiveFields);
        }
        changes.add(Record::regenerateSchema);

        // The reference gets a schema of its own: MapRecord.rename renames in its schema, which would alter the format's.
        final Record expected = mapRecord(new SimpleRecordSchema(StatsSchemas.of(format).getFields()), row);
        final Record actual = row.toRecord(StatsSchemas.of(format));
        for (final Consumer<Record> change : changes) {
            assertSameOutcome(() -> apply(change, expected), () -> apply(change, actual));
            assertSameState(expected, actual);
        }
        assertEquals(before, StatsSchemas.of(format));
        assertEquals(before.getFieldNames(), StatsSchemas.of(format).getFieldNames());
        assertSameState(mapRecord(StatsSchemas.of(format), row), row.toRecord(StatsSchemas.of(format)));
    }

    @ParameterizedTest
    @MethodSource("rows")
    void knowsFieldsOnlyBySetValueBeforeAnyOtherChange(final RecordFormat format, final Row row) throws Exception {
        final Record expected = mapRecord(StatsSchemas.of(format), row);
        final Record actual = row.toRecord(StatsSchemas.of(format));
        for (final RecordField field : StatsSchemas.of(format).getFields()) {
            expected.setValue(field, field.getFieldName());
            actual.setValue(field, field.getFieldName());
            expected.setValue(field.getFieldName() + "_copy", 1);
        }
        for (final RecordField field : StatsSchemas.of(format).getFields()) {
            actual.setValue(field.getFieldName() + "_copy", 1);
        }
        assertSameState(expected, actual);
        assertEquals(plain(mapRecord(StatsSchemas.of(format), row).toMap()), plain(row.toRecord(StatsSchemas.of(format)).toMap()), "the row itself is not changed");
    }

    @ParameterizedTest
    @MethodSource("rows")
    void equalsAnotherRecordOfTheSameRowOnly(final RecordFormat format, final Row row) throws Exception {
        final Record record = row.toRecord(StatsSchemas.of(format));
        final Record again = row.toRecord(StatsSchemas.of(format));
        final List<Row> others = List.of(Row.of(format, "{\"Sequence Title\":\"another\"}"));
        final Record other = others.getFirst().toRecord(StatsSchemas.of(format));

        assertEquals(record, again);
        assertEquals(record.hashCode(), again.hashCode());
        assertNotEquals(record, other);
        again.setValue(StatsSchemas.of(format).getFields().getFirst(), "different");
        assertNotEquals(record, again);
        assertEquals(mapRecord(StatsSchemas.of(format), row).toString(), record.toString());
    }

    @Test
    void honoursAliasesAndDefaultsOfAnySchemaAsAMapRecordDoes() {
        final RecordSchema schema = new SimpleRecordSchema(List.of(
                new RecordField("a", RecordFieldType.STRING.getDataType(), null, Set.of("a_old"), true),
                new RecordField("b", RecordFieldType.STRING.getDataType(), "default b", true),
                new RecordField("c", RecordFieldType.INT.getDataType(), 5, true),
                new RecordField("d", RecordFieldType.STRING.getDataType(), null, Set.of("zz"), true)));
        for (final Object[] values : List.of(new Object[] {null, "bee", null, null}, new Object[] {"ay", null, 3, "dee"}, new Object[4])) {
            final Record expected = mapRecord(schema, values);
            final Record actual = StatsRecord.of(schema, values, 0);
            assertSameState(expected, actual);
            for (final RecordField field : schema.getFields()) {
                for (final RecordField probe : List.of(field, new RecordField(field.getFieldName(), field.getDataType(),
                        field.getDataType().getFieldType() == RecordFieldType.STRING ? "other" : 9, Set.of("c", "a"), true),
                        new RecordField("x", field.getDataType(), null, Set.of(field.getFieldName()), true),
                        new RecordField("a_old", field.getDataType(), null, Set.of("b"), true))) {
                    assertEquals(expected.getValue(probe), actual.getValue(probe), probe.toString());
                }
                assertSameOutcome(() -> expected.getAsString(field.getFieldName()), () -> actual.getAsString(field.getFieldName()));
            }
        }
    }

    private static Object apply(final Consumer<Record> change, final Record record) {
        change.accept(record);
        return null;
    }

    private static void assertSameState(final Record expected, final Record actual) {
        assertEquals(expected.getSchema(), actual.getSchema());
        assertEquals(plain(expected.getValues()), plain(actual.getValues()));
        assertEquals(plain(expected.toMap()), plain(actual.toMap()));
        assertEquals(Set.copyOf(expected.getRawFieldNames()), Set.copyOf(actual.getRawFieldNames()));
        for (final RecordField field : expected.getSchema().getFields()) {
            assertEquals(plain(expected.getValue(field)), plain(actual.getValue(field)), field.getFieldName());
            assertEquals(plain(expected.getValue(field.getFieldName())), plain(actual.getValue(field.getFieldName())), field.getFieldName());
        }
        for (final String name : expected.getRawFieldNames()) {
            assertEquals(plain(expected.getValue(name)), plain(actual.getValue(name)), name);
        }
    }

    /** Same value, or the same kind of exception. */
    private static void assertSameOutcome(final Callable<?> expected, final Callable<?> actual) {
        assertEquals(outcome(expected), outcome(actual));
    }

    private static Object outcome(final Callable<?> call) {
        try {
            return plain(call.call());
        } catch (final Exception e) {
            return e.getClass();
        }
    }

    /** Records as sorted maps of their values, arrays as lists: comparable across record classes. */
    private static Object plain(final Object value) {
        return switch (value) {
            case Record record -> new TreeMap<>(plainValues(record.toMap()));
            case Object[] array -> Arrays.stream(array).map(StatsRecordTest::plain).toList();
            case Map<?, ?> map -> new TreeMap<>(plainValues(map));
            case null, default -> value;
        };
    }

    private static Map<String, Object> plainValues(final Map<?, ?> map) {
        final Map<String, Object> plain = new HashMap<>();
        map.forEach((key, value) -> plain.put(String.valueOf(key), value == null ? "<null>" : plain(value)));
        return plain;
    }

    private static List<String> names(final RecordSchema schema) {
        return schema.getFieldNames();
    }

    /** The MapRecord of the same values: every column, nested Clients as MapRecords. */
    private static MapRecord mapRecord(final RecordSchema schema, final Row row) {
        final Object[] values = new Object[row.columnCount()];
        for (int column = 0; column < values.length; column++) {
            values[column] = row.value(column);
        }
        return mapRecord(schema, values);
    }

    private static MapRecord mapRecord(final RecordSchema schema, final Object[] values) {
        final Map<String, Object> map = new HashMap<>(values.length * 2);
        for (int column = 0; column < values.length; column++) {
            final RecordField field = schema.getFields().get(column);
            map.put(field.getFieldName(), values[column] instanceof Object[] nested
                    ? mapRecord(((RecordDataType) field.getDataType()).getChildSchema(), nested) : values[column]);
        }
        return new MapRecord(schema, map);
    }

    /** A converted row: its values in the column order of the format's schema, nested Clients as arrays, as the converter makes them. */
    record Row(Object[] values) {

        static Row of(final RecordFormat format, final String json) throws Exception {
            try (JsonParser parser = JSON.createParser(json)) {
                parser.nextToken();
                return new Row(raw(new StatsRowConverter(JSON, format).convert(parser).getValues()));
            }
        }

        private static Object[] raw(final Object[] values) {
            for (int column = 0; column < values.length; column++) {
                if (values[column] instanceof Record nested) {
                    values[column] = raw(nested.getValues());
                }
            }
            return values;
        }

        StatsRecord toRecord(final RecordSchema schema) {
            return StatsRecord.of(schema, values, 0);
        }

        int columnCount() {
            return values.length;
        }

        Object value(final int column) {
            return values[column];
        }
    }
}
