package io.github.nifisaleshandy.output;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

/**
 * Writes records through the Record Writer the user chose, offering it a fixed schema so that schema-bound formats
 * (Avro, Parquet) work without a schema registry: what the stats and the sequence writers share.
 */
final class RecordSetWriting {

    /** What the writer wrote. */
    record Written(int recordCount, String mimeType) {
    }

    private RecordSetWriting() {
    }

    static Written write(final RecordSetWriterFactory writerFactory, final ComponentLog logger, final RecordSchema offered,
                         final Iterable<Record> records, final OutputStream out, final Map<String, String> attributes) throws IOException {
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
}
