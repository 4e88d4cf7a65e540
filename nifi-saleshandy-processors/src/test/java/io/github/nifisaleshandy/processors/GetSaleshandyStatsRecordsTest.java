package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.record.RecordFormat;
import io.github.nifisaleshandy.testapi.StatsPages;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.nifi.avro.AvroRecordSetWriter;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.csv.CSVRecordSetWriter;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Output through NiFi's real record writers, read back and compared field by field with the documented normalized rows.
 */
class GetSaleshandyStatsRecordsTest {

    private static final Clock CLOCK = StatsRunners.NOW;

    private static final String ISO_TIMESTAMP = "yyyy-MM-dd'T'HH:mm:ssXXX";

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonNode expectedRows = readTree(StatsPages.resource("seed-normalized.json"));
    @AutoClose
    private final MockWebServer server = StatsRunners.startedServer();
    private final TestRunner runner = StatsRunners.scheduled(server, CLOCK, new RecordingSleeper());

    @BeforeEach
    void setUp() {
        server.enqueue(new MockResponse.Builder().code(200).body(StatsPages.resource("seed-page.json")).build());
        runner.removeProperty(SaleshandyProperties.RECORD_FORMAT);
    }

    @Test
    void normalizedIsTheDefaultAndNeedsNoWriter() {
        final MockFlowFile output = runOnce();

        assertEquals(expectedRows, readTree(output.getContent()));
        output.assertAttributeEquals("mime.type", "application/json");
        output.assertAttributeEquals("record.count", "3");
    }

    @Test
    void asReturnedWithoutAWriterIsTheApisJsonUntouched() {
        runner.setProperty(SaleshandyProperties.RECORD_FORMAT, RecordFormat.AS_RETURNED);

        final MockFlowFile output = runOnce();

        assertEquals(readTree(StatsPages.resource("seed-page.json")).at("/payload/data"), readTree(output.getContent()));
        assertTrue(StatsPages.resource("seed-page.json").contains(output.getContent()));
    }

    @Test
    void jsonWriterWritesTheNormalizedRowsFieldByField() throws Exception {
        useWriter(new JsonRecordSetWriter(), ISO_TIMESTAMP);

        final MockFlowFile output = runOnce();

        final JsonNode rows = readTree(output.getContent());
        assertEquals(3, rows.size());
        for (int i = 0; i < 3; i++) {
            final JsonNode expected = expectedRows.get(i);
            final JsonNode actual = rows.get(i);
            for (final Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
                final String name = names.next();
                if (name.endsWith("_at") && !expected.get(name).isNull()) {
                    assertEquals(Instant.parse(expected.get(name).textValue()), OffsetDateTime.parse(actual.get(name).textValue()).toInstant(), name);
                } else {
                    assertEquals(expected.get(name), actual.get(name), "row " + i + " field " + name);
                }
            }
        }
        output.assertAttributeEquals("mime.type", "application/json");
        output.assertAttributeEquals("record.count", "3");
    }

