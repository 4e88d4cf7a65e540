package io.github.nifisaleshandy.record;

import io.github.nifisaleshandy.service.RecordFormat;
import java.util.ArrayList;
import java.util.List;
import org.apache.nifi.serialization.SimpleRecordSchema;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.RecordSchema;

/** The record schemas, from {@link ApiField}, each ending with {@code extra_fields} and {@code unparsed_values}. */
public final class StatsSchemas {

    public static final String EXTRA_FIELDS = "extra_fields";
    public static final String UNPARSED_VALUES = "unparsed_values";

    public static final RecordSchema NORMALIZED_CLIENT = clientSchema(true);
    public static final RecordSchema AS_RETURNED_CLIENT = clientSchema(false);
    public static final String FLAT_CLIENT_PREFIX = "client_";

    public static final RecordSchema NORMALIZED = schema(true, false);
    public static final RecordSchema NORMALIZED_FLAT = schema(true, true);
    public static final RecordSchema AS_RETURNED = schema(false, false);

    private StatsSchemas() {
    }

    public static RecordSchema of(final RecordFormat format) {
        return switch (format) {
            case NORMALIZED -> NORMALIZED;
            case NORMALIZED_FLAT -> NORMALIZED_FLAT;
            case AS_RETURNED -> AS_RETURNED;
        };
    }

    private static RecordSchema schema(final boolean normalized, final boolean flat) {
        final List<RecordField> fields = new ArrayList<>();
        for (final ApiField field : ApiField.values()) {
            if (flat && field.kind == ApiField.Kind.CLIENT) {
                for (final ApiField.ClientField clientField : ApiField.ClientField.values()) {
                    fields.add(new RecordField(FLAT_CLIENT_PREFIX + clientField.normalizedName, RecordFieldType.STRING.getDataType(), true));
                }
            } else {
                fields.add(new RecordField(normalized ? field.normalizedName : field.apiName, type(field.kind, normalized), true));
            }
        }
        final DataType leftOver = flat ? RecordFieldType.STRING.getDataType() : RecordFieldType.MAP.getMapDataType(RecordFieldType.STRING.getDataType());
        fields.add(new RecordField(EXTRA_FIELDS, leftOver, true));
        fields.add(new RecordField(UNPARSED_VALUES, leftOver, true));
        return new SimpleRecordSchema(fields);
    }

    private static DataType type(final ApiField.Kind kind, final boolean normalized) {
        return switch (kind) {
            case TEXT -> RecordFieldType.STRING.getDataType();
            case COUNT -> RecordFieldType.INT.getDataType();
            case TIMESTAMP -> normalized ? RecordFieldType.TIMESTAMP.getDataType() : RecordFieldType.STRING.getDataType();
            case FLAG -> normalized ? RecordFieldType.BOOLEAN.getDataType() : RecordFieldType.STRING.getDataType();
            case CLIENT -> RecordFieldType.RECORD.getRecordDataType(normalized ? NORMALIZED_CLIENT : AS_RETURNED_CLIENT);
        };
    }

    private static RecordSchema clientSchema(final boolean normalized) {
        final List<RecordField> fields = new ArrayList<>();
        for (final ApiField.ClientField field : ApiField.ClientField.values()) {
            fields.add(new RecordField(normalized ? field.normalizedName : field.apiName, RecordFieldType.STRING.getDataType(), true));
        }
        return new SimpleRecordSchema(fields);
    }
}
