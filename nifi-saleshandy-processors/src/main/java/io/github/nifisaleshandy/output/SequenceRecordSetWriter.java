package io.github.nifisaleshandy.output;

import io.github.nifisaleshandy.client.Sequence;
import io.github.nifisaleshandy.record.SequenceSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.RecordSetWriterFactory;

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
        final List<Record> records = batch.stream().map(SequenceSchema::toRecord).toList();
        final RecordSetWriting.Written written = RecordSetWriting.write(writerFactory, logger, SequenceSchema.SEQUENCE, records, out, attributes);
        return new Result(written.recordCount(), written.mimeType());
    }
}
