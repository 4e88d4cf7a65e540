package io.github.nifisaleshandy.client;

import static io.github.nifisaleshandy.client.ResponseText.expect;
import static io.github.nifisaleshandy.client.ResponseText.malformed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.nifisaleshandy.record.StatsRecord;
import io.github.nifisaleshandy.record.StatsRowConverter;
import io.github.nifisaleshandy.record.StatsSchemas;
import io.github.nifisaleshandy.service.DateWindow;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.RecordFormat;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.service.StatsPage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.zip.CRC32C;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;

/** Checks a stats body in one streaming pass and, when converting, makes its NiFi records in the same pass; else only locates them. */
public final class StatsPageParser {

    /** A checked page with what paging needs of it. */
    public record Parsed(boolean hasMore, OptionalInt nextPageNumber, long dataFingerprint, StatsPage page) {

        public int pageNumber() {
            return page.pageNumber();
        }

        public int recordCount() {
            return page.recordCount();
        }
    }

    private final JsonFactory jsonFactory;
    private final RecordSchema schema;
    private final StatsRowConverter converter;

    public StatsPageParser(final JsonFactory jsonFactory, final RecordFormat format, final boolean convert) {
        this.jsonFactory = jsonFactory;
        this.schema = StatsSchemas.of(format);
        this.converter = convert ? new StatsRowConverter(jsonFactory, format) : null;
    }

    /** A page, or a {@link Failure#MALFORMED_RESPONSE} for any bytes that are not one: never another exception. */
    public Parsed parse(final DateWindow window, final int pageNumber, final byte[] received) throws SaleshandyApiException {
        final String label = "Page " + pageNumber;
        try {
            return ResponseText.payload(jsonFactory, received, label, "object", (parser, body) -> readPayload(parser, label, body))
                    .toPage(window, pageNumber, label);
        } catch (final RuntimeException e) {
            // A defect here, or in a record converter, must fail this page, not the processor's thread with an unclassified error.
            // Not chained: its message may quote the body, which may echo the key; where it was thrown is enough to find it.
            final StackTraceElement[] where = e.getStackTrace();
            throw malformed(label, "malformed response (" + e.getClass().getSimpleName() + (where.length == 0 ? "" : " at " + where[0]) + ")");
        }
    }

    private PagePayload readPayload(final JsonParser parser, final String label, final byte[] body) throws IOException, SaleshandyApiException {
        expect(parser.currentToken() == JsonToken.START_OBJECT, label, "'payload' is not an object");
        final PagePayload payload = new PagePayload(body);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            final String field = parser.currentName();
            final JsonToken value = parser.nextToken();
            switch (field) {
                case "data" -> readData(parser, label, payload);
                case "hasMore" -> {
                    expect(value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE, label, "'payload.hasMore' is not a boolean");
                    payload.hasMore = value == JsonToken.VALUE_TRUE;
                }
                case "nextPageNumber" -> {
                    if (value == JsonToken.VALUE_NUMBER_INT) {
                        payload.nextPageNumber = OptionalInt.of(parser.getIntValue());
                    } else {
                        expect(value == JsonToken.VALUE_NULL, label, "'payload.nextPageNumber' is not a whole number");
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return payload;
    }

    private void readData(final JsonParser parser, final String label, final PagePayload payload) throws IOException, SaleshandyApiException {
        expect(parser.currentToken() == JsonToken.START_ARRAY, label, "'payload.data' is not an array");
        payload.dataOffset = (int) parser.currentTokenLocation().getByteOffset();
        int count = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                throw malformed(label, "'payload.data[" + count + "]' is not an object");
            }
            if (converter == null) {
                parser.skipChildren();
            } else {
                final StatsRecord record = converter.convert(parser);
                payload.unparsed += record.unparsedCount();
                payload.records.add(record);
            }
            count++;
        }
        payload.dataLength = (int) parser.currentTokenLocation().getByteOffset() + 1 - payload.dataOffset;
        payload.recordCount = count;
        final CRC32C checksum = new CRC32C();
        checksum.update(payload.body, payload.dataOffset, payload.dataLength);
        payload.dataFingerprint = checksum.getValue();
    }

    private final class PagePayload {
        private final byte[] body;
        private int dataOffset = -1;
        private int dataLength;
        private int recordCount;
        private long dataFingerprint;
        private Boolean hasMore;
        private OptionalInt nextPageNumber = OptionalInt.empty();
        private int unparsed;
        private final List<Record> records = new ArrayList<>();

        private PagePayload(final byte[] body) {
            this.body = body;
        }

        private Parsed toPage(final DateWindow window, final int pageNumber, final String label) throws SaleshandyApiException {
            expect(dataOffset >= 0, label, "the response has no 'payload.data' array");
            expect(hasMore != null, label, "the response has no 'payload.hasMore' flag");
            return new Parsed(hasMore, nextPageNumber, dataFingerprint,
                    new StatsPage(window, pageNumber, hasMore, recordCount, schema, records, unparsed, body, dataOffset, dataLength));
        }
    }
}
