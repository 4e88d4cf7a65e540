package io.github.nifisaleshandy.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.github.nifisaleshandy.record.StatsRecord;
import io.github.nifisaleshandy.record.StatsRowConverter;
import io.github.nifisaleshandy.record.StatsSchemas;
import io.github.nifisaleshandy.service.DateWindow;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.RecordFormat;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.service.StatsPage;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
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
        final byte[] body;
        try {
            body = ResponseText.toUtf8(received);
        } catch (final CharacterCodingException e) {
            throw malformed(pageNumber, "the response is not text in the encoding it starts with (" + ResponseText.detect(received) + ")");
        }
        try {
            return parseUtf8(window, pageNumber, body);
        } catch (final RuntimeException e) {
            // A defect here, or in a record converter, must fail this page, not the processor's thread with an unclassified error.
            // Not chained: its message may quote the body, which may echo the key; where it was thrown is enough to find it.
            final StackTraceElement[] where = e.getStackTrace();
            throw malformed(pageNumber, "malformed response (" + e.getClass().getSimpleName() + (where.length == 0 ? "" : " at " + where[0]) + ")");
        }
    }

    private Parsed parseUtf8(final DateWindow window, final int pageNumber, final byte[] body) throws SaleshandyApiException {
        try (JsonParser parser = jsonFactory.createParser(body)) {
            expect(parser.nextToken() == JsonToken.START_OBJECT, pageNumber, "the response is not a JSON object");
            PagePayload payload = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                final String field = parser.currentName();
                parser.nextToken();
                if ("payload".equals(field)) {
                    payload = readPayload(parser, pageNumber, body);
                } else {
                    parser.skipChildren();
                }
            }
            expect(parser.nextToken() == null, pageNumber, "unexpected content after the JSON object");
            expect(payload != null, pageNumber, "the response has no 'payload' object");
            return payload.toPage(window, pageNumber, body);
        } catch (final StreamReadException e) {
            throw malformed(pageNumber, "the response is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (final IOException e) {
            throw new SaleshandyApiException(Failure.MALFORMED_RESPONSE, "Page " + pageNumber + ": unreadable response: " + e.getMessage(), e);
        }
    }

    private PagePayload readPayload(final JsonParser parser, final int pageNumber, final byte[] body) throws IOException, SaleshandyApiException {
        expect(parser.currentToken() == JsonToken.START_OBJECT, pageNumber, "'payload' is not an object");
        final PagePayload payload = new PagePayload();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            final String field = parser.currentName();
            final JsonToken value = parser.nextToken();
            switch (field) {
                case "data" -> readData(parser, pageNumber, body, payload);
                case "hasMore" -> {
                    expect(value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE, pageNumber, "'payload.hasMore' is not a boolean");
                    payload.hasMore = value == JsonToken.VALUE_TRUE;
                }
                case "nextPageNumber" -> {
                    if (value == JsonToken.VALUE_NUMBER_INT) {
                        payload.nextPageNumber = OptionalInt.of(parser.getIntValue());
                    } else {
                        expect(value == JsonToken.VALUE_NULL, pageNumber, "'payload.nextPageNumber' is not a whole number");
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return payload;
    }

    private void readData(final JsonParser parser, final int pageNumber, final byte[] body, final PagePayload payload)
            throws IOException, SaleshandyApiException {
        expect(parser.currentToken() == JsonToken.START_ARRAY, pageNumber, "'payload.data' is not an array");
        payload.dataOffset = (int) parser.currentTokenLocation().getByteOffset();
        int count = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            expect(token == JsonToken.START_OBJECT, pageNumber, "'payload.data[" + count + "]' is not an object");
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
        checksum.update(body, payload.dataOffset, payload.dataLength);
        payload.dataFingerprint = checksum.getValue();
    }

    private static void expect(final boolean condition, final int pageNumber, final String problem) throws SaleshandyApiException {
        if (!condition) {
            throw malformed(pageNumber, problem);
        }
    }

    private static SaleshandyApiException malformed(final int pageNumber, final String problem) {
        return new SaleshandyApiException(Failure.MALFORMED_RESPONSE, "Page " + pageNumber + ": " + problem);
    }

    private final class PagePayload {
        private int dataOffset = -1;
        private int dataLength;
        private int recordCount;
        private long dataFingerprint;
        private Boolean hasMore;
        private OptionalInt nextPageNumber = OptionalInt.empty();
        private int unparsed;
        private final List<Record> records = new ArrayList<>();

        private Parsed toPage(final DateWindow window, final int pageNumber, final byte[] body) throws SaleshandyApiException {
            expect(dataOffset >= 0, pageNumber, "the response has no 'payload.data' array");
            expect(hasMore != null, pageNumber, "the response has no 'payload.hasMore' flag");
            return new Parsed(hasMore, nextPageNumber, dataFingerprint,
                    new StatsPage(window, pageNumber, recordCount, schema, records, unparsed, body, dataOffset, dataLength));
        }
    }
}
