package io.github.nifisaleshandy.output;

import io.github.nifisaleshandy.client.StatsPage;
import io.github.nifisaleshandy.record.StatsRowConverter;
import io.github.nifisaleshandy.record.StatsRow;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.Record;
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
        final List<? extends StatsRow> rows = page.records();
        int unparsed = 0;
        for (final StatsRow row : rows) {
            unparsed += row.unparsedCount();
        }
        // Records are made one at a time as the writer takes them, not held as a second list of the page.
        final Iterable<Record> records = () -> rows.stream().map(row -> row.toRecord(recordSchema)).iterator();
        final RecordSetWriting.Written written = RecordSetWriting.write(writerFactory, logger, recordSchema, records, out, attributes);
        return new Result(written.recordCount(), written.mimeType(), unparsed);
    }
}
