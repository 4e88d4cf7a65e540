package io.github.nifisaleshandy.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.client.StatsPage;
import io.github.nifisaleshandy.client.StatsPageParser;
import io.github.nifisaleshandy.output.RecordJsonPageWriter;
import io.github.nifisaleshandy.testapi.StatsPages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.nifi.serialization.record.Record;
import org.junit.jupiter.api.Test;

class StatsRowConverterTest {

    private final JsonFactory jsonFactory = new JsonFactory();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void normalizesTheSeedRecordsAsDocumented() throws Exception {
        final StatsRowConverter converter = new StatsRowConverter(jsonFactory, RecordFormat.NORMALIZED);
        final StatsPage<StatsRow> page = new StatsPageParser<>(jsonFactory, converter)
                .parse(1, StatsPages.resource("seed-page.json").getBytes(StandardCharsets.UTF_8));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        new RecordJsonPageWriter(jsonFactory, converter).write(page, out, Map.of());

        assertEquals(3, page.records().size());
        assertEquals(mapper.readTree(StatsPages.resource("seed-normalized.json")), mapper.readTree(out.toByteArray()));
    }

    @Test
    void convertsWhileThePageIsParsedAsReadingItsDataAgainWould() throws Exception {
        final StatsRowConverter converter = new StatsRowConverter(jsonFactory, RecordFormat.NORMALIZED);
        final StatsPage<StatsRow> page = new StatsPageParser<>(jsonFactory, converter)
                .parse(1, StatsPages.resource("seed-page.json").getBytes(StandardCharsets.UTF_8));
        final List<StatsRow> readAgain = new ArrayList<>();

        converter.read(page.data(), readAgain::add);

        assertEquals(records(readAgain), records(page.records()));
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
        final List<StatsRow> rows = new ArrayList<>();

        final int unparsed = new StatsRowConverter(jsonFactory, RecordFormat.NORMALIZED).read(array(json), rows::add);

        final Record record = rows.getFirst().toRecord(StatsSchemas.NORMALIZED);
        assertEquals(4, unparsed);
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
        final List<StatsRow> rows = new ArrayList<>();
        new StatsRowConverter(jsonFactory, format).read(array(json), rows::add);
        assertEquals(1, rows.size());
        return rows.getFirst().toRecord(format.schema());
    }

    private static ByteArrayInputStream array(final String object) {
        return new ByteArrayInputStream(("[" + object + "]").getBytes(StandardCharsets.UTF_8));
    }

    private static List<Record> records(final List<StatsRow> rows) {
        return rows.stream().map(row -> row.toRecord(RecordFormat.NORMALIZED.schema())).toList();
    }
}
