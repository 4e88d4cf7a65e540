package io.github.nifisaleshandy.service;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

/**
 * One page of statistics: the window and page it answers, its records converted to the query's format (none when the
 * query asked for JSON only), how many values could not be converted, and {@code payload.data} exactly as the API sent it.
 */
public final class StatsPage {

    private final DateWindow window;
    private final int pageNumber;
    private final boolean hasMore;
    private final int recordCount;
    private final RecordSchema schema;
    private final List<Record> records;
    private final int unparsedValues;
    private final byte[] body;
    private final int jsonOffset;
    private final int jsonLength;

    /** {@code payload.data} is {@code body[jsonOffset, jsonOffset + jsonLength)}; the body is not copied and must not change. */
    public StatsPage(final DateWindow window, final int pageNumber, final boolean hasMore, final int recordCount, final RecordSchema schema, final List<Record> records,
                     final int unparsedValues, final byte[] body, final int jsonOffset, final int jsonLength) {
        this.window = Objects.requireNonNull(window, "window");
        this.pageNumber = pageNumber;
        this.hasMore = hasMore;
        this.recordCount = recordCount;
        this.schema = Objects.requireNonNull(schema, "schema");
        this.records = List.copyOf(records);
        this.unparsedValues = unparsedValues;
        this.body = Objects.requireNonNull(body, "body");
        Objects.checkFromIndexSize(jsonOffset, jsonLength, body.length);
        this.jsonOffset = jsonOffset;
        this.jsonLength = jsonLength;
    }

    public DateWindow window() {
        return window;
    }

    public int pageNumber() {
        return pageNumber;
    }

    /** Whether the API said more pages of the window follow. */
    public boolean hasMore() {
        return hasMore;
    }

    /** The records on the page, whether converted or not. */
    public int recordCount() {
        return recordCount;
    }

    public RecordSchema schema() {
        return schema;
    }

    /** The converted records, in order; empty when the query did not ask for conversion. */
    public List<Record> records() {
        return records;
    }

    /** How many values could not be converted; their raw text is in the record's unparsed_values field. */
    public int unparsedValues() {
        return unparsedValues;
    }

    /** Writes the {@code payload.data} JSON array, byte for byte as the API sent it. */
    public void writeJson(final OutputStream out) throws IOException {
        out.write(body, jsonOffset, jsonLength);
    }
}
