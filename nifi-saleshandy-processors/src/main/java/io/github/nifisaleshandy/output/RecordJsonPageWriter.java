package io.github.nifisaleshandy.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.github.nifisaleshandy.client.StatsPage;
import io.github.nifisaleshandy.record.StatsRowConverter;
import io.github.nifisaleshandy.record.StatsRow;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.type.RecordDataType;

/**
 * Writes converted records as a JSON array without a Record Writer service: timestamps as ISO-8601 UTC text
 * (e.g. {@code 2024-12-18T05:29:29Z}), nulls written out so every object has every column.
 */
public final class RecordJsonPageWriter implements PageWriter<StatsRow> {

    private final JsonFactory jsonFactory;
    private final SerializableString[] columnNames;
    private final SerializableString[] nestedNames;

    /** Writes the rows that {@code converter} made, in the columns of its format. */
    public RecordJsonPageWriter(final JsonFactory jsonFactory, final StatsRowConverter converter) {
        this.jsonFactory = jsonFactory;
        final RecordSchema schema = converter.format().schema();
        this.columnNames = names(schema);
        this.nestedNames = schema.getFields().stream().map(RecordField::getDataType).filter(RecordDataType.class::isInstance)
                .map(type -> names(((RecordDataType) type).getChildSchema())).findFirst().orElse(new SerializableString[0]);
    }

    @Override
    public Result write(final StatsPage<? extends StatsRow> page, final OutputStream out, final Map<String, String> attributes) throws IOException {
        final List<? extends StatsRow> rows = page.records();
        int unparsed = 0;
        try (JsonGenerator json = jsonFactory.createGenerator(out)) {
            json.writeStartArray();
            for (final StatsRow row : rows) {
                json.writeStartObject();
                for (int column = 0; column < columnNames.length; column++) {
                    json.writeFieldName(columnNames[column]);
                    writeValue(json, row.value(column));
                }
                json.writeEndObject();
                unparsed += row.unparsedCount();
            }
            json.writeEndArray();
        }
        return new Result(rows.size(), "application/json", unparsed);
    }

    private void writeValue(final JsonGenerator json, final Object value) throws IOException {
        switch (value) {
            case null -> json.writeNull();
            case String text -> json.writeString(text);
            case Integer number -> json.writeNumber(number);
            case Boolean flag -> json.writeBoolean(flag);
            case Timestamp timestamp -> json.writeString(timestamp.toInstant().toString());
            case Object[] nested -> {
                json.writeStartObject();
                for (int i = 0; i < nested.length; i++) {
                    json.writeFieldName(nestedNames[i]);
                    writeValue(json, nested[i]);
                }
                json.writeEndObject();
            }
            case Map<?, ?> map -> {
                json.writeStartObject();
                for (final Map.Entry<?, ?> entry : map.entrySet()) {
                    json.writeStringField(String.valueOf(entry.getKey()), String.valueOf(entry.getValue()));
                }
                json.writeEndObject();
            }
            default -> json.writeString(value.toString());
        }
    }

    private static SerializableString[] names(final RecordSchema schema) {
        return schema.getFields().stream().map(field -> new SerializedString(field.getFieldName())).toArray(SerializableString[]::new);
    }
}
