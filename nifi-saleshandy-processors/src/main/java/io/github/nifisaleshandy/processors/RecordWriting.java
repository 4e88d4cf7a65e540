package io.github.nifisaleshandy.processors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordSchema;

/**
 * Writes records as a FlowFile's content: through the Record Writer the user chose, offering it the records' fixed schema
 * so that schema-bound formats (Avro, Parquet) work without a schema registry; or, without one, as a JSON array streamed
 * with jackson-core, every field of the schema written out (nulls too), timestamps as ISO-8601 UTC text such as
 * {@code 2024-12-18T05:29:29Z}. One per schedule; safe for concurrent runs.
 */
final class RecordWriting {

    static final String JSON = "application/json";

    record Written(int recordCount, String mimeType) {
    }

    private final JsonFactory jsonFactory = new JsonFactory();
    private final RecordSetWriterFactory writerFactory;
    private final ComponentLog logger;

    /** {@code writerFactory} null: JSON arrays. */
    RecordWriting(final RecordSetWriterFactory writerFactory, final ComponentLog logger) {
        this.writerFactory = writerFactory;
        this.logger = logger;
    }

    boolean hasRecordWriter() {
        return writerFactory != null;
    }

    Written write(final RecordSchema schema, final Iterable<Record> records, final OutputStream out, final Map<String, String> attributes)
            throws IOException {
        return writerFactory == null ? writeJson(schema, records, out) : writeWithWriter(schema, records, out, attributes);
    }

    private Written writeWithWriter(final RecordSchema offered, final Iterable<Record> records, final OutputStream out,
                                    final Map<String, String> attributes) throws IOException {
        try {
            final RecordSchema schema = writerFactory.getSchema(attributes, offered);
            try (RecordSetWriter writer = writerFactory.createWriter(logger, schema, out, attributes)) {
                writer.beginRecordSet();
                for (final Record record : records) {
                    writer.write(record);
                }
                return new Written(writer.finishRecordSet().getRecordCount(), writer.getMimeType());
            }
        } catch (final SchemaNotFoundException e) {
            throw new IOException("The Record Writer found no schema: " + e.getMessage(), e);
        }
    }

    private Written writeJson(final RecordSchema schema, final Iterable<Record> records, final OutputStream out) throws IOException {
        // Field names encoded once per schema and page, not once per record.
        final Map<RecordSchema, SerializableString[]> names = new IdentityHashMap<>();
        int count = 0;
        try (JsonGenerator json = jsonFactory.createGenerator(out)) {
            json.writeStartArray();
            for (final Record record : records) {
                writeRecord(json, schema, record, names);
                count++;
            }
            json.writeEndArray();
        }
        return new Written(count, JSON);
    }

    private static void writeRecord(final JsonGenerator json, final RecordSchema schema, final Record record,
                                    final Map<RecordSchema, SerializableString[]> names) throws IOException {
        final List<RecordField> fields = schema.getFields();
        final SerializableString[] fieldNames = names.computeIfAbsent(schema,
                s -> s.getFields().stream().map(field -> new SerializedString(field.getFieldName())).toArray(SerializableString[]::new));
        json.writeStartObject();
        for (int i = 0; i < fieldNames.length; i++) {
            json.writeFieldName(fieldNames[i]);
            writeValue(json, record.getValue(fields.get(i)), names);
        }
        json.writeEndObject();
    }

    private static void writeValue(final JsonGenerator json, final Object value, final Map<RecordSchema, SerializableString[]> names)
            throws IOException {
        switch (value) {
            case null -> json.writeNull();
            case String text -> json.writeString(text);
            case Integer number -> json.writeNumber(number);
            case Long number -> json.writeNumber(number);
            case Boolean flag -> json.writeBoolean(flag);
            case Date timestamp -> json.writeString(timestamp.toInstant().toString());
            case Record nested -> writeRecord(json, nested.getSchema(), nested, names);
            case Object[] array -> {
                json.writeStartArray();
                for (final Object element : array) {
                    writeValue(json, element, names);
                }
                json.writeEndArray();
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
}
