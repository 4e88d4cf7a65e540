package io.github.nifisaleshandy.processors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Date;
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

    /** What was written. */
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
        int count = 0;
        try (JsonGenerator json = jsonFactory.createGenerator(out)) {
            json.writeStartArray();
            for (final Record record : records) {
                writeRecord(json, schema, record);
                count++;
            }
            json.writeEndArray();
        }
        return new Written(count, JSON);
    }

    private static void writeRecord(final JsonGenerator json, final RecordSchema schema, final Record record) throws IOException {
        json.writeStartObject();
        for (final RecordField field : schema.getFields()) {
            json.writeFieldName(field.getFieldName());
            writeValue(json, record.getValue(field.getFieldName()));
        }
        json.writeEndObject();
    }

    private static void writeValue(final JsonGenerator json, final Object value) throws IOException {
        switch (value) {
            case null -> json.writeNull();
            case String text -> json.writeString(text);
            case Integer number -> json.writeNumber(number);
            case Long number -> json.writeNumber(number);
            case Boolean flag -> json.writeBoolean(flag);
            case Date timestamp -> json.writeString(timestamp.toInstant().toString());
            case Record nested -> writeRecord(json, nested.getSchema(), nested);
            case Object[] array -> {
                json.writeStartArray();
                for (final Object element : array) {
                    writeValue(json, element);
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
