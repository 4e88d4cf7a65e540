package io.github.nifisaleshandy.benchmarks;

import io.github.nifisaleshandy.client.StatsPage;
import io.github.nifisaleshandy.output.PageWriter;
import io.github.nifisaleshandy.record.RecordFormat;
import io.github.nifisaleshandy.record.StatsRow;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.serialization.record.type.RecordDataType;

/**
 * The Record Writer path as it was before {@code StatsRecord}: each row copied into a {@link MapRecord} (nested Client
 * too), so that one run shows what reading the rows in place saves.
 */
final class MapRecordPageWriter implements PageWriter<StatsRow> {

    private final RecordSetWriterFactory writerFactory;
    private final RecordSchema recordSchema;
    private final ComponentLog logger;

    MapRecordPageWriter(final RecordSetWriterFactory writerFactory, final RecordFormat format, final ComponentLog logger) {
        this.writerFactory = writerFactory;
        this.recordSchema = format.schema();
        this.logger = logger;
    }

    @Override
    public Result write(final StatsPage<? extends StatsRow> page, final OutputStream out, final Map<String, String> attributes) throws IOException {
        try (RecordSetWriter writer = writerFactory.createWriter(logger, writerFactory.getSchema(attributes, recordSchema), out, attributes)) {
            writer.beginRecordSet();
            for (final StatsRow row : page.records()) {
                final Object[] values = new Object[row.columnCount()];
                for (int column = 0; column < values.length; column++) {
                    values[column] = row.value(column);
                }
                writer.write(mapRecord(recordSchema, values));
            }
            return new Result(writer.finishRecordSet().getRecordCount(), writer.getMimeType(), 0);
        } catch (final SchemaNotFoundException e) {
            throw new IOException(e);
        }
    }

    private static MapRecord mapRecord(final RecordSchema schema, final Object[] values) {
        final List<RecordField> fields = schema.getFields();
        final Map<String, Object> map = new HashMap<>(fields.size() * 2);
        for (int column = 0; column < values.length; column++) {
            final RecordField field = fields.get(column);
            map.put(field.getFieldName(), values[column] instanceof Object[] nested
                    ? mapRecord(((RecordDataType) field.getDataType()).getChildSchema(), nested) : values[column]);
        }
        return new MapRecord(schema, map);
    }
}
