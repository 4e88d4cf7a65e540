package io.github.nifisaleshandy.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.client.StatsPageParser;
import io.github.nifisaleshandy.service.DateWindow;
import io.github.nifisaleshandy.service.RecordFormat;
import io.github.nifisaleshandy.service.StatsPage;
import io.github.nifisaleshandy.testapi.StatsPages;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.nifi.serialization.record.Record;
import org.junit.jupiter.api.Test;

class StatsRowConverterTest {

    private static final DateWindow WINDOW = new DateWindow(LocalDate.of(2024, 11, 15), LocalDate.of(2024, 11, 19));

    private final JsonFactory jsonFactory = new JsonFactory();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void convertsEveryRecordOfAPageWhileThePageIsParsed() throws Exception {
        final StatsPage page = new StatsPageParser(jsonFactory, RecordFormat.NORMALIZED, true)
                .parse(WINDOW, 1, StatsPages.resource("seed-page.json").getBytes(StandardCharsets.UTF_8)).page();

        assertEquals(3, page.recordCount());
        assertEquals(3, page.records().size());
        final JsonNode data = mapper.readTree(StatsPages.resource("seed-page.json")).path("payload").path("data");
        for (int i = 0; i < 3; i++) {
            assertEquals(data.get(i).path("Sequence Id").textValue(), page.records().get(i).getValue("sequence_id"));
            assertEquals(data.get(i).path("Recipient Email").textValue(), page.records().get(i).getValue("recipient_email"));
        }
    }

    @Test
    void typesEveryNormalizedColumn() throws Exception {
        final Record record = readOne(RecordFormat.NORMALIZED, StatsPages.record(4));

        assertEquals(2, record.getValue("step_number"));
        assertEquals(Timestamp.from(Instant.parse("2024-12-18T05:29:29Z")), record.getValue("email_sent_at"));
        assertEquals(Boolean.TRUE, record.getValue("replied"));
        assertNull(record.getValue("replied_at"), "empty text is null");
        assertNull(record.getValue("conversation_id"), "empty text is null");
        assertNull(record.getValue("client"), "an empty Client object is null");
        assertNull(record.getValue(StatsSchemas.UNPARSED_VALUES));
    }

    @Test
    void keepsUnconvertibleValuesAsRawTextAndCountsThem() throws Exception {
        final String json = "{\"Email Sent At\":\"yesterday\",\"Open Count\":\"many\",\"Click Count\":\"3\",\"Replied\":\"Maybe\","
                + "\"Bounced\":\"\",\"Step Number\":1.5}";
        final StatsRecord record = convert(RecordFormat.NORMALIZED, json);

        assertEquals(4, record.unparsedCount());
        assertNull(record.getValue("email_sent_at"));
        assertNull(record.getValue("open_count"));
        assertEquals(3, record.getValue("click_count"), "a count sent as text is still a count");
        assertNull(record.getValue("replied"));
        assertNull(record.getValue("bounced"), "an empty flag is null, not an error");
        assertEquals(Map.of("Email Sent At", "yesterday", "Open Count", "many", "Replied", "Maybe", "Step Number", "1.5"),
                record.getValue(StatsSchemas.UNPARSED_VALUES));
    }

    @Test
    void keepsFieldsTheApiAddsLater() throws Exception {
        final String json = "{\"Sequence Id\":\"s1\",\"Lead Score\":42,\"Tags\":[\"a\",\"b\"],\"Client\":{\"id\":\"c1\",\"plan\":\"pro\"}}";

        final Record record = readOne(RecordFormat.NORMALIZED, json);

        assertEquals(Map.of("Lead Score", "42", "Tags", "[\"a\",\"b\"]", "Client.plan", "pro"), record.getValue(StatsSchemas.EXTRA_FIELDS));
        assertEquals("c1", ((Record) record.getValue("client")).getValue("id"));
    }

    @Test
    void flatFormatSpreadsTheClientAndRendersMapsAsJson() throws Exception {
        final String json = "{\"Sequence Id\":\"s1\",\"Lead Score\":42,\"Client\":{\"id\":\"c1\",\"companyName\":\"Demo\"},\"Replied\":\"?\"}";

        final Record record = readOne(RecordFormat.NORMALIZED_FLAT, json);

        assertEquals("c1", record.getValue("client_id"));
        assertEquals("Demo", record.getValue("client_company_name"));
        assertNull(record.getValue("client_email"));
        assertEquals("{\"Lead Score\":\"42\"}", record.getValue(StatsSchemas.EXTRA_FIELDS));
        assertEquals("{\"Replied\":\"?\"}", record.getValue(StatsSchemas.UNPARSED_VALUES));
    }

    @Test
    void asReturnedKeepsTheApisNamesAndText() throws Exception {
        final Record record = readOne(RecordFormat.AS_RETURNED, StatsPages.record(4));

        assertEquals("Wed Dec 18 2024 10:59:29 GMT+0530 (India Standard Time)", record.getValue("Email Sent At"));
        assertEquals("Yes", record.getValue("Replied"));
        assertEquals("", record.getValue("Replied At"));
        assertEquals(2, record.getValue("Step Number"));
    }

    private Record readOne(final RecordFormat format, final String json) throws Exception {
        return convert(format, json);
    }

    private StatsRecord convert(final RecordFormat format, final String json) throws Exception {
        try (JsonParser parser = jsonFactory.createParser(json)) {
            parser.nextToken();
            return new StatsRowConverter(jsonFactory, format).convert(parser);
        }
    }
}
