package io.github.nifisaleshandy.output;

import io.github.nifisaleshandy.client.StatsPage;
import io.github.nifisaleshandy.record.StatsRowConverter;
import io.github.nifisaleshandy.record.StatsRow;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.WriteResult;
import org.apache.nifi.serialization.record.RecordSchema;

/**
 * Writes converted records through the Record Writer the user chose (JSON, CSV, Avro, Parquet, ...), offering it the
 * fixed schema of the record format so that schema-bound formats work without a schema registry.
 */
public final class RecordSetPageWriter implements PageWriter<StatsRow> {

    private final RecordSetWriterFactory writerFactory;
    private final RecordSchema recordSchema;
    private final ComponentLog logger;

    /** Writes the rows that {@code converter} made, offering the Record Writer the schema of its format. */
    public RecordSetPageWriter(final RecordSetWriterFactory writerFactory, final StatsRowConverter converter, final ComponentLog logger) {
        this.writerFactory = writerFactory;
        this.recordSchema = converter.format().schema();
        this.logger = logger;
    }

    @Override
    public Result write(final StatsPage<? extends StatsRow> page, final OutputStream out, final Map<String, String> attributes) throws IOException {
        try {
            final RecordSchema schema = writerFactory.getSchema(attributes, recordSchema);
            try (RecordSetWriter writer = writerFactory.createWriter(logger, schema, out, attributes)) {
                writer.beginRecordSet();
                int unparsed = 0;
                for (final StatsRow row : page.records()) {
                    writer.write(row.toRecord(recordSchema));
                    unparsed += row.unparsedCount();
                }
                final WriteResult result = writer.finishRecordSet();
                return new Result(result.getRecordCount(), writer.getMimeType(), unparsed);
            }
        } catch (final SchemaNotFoundException e) {
            throw new IOException("The Record Writer found no schema: " + e.getMessage(), e);
        }
    }
}
