package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.service.Sequence;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

/**
 * The fixed record schema of a listed sequence, in snake_case like the stats records: {@code id}, {@code title},
 * {@code active}, {@code step_count}, {@code steps} (records of {@code id}, {@code name}), {@code client} (a record, null
 * when the sequence has none) and {@code owner} (the API's {@code user}, a record).
 */
public final class SequenceSchema {

    public static final String ID = "id";
    public static final String TITLE = "title";
    public static final String ACTIVE = "active";
    public static final String STEP_COUNT = "step_count";
    public static final String STEPS = "steps";
    public static final String CLIENT = "client";
    public static final String OWNER = "owner";
    public static final String NAME = "name";
    public static final String COMPANY_NAME = "company_name";
    public static final String FIRST_NAME = "first_name";
    public static final String LAST_NAME = "last_name";
    public static final String EMAIL = "email";

    public static final RecordSchema STEP = new SimpleRecordSchema(List.of(text(ID), text(NAME)));
    public static final RecordSchema CLIENT_SCHEMA = new SimpleRecordSchema(List.of(text(ID), text(COMPANY_NAME), text(FIRST_NAME), text(LAST_NAME)));
    public static final RecordSchema OWNER_SCHEMA = new SimpleRecordSchema(List.of(
            new RecordField(ID, RecordFieldType.LONG.getDataType(), true), text(FIRST_NAME), text(LAST_NAME), text(EMAIL)));
    public static final RecordSchema SEQUENCE = new SimpleRecordSchema(List.of(
            new RecordField(ID, RecordFieldType.STRING.getDataType(), false),
            text(TITLE),
            new RecordField(ACTIVE, RecordFieldType.BOOLEAN.getDataType(), false),
            new RecordField(STEP_COUNT, RecordFieldType.INT.getDataType(), false),
            new RecordField(STEPS, RecordFieldType.ARRAY.getArrayDataType(RecordFieldType.RECORD.getRecordDataType(STEP)), false),
            new RecordField(CLIENT, RecordFieldType.RECORD.getRecordDataType(CLIENT_SCHEMA), true),
            new RecordField(OWNER, RecordFieldType.RECORD.getRecordDataType(OWNER_SCHEMA), true)));

    private SequenceSchema() {
    }

    public static Record toRecord(final Sequence sequence) {
        final Map<String, Object> values = new HashMap<>();
        values.put(ID, sequence.id());
        values.put(TITLE, sequence.title());
        values.put(ACTIVE, sequence.active());
        values.put(STEP_COUNT, sequence.steps().size());
        values.put(STEPS, sequence.steps().stream().map(SequenceSchema::stepRecord).toArray(Record[]::new));
        values.put(CLIENT, sequence.client() == null ? null : clientRecord(sequence.client()));
        values.put(OWNER, sequence.owner() == null ? null : ownerRecord(sequence.owner()));
        return new MapRecord(SEQUENCE, values);
    }

    private static Record stepRecord(final Sequence.Step step) {
        final Map<String, Object> values = new HashMap<>();
        values.put(ID, step.id());
        values.put(NAME, step.name());
        return new MapRecord(STEP, values);
    }

    private static Record clientRecord(final Sequence.Client client) {
        final Map<String, Object> values = new HashMap<>();
        values.put(ID, client.id());
        values.put(COMPANY_NAME, client.companyName());
        values.put(FIRST_NAME, client.firstName());
        values.put(LAST_NAME, client.lastName());
        return new MapRecord(CLIENT_SCHEMA, values);
    }

    private static Record ownerRecord(final Sequence.Owner owner) {
        final Map<String, Object> values = new HashMap<>();
        values.put(ID, owner.id());
        values.put(FIRST_NAME, owner.firstName());
        values.put(LAST_NAME, owner.lastName());
        values.put(EMAIL, owner.email());
        return new MapRecord(OWNER_SCHEMA, values);
    }

    private static RecordField text(final String name) {
        return new RecordField(name, RecordFieldType.STRING.getDataType(), true);
    }
}
