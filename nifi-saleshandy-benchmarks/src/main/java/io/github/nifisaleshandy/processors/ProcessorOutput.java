package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.service.StatsPage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

/**
 * The stats processors' own writing of a page into a FlowFile's content (package-private {@link RecordWriting}, as
 * {@code StatsRun} calls it), opened to the benchmarks, which live in this package for that reason only.
 */
public final class ProcessorOutput {

    private final RecordWriting writing;

    /** {@code writerFactory} is the Record Writer, or null for the processor's own JSON arrays. */
    public ProcessorOutput(final RecordSetWriterFactory writerFactory, final ComponentLog logger) {
        this.writing = new RecordWriting(writerFactory, logger);
    }

    /** Writes {@code page} as the processor does for a query that converted its records; returns the records written. */
    public int write(final StatsPage page, final OutputStream out) throws IOException {
        return write(page.schema(), page.records(), out);
    }

    /** Writes these records of {@code schema}; returns how many were written. */
    public int write(final RecordSchema schema, final Iterable<Record> records, final OutputStream out) throws IOException {
        return writing.write(schema, records, out, Map.of()).recordCount();
    }
}