    @Test
    void csvWriterGivesSnakeCaseHeaderAndIsoTimestampsInTheFlatFormat() throws Exception {
        runner.setProperty(SaleshandyProperties.RECORD_FORMAT, RecordFormat.NORMALIZED_FLAT);
        useWriter(new CSVRecordSetWriter(), ISO_TIMESTAMP);

        final MockFlowFile output = runOnce();

        final List<CSVRecord> rows = new ArrayList<>();
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(output.getContent()))) {
            assertEquals(List.of("sequence_title", "sequence_owner", "step_number", "sender_email", "recipient_email", "recipient_name",
                    "email_sent_at", "open_count", "last_opened_at", "replied", "replied_at", "conversation_id", "current_sentiment", "click_count",
                    "last_clicked_at", "last_link_clicked", "bounced", "bounced_at", "unsubscribed", "deleted", "sequence_id", "client_id",
                    "client_first_name", "client_last_name", "client_email", "client_status", "client_company_name", "extra_fields",
                    "unparsed_values"), parser.getHeaderNames());
            parser.forEach(rows::add);
        }
        assertEquals(3, rows.size());
        final CSVRecord first = rows.getFirst();
        assertEquals("Welcome Campaign", first.get("sequence_title"));
        assertEquals("1", first.get("step_number"));
        assertEquals(Instant.parse("2024-12-18T05:29:29Z"), OffsetDateTime.parse(first.get("email_sent_at")).toInstant());
        assertEquals("true", first.get("replied"));
        assertEquals("", first.get("replied_at"));
        assertEquals("g9bzZq4aMd", first.get("client_id"));
        assertEquals("Demo", first.get("client_company_name"));
        assertEquals("", rows.get(2).get("client_id"), "the empty Client of the third record");
        output.assertAttributeEquals("mime.type", "text/csv");
        assertTrue(output.getAttribute("filename").endsWith("_page-0001.csv"), output.getAttribute("filename"));
        output.assertAttributeEquals("record.count", "3");
    }

    @Test
    void avroWriterGivesTypedColumnsWithoutASchemaRegistry() throws Exception {
        useWriter(new AvroRecordSetWriter(), null);

        final MockFlowFile output = runOnce();

        final List<GenericRecord> rows = new ArrayList<>();
        try (DataFileStream<GenericRecord> avro = new DataFileStream<>(new ByteArrayInputStream(output.toByteArray()), new GenericDatumReader<>())) {
            avro.forEach(rows::add);
        }
        assertEquals(3, rows.size());
        final GenericRecord first = rows.getFirst();
        assertEquals(1, first.get("step_number"));
        assertEquals(2, first.get("open_count"));
        assertEquals(Boolean.TRUE, first.get("replied"));
        assertEquals("timestamp-millis", first.getSchema().getField("email_sent_at").schema().getTypes().stream()
                .filter(s -> s.getLogicalType() != null).findFirst().orElseThrow().getLogicalType().getName());
        assertEquals(Instant.parse("2024-12-18T05:29:29Z").toEpochMilli(), ((Number) first.get("email_sent_at")).longValue());
        assertNull(first.get("replied_at"));
        assertEquals("Demo", ((GenericRecord) first.get("client")).get("company_name").toString());
        assertNull(rows.get(2).get("client"));
    }

    @Test
    void asReturnedThroughAJsonWriterKeepsTheApisNamesAndText() throws Exception {
        runner.setProperty(SaleshandyProperties.RECORD_FORMAT, RecordFormat.AS_RETURNED);
        useWriter(new JsonRecordSetWriter(), null);

        final JsonNode first = readTree(runOnce().getContent()).get(0);

        assertEquals("Thu Dec 18 2024 10:59:29 GMT+5:30 (Asia/Kolkata)", first.get("Email Sent At").textValue());
        assertEquals("Yes", first.get("Replied").textValue());
        assertEquals("", first.get("Replied At").textValue());
        assertEquals("Demo", first.get("Client").get("companyName").textValue());
    }

    @Test
    void unconvertibleValuesAreCountedAndKeptNotFatal() {
        server.close();
        final String body = StatsPages.envelope("[{\"Sequence Id\":\"s\",\"Email Sent At\":\"Someday\",\"Replied\":\"Perhaps\"}]", false, 1);
        final MockWebServer other = new MockWebServer();
        try (other) {
            other.start();
            other.enqueue(new MockResponse.Builder().code(200).body(body).build());
            StatsRunners.setConnectionProperty(runner, SaleshandyProperties.BASE_URL, other.url("/").toString());

            final MockFlowFile output = runOnce();

            output.assertAttributeEquals("saleshandy.unparsed.count", "2");
            assertEquals(2, runner.getCounterValue(RunOutput.UNPARSED_COUNTER));
            final JsonNode row = readTree(output.getContent()).get(0);
            assertTrue(row.get("email_sent_at").isNull());
            assertEquals("Someday", row.get("unparsed_values").get("Email Sent At").textValue());
            assertEquals(1, runner.getLogger().getWarnMessages().size());
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aRecordWriterThatFailsEmitsNothingAndLogsItsExceptionWithTheStackTrace() throws Exception {
        final ControllerService broken = new BrokenWriter();
        StatsRunners.useService(runner, SaleshandyProperties.RECORD_WRITER, "broken", broken);

        runner.run();

        runner.assertTransferCount(StatsRelationships.SUCCESS, 0);
        final List<LogMessage> errors = runner.getLogger().getErrorMessages();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.getFirst().getMsg().contains("Writing the records failed: the disk is full"), errors.getFirst().getMsg());
        final LogMessage error = errors.getFirst();
        final boolean withException = error.getThrowable() != null || Arrays.stream(error.getArgs()).anyMatch(Throwable.class::isInstance);
        assertTrue(withException, "the writer's exception is logged, so its stack trace reaches nifi-app.log");
    }

    /** A Record Writer whose writers cannot write. */
    private static final class BrokenWriter extends AbstractControllerService implements RecordSetWriterFactory {
        @Override
        public RecordSchema getSchema(final Map<String, String> variables, final RecordSchema readSchema) {
            return readSchema;
        }

        @Override
        public RecordSetWriter createWriter(final ComponentLog logger, final RecordSchema schema, final OutputStream out,
                                            final Map<String, String> variables) throws IOException {
            throw new IOException("the disk is full");
        }
    }

    private MockFlowFile runOnce() {
        runner.run();
        runner.assertTransferCount(StatsRelationships.SUCCESS, 1);
        return runner.getFlowFilesForRelationship(StatsRelationships.SUCCESS).getFirst();
    }

    private void useWriter(final ControllerService writer, final String timestampFormat) throws Exception {
        runner.addControllerService("writer", writer);
        if (timestampFormat != null) {
            runner.setProperty(writer, "Timestamp Format", timestampFormat);
        }
        runner.enableControllerService(writer);
        runner.setProperty(SaleshandyProperties.RECORD_WRITER, "writer");
    }

    private JsonNode readTree(final String json) {
        try {
            return mapper.readTree(json);
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
