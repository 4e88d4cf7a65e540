package io.github.nifisaleshandy.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.nifisaleshandy.client.StatsPage;
import io.github.nifisaleshandy.record.StatsRecordReader;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Timestamp;
import java.util.Map;
import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordSchema;

/**
 * Writes converted records as a JSON array without a Record Writer service: timestamps as ISO-8601 UTC text
 * (e.g. {@code 2024-12-18T05:29:29Z}), nulls written out so every object has every column.
 */
public final class RecordJsonPageWriter implements PageWriter {

    private final JsonFactory jsonFactory;
    private final StatsRecordReader reader;

    public RecordJsonPageWriter(final JsonFactory jsonFactory, final StatsRecordReader reader) {
        this.jsonFactory = jsonFactory;
        this.reader = reader;
    }

    @Override
    public Result write(final StatsPage page, final OutputStream out, final Map<String, String> attributes) throws IOException {
        final int[] records = {0};
        final int unparsed;
        try (JsonGenerator json = jsonFactory.createGenerator(out)) {
            json.writeStartArray();
            unparsed = reader.read(page.data(), record -> {
                writeRecord(json, record);
                records[0]++;
            });
            json.writeEndArray();
        }
        return new Result(records[0], "application/json", unparsed);
    }

    private static void writeRecord(final JsonGenerator json, final Record record) throws IOException {
        final RecordSchema schema = record.getSchema();
        json.writeStartObject();
        for (final RecordField field : schema.getFields()) {
            json.writeFieldName(field.getFieldName());
            writeValue(json, record.getValue(field), field.getDataType());
        }
        json.writeEndObject();
    }

    private static void writeValue(final JsonGenerator json, final Object value, final DataType type) throws IOException {
        switch (value) {
            case null -> json.writeNull();
            case Integer number -> json.writeNumber(number);
            case Boolean flag -> json.writeBoolean(flag);
            case Timestamp timestamp -> json.writeString(timestamp.toInstant().toString());
            case MapRecord nested -> writeRecord(json, nested);
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
}
