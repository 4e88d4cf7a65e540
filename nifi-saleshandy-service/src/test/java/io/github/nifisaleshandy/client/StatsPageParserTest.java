package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.service.DateWindow;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.RecordFormat;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.testapi.StatsPages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatsPageParserTest {

    private static final DateWindow WINDOW = new DateWindow(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31));

    private final StatsPageParser parser = new StatsPageParser(new JsonFactory(), RecordFormat.AS_RETURNED, false);

    @Test
    void keepsTheSeedRecordsByteForByte() throws Exception {
        final String body = StatsPages.resource("seed-page.json");
        final StatsPageParser.Parsed page = parser.parse(WINDOW, 1, body.getBytes(StandardCharsets.UTF_8));

        assertEquals(3, page.recordCount());
        assertFalse(page.hasMore());
        assertEquals(OptionalInt.of(1), page.nextPageNumber());
        final ObjectMapper mapper = new ObjectMapper();
        assertEquals(mapper.readTree(body).at("/payload/data"), mapper.readTree(dataOf(page)));
        assertTrue(dataOf(page).startsWith("[") && dataOf(page).endsWith("]"));
        assertTrue(body.contains(dataOf(page)), "the data array is the API's own text, not a re-serialization");
    }

    @Test
    void readsMultiByteTextAtTheRightOffsets() throws Exception {
        final String data = "[{\"Recipient name\":\"Zoë Ångström 日本語 \\\"quoted\\\", comma\\nnewline\"}]";
        final StatsPageParser.Parsed page = parser.parse(WINDOW, 2, StatsPages.envelope(data, true, 3).getBytes(StandardCharsets.UTF_8));

        assertEquals(data, dataOf(page));
        assertEquals(1, page.recordCount());
        assertTrue(page.hasMore());
    }

    @Test
    void fingerprintsDifferForDifferentRecords() throws Exception {
        final StatsPageParser.Parsed first = parser.parse(WINDOW, 1, StatsPages.page(1, 0, 10, true).getBytes(StandardCharsets.UTF_8));
        final StatsPageParser.Parsed second = parser.parse(WINDOW, 2, StatsPages.page(2, 10, 10, true).getBytes(StandardCharsets.UTF_8));
        final StatsPageParser.Parsed again = parser.parse(WINDOW, 3, StatsPages.page(2, 10, 10, true).getBytes(StandardCharsets.UTF_8));

        assertNotEquals(first.dataFingerprint(), second.dataFingerprint());
        assertEquals(second.dataFingerprint(), again.dataFingerprint());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "not JSON|<html><body>Bad gateway</body></html>|not valid JSON",
        "truncated|{\"payload\":{\"data\":[{\"a\":1},|not valid JSON",
        "array at the top|[1,2]|not a JSON object",
        "no payload|{\"message\":\"ok\"}|no 'payload'",
        "payload not an object|{\"payload\":[]}|'payload' is not an object",
        "no data|{\"payload\":{\"hasMore\":false}}|no 'payload.data'",
        "data not an array|{\"payload\":{\"data\":{},\"hasMore\":false}}|'payload.data' is not an array",
        "record not an object|{\"payload\":{\"data\":[1],\"hasMore\":false}}|'payload.data[0]' is not an object",
        "no hasMore|{\"payload\":{\"data\":[]}}|no 'payload.hasMore'",
        "hasMore a string|{\"payload\":{\"data\":[],\"hasMore\":\"no\"}}|'payload.hasMore' is not a boolean",
        "nextPageNumber text|{\"payload\":{\"data\":[],\"hasMore\":false,\"nextPageNumber\":\"2\"}}|not a whole number",
        "trailing garbage|{\"payload\":{\"data\":[],\"hasMore\":false}} {}|unexpected content"
    })
    void rejectsBodiesOfTheWrongShapeNamingThePage(final String name, final String body, final String expected) {
        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> parser.parse(WINDOW, 7, body.getBytes(StandardCharsets.UTF_8)));

        assertEquals(Failure.MALFORMED_RESPONSE, e.getFailure());
        assertTrue(e.getMessage().startsWith("Page 7: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32BE", "UTF-32LE", "UTF-32", "UTF-8 with BOM"})
    void aPageInAnyJsonEncodingIsReadLikeUtf8(final String encoding) throws Exception {
        final String body = StatsPages.resource("seed-page.json");
        final StatsPageParser.Parsed expected = parser.parse(WINDOW, 1, body.getBytes(StandardCharsets.UTF_8));

        final StatsPageParser.Parsed page = parser.parse(WINDOW, 1, AnyBytes.encode(body, encoding));

        assertEquals(expected.recordCount(), page.recordCount());
        assertEquals(expected.dataFingerprint(), page.dataFingerprint());
        assertEquals(expected.hasMore(), page.hasMore());
        assertEquals(dataOf(expected), dataOf(page), "the data passed on is UTF-8 whatever the encoding received");
    }

    @Test
    void thousandsOfMutatedBodiesGiveAPageOrAMalformedResponseOnly() {
        final List<StatsPageParser> parsers = List.of(parser, new StatsPageParser(new JsonFactory(), RecordFormat.NORMALIZED, true),
                new StatsPageParser(new JsonFactory(), RecordFormat.NORMALIZED_FLAT, true),
                new StatsPageParser(new JsonFactory(), RecordFormat.AS_RETURNED, true));
        final AnyBytes mutations = new AnyBytes(StatsPages.page(1, 0, 3, true), 20261126L);
        int pages = 0;
        int malformed = 0;
        for (int i = 0; i < 3000; i++) {
            final byte[] body = mutations.next();
            for (final StatsPageParser each : parsers) {
                try {
                    each.parse(WINDOW, 1, body).page().records();
                    pages++;
                } catch (final SaleshandyApiException e) {
                    assertEquals(Failure.MALFORMED_RESPONSE, e.getFailure(), e.getMessage());
                    assertTrue(e.getMessage().startsWith("Page 1: "), e.getMessage());
                    malformed++;
                }
            }
        }
        assertTrue(pages > 100 && malformed > 1000, pages + " pages, " + malformed + " malformed");
    }

    private static String dataOf(final StatsPageParser.Parsed page) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        page.page().writeJson(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
