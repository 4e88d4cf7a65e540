package io.github.nifisaleshandy.output;

import io.github.nifisaleshandy.client.Sequence;
import io.github.nifisaleshandy.record.SequenceSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.WriteResult;
import org.apache.nifi.serialization.record.RecordSchema;

/**
 * Writes a batch of sequences through the Record Writer the user chose, offering it the fixed sequence schema so that
 * schema-bound formats (Avro, Parquet) work without a schema registry.
 */
public final class SequenceRecordSetWriter implements SequenceBatchWriter {

    private final RecordSetWriterFactory writerFactory;
    private final ComponentLog logger;

    public SequenceRecordSetWriter(final RecordSetWriterFactory writerFactory, final ComponentLog logger) {
        this.writerFactory = writerFactory;
        this.logger = logger;
    }

    @Override
    public Result write(final List<Sequence> batch, final OutputStream out, final Map<String, String> attributes) throws IOException {
        try {
            final RecordSchema schema = writerFactory.getSchema(attributes, SequenceSchema.SEQUENCE);
            try (RecordSetWriter writer = writerFactory.createWriter(logger, schema, out, attributes)) {
                writer.beginRecordSet();
                for (final Sequence sequence : batch) {
                    writer.write(SequenceSchema.toRecord(sequence));
                }
                final WriteResult result = writer.finishRecordSet();
                return new Result(result.getRecordCount(), writer.getMimeType());
            }
        } catch (final SchemaNotFoundException e) {
            throw new IOException("The Record Writer found no schema: " + e.getMessage(), e);
        }
    }
}
