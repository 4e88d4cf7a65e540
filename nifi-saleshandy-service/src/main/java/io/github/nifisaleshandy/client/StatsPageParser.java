package io.github.nifisaleshandy.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.zip.CRC32C;

/**
 * Checks a response body against the documented shape in one streaming pass, without building a tree:
 * {@code {"payload": {"data": [ {...}, ... ], "hasMore": bool, "nextPageNumber": int}}}. With a {@link RecordConverter},
 * each record is converted in the same pass; a {@link #verbatim} parser only locates the records, to be passed on as bytes.
 *
 * @param <R> the type of the converted records
 */
public final class StatsPageParser<R> {

    private final JsonFactory jsonFactory;
    /** Null only in a {@link #verbatim} parser, whose type ({@code Void}) says that its pages carry no records. */
    private final RecordConverter<R> converter;

    /** Converts each record with {@code converter} while the page is parsed. */
    public StatsPageParser(final JsonFactory jsonFactory, final RecordConverter<R> converter) {
        this.jsonFactory = jsonFactory;
        this.converter = Objects.requireNonNull(converter, "converter; use StatsPageParser.verbatim to pass records on unconverted");
    }

    private StatsPageParser(final JsonFactory jsonFactory) {
        this.jsonFactory = jsonFactory;
        this.converter = null;
    }

    /**
     * Checks pages and locates their records without converting them, for output that copies {@code payload.data} as sent
     * (As Returned without a Record Writer). Such a page is a {@code StatsPage<Void>} with no {@link StatsPage#records()}:
     * the type, not a list that may or may not be filled, tells a writer that only the bytes are there. (A converter that
     * returns nothing per record was the alternative; it would only fill a list with nulls.)
     */
    public static StatsPageParser<Void> verbatim(final JsonFactory jsonFactory) {
        return new StatsPageParser<>(jsonFactory);
    }

    /** A page, or a {@link Failure#MALFORMED_RESPONSE} for any bytes that are not one: never another exception. */
    public StatsPage<R> parse(final int pageNumber, final byte[] received) throws SaleshandyApiException {
        final byte[] body;
        try {
            body = JsonEncoding.toUtf8(received);
        } catch (final CharacterCodingException e) {
            throw malformed(pageNumber, "the response is not text in the encoding it starts with (" + JsonEncoding.detect(received) + ")");
        }
        try {
            return parseUtf8(pageNumber, body);
        } catch (final RuntimeException e) {
            // A defect here, or in a record converter, must fail this page, not the processor's thread with an unclassified error.
            // Not chained: its message may quote the body, which may echo the key; where it was thrown is enough to find it.
            final StackTraceElement[] where = e.getStackTrace();
            throw malformed(pageNumber, "malformed response (" + e.getClass().getSimpleName() + (where.length == 0 ? "" : " at " + where[0]) + ")");
        }
    }

    private StatsPage<R> parseUtf8(final int pageNumber, final byte[] body) throws SaleshandyApiException {
        try (JsonParser parser = jsonFactory.createParser(body)) {
            expect(parser.nextToken() == JsonToken.START_OBJECT, pageNumber, "the response is not a JSON object");
            PagePayload<R> payload = null;
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
            return payload.toPage(pageNumber, body);
        } catch (final StreamReadException e) {
            throw malformed(pageNumber, "the response is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (final IOException e) {
            throw new SaleshandyApiException(Failure.MALFORMED_RESPONSE, "Page " + pageNumber + ": unreadable response: " + e.getMessage(), e);
        }
    }

    private PagePayload<R> readPayload(final JsonParser parser, final int pageNumber, final byte[] body) throws IOException, SaleshandyApiException {
        expect(parser.currentToken() == JsonToken.START_OBJECT, pageNumber, "'payload' is not an object");
        final PagePayload<R> payload = new PagePayload<>();
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

    private void readData(final JsonParser parser, final int pageNumber, final byte[] body, final PagePayload<R> payload)
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
                payload.rows.add(converter.convert(parser));
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

    private static final class PagePayload<R> {
        private int dataOffset = -1;
        private int dataLength;
        private int recordCount;
        private long dataFingerprint;
        private Boolean hasMore;
        private OptionalInt nextPageNumber = OptionalInt.empty();
        private final List<R> rows = new ArrayList<>();

        private StatsPage<R> toPage(final int pageNumber, final byte[] body) throws SaleshandyApiException {
            expect(dataOffset >= 0, pageNumber, "the response has no 'payload.data' array");
            expect(hasMore != null, pageNumber, "the response has no 'payload.hasMore' flag");
            return new StatsPage<>(pageNumber, hasMore, nextPageNumber, recordCount, body, dataOffset, dataLength, dataFingerprint, rows);
        }
    }
}
