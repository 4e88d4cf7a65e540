package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.processors.InMemorySaleshandyService.Page;
import io.github.nifisaleshandy.service.RecordFormat;
import io.github.nifisaleshandy.service.StatsQuery;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a page's records become: the default JSON array (written here, field by field, timestamps as ISO-8601 UTC), the
 * API's JSON verbatim for As Returned, or any real Record Writer offered the page's schema.
 */
class GetSaleshandyStatsRecordsTest {

    private static final String ISO_TIMESTAMP = "yyyy-MM-dd'T'HH:mm:ssXXX";

    private final ObjectMapper mapper = new ObjectMapper();
    private final Fixture fixture = Fixture.scheduled();
    private final TestRunner runner = fixture.runner;
    private final InMemorySaleshandyService service = fixture.service;

    @BeforeEach
    void setUp() {
        runner.removeProperty(SaleshandyProperties.RECORD_FORMAT);
        service.answerStats(new Page(3, 0));
    }

    @Test
    void normalizedIsTheDefaultAndIsWrittenAsAJsonArrayWithIsoTimestamps() throws Exception {
        final MockFlowFile output = runOnce();

        final StatsQuery query = service.statsQueries.getFirst();
        assertEquals(RecordFormat.NORMALIZED, query.format());
        assertTrue(query.convert());
        final String start = Fixture.today().minusDays(3).toString();
        assertEquals(mapper.readTree("""
                [{"sequence_id":"seq","recipient_email":"p1r1@example.com","step_number":1,"opened_at":"2024-12-18T05:29:29Z",
                  "client":{"id":"c1","company_name":"Acme"},"extra_fields":{"note":"%s"}},
                 {"sequence_id":"seq","recipient_email":"p1r2@example.com","step_number":2,"opened_at":"2024-12-18T05:29:29Z",
                  "client":{"id":"c1","company_name":"Acme"},"extra_fields":{"note":"%s"}},
                 {"sequence_id":"seq","recipient_email":"p1r3@example.com","step_number":3,"opened_at":"2024-12-18T05:29:29Z",
                  "client":{"id":"c1","company_name":"Acme"},"extra_fields":{"note":"%s"}}]""".formatted(start, start, start)),
                mapper.readTree(output.getContent()));
        output.assertAttributeEquals("mime.type", "application/json");
        output.assertAttributeEquals("record.count", "3");
    }

    @Test
    void asReturnedWithoutAWriterIsTheApisJsonUntouched() {
        runner.setProperty(SaleshandyProperties.RECORD_FORMAT, RecordFormat.AS_RETURNED);

        runOnce().assertContentEquals(InMemorySaleshandyService.json(1, 3));

        assertEquals(false, service.statsQueries.getFirst().convert(), "nothing is converted that is not written");
    }

    @Test
    void aJsonWriterWritesTheRecordsFieldByField() throws Exception {
        useWriter(new JsonRecordSetWriter(), ISO_TIMESTAMP);

        final MockFlowFile output = runOnce();

        final JsonNode rows = mapper.readTree(output.getContent());
        assertEquals(3, rows.size());
        assertEquals("p1r2@example.com", rows.get(1).get("recipient_email").textValue());
        assertEquals(2, rows.get(1).get("step_number").intValue());
        assertEquals(InMemorySaleshandyService.OPENED_AT, OffsetDateTime.parse(rows.get(1).get("opened_at").textValue()).toInstant());
        assertEquals("Acme", rows.get(1).get("client").get("company_name").textValue());
        output.assertAttributeEquals("mime.type", "application/json");
        output.assertAttributeEquals("record.count", "3");
    }

    @Test
    void asReturnedThroughARecordWriterIsConvertedForIt() throws Exception {
        runner.setProperty(SaleshandyProperties.RECORD_FORMAT, RecordFormat.AS_RETURNED);
        useWriter(new JsonRecordSetWriter(), null);

        runOnce();

        final StatsQuery query = service.statsQueries.getFirst();
        assertEquals(RecordFormat.AS_RETURNED, query.format());
        assertTrue(query.convert(), "a Record Writer needs records, even of the API's own shape");
    }

    @Test
    void aCsvWriterGetsThePagesSchemaAsItsHeaderAndTheFileItsExtension() throws Exception {
        runner.setProperty(SaleshandyProperties.RECORD_FORMAT, RecordFormat.NORMALIZED_FLAT);
        useWriter(new CSVRecordSetWriter(), ISO_TIMESTAMP);

        final MockFlowFile output = runOnce();

        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(output.getContent()))) {
            assertEquals(List.of("sequence_id", "recipient_email", "step_number", "opened_at", "client", "extra_fields"), parser.getHeaderNames());
            assertEquals(3, parser.getRecords().size());
        }
        assertEquals(RecordFormat.NORMALIZED_FLAT, service.statsQueries.getFirst().format());
        output.assertAttributeEquals("mime.type", "text/csv");
        assertTrue(output.getAttribute("filename").endsWith("_page-0001.csv"), output.getAttribute("filename"));
        output.assertAttributeEquals("record.count", "3");
    }

    @Test
    void anAvroWriterGivesTypedColumnsWithoutASchemaRegistry() throws Exception {
        useWriter(new AvroRecordSetWriter(), null);

        final MockFlowFile output = runOnce();

        final List<GenericRecord> rows = new ArrayList<>();
        try (DataFileStream<GenericRecord> avro = new DataFileStream<>(new ByteArrayInputStream(output.toByteArray()), new GenericDatumReader<>())) {
            avro.forEach(rows::add);
        }
        assertEquals(3, rows.size());
        final GenericRecord first = rows.getFirst();
        assertEquals(1, first.get("step_number"));
        assertEquals("timestamp-millis", first.getSchema().getField("opened_at").schema().getTypes().stream()
                .filter(s -> s.getLogicalType() != null).findFirst().orElseThrow().getLogicalType().getName());
        assertEquals(InMemorySaleshandyService.OPENED_AT.toEpochMilli(), ((Number) first.get("opened_at")).longValue());
        assertEquals("Acme", ((GenericRecord) first.get("client")).get("company_name").toString());
        assertTrue(output.getAttribute("filename").endsWith("_page-0001.avro"), output.getAttribute("filename"));
    }

    @Test
    void unconvertibleValuesAreCountedAndKeptNotFatal() {
        service.answerStats(new Page(1, 2));

        final MockFlowFile output = runOnce();

        output.assertAttributeEquals(SaleshandyAttributes.UNPARSED_COUNT, "2");
        assertEquals(2, runner.getCounterValue(StatsRun.UNPARSED_COUNTER));
        final List<LogMessage> warnings = runner.getLogger().getWarnMessages();
        assertEquals(1, warnings.size());
        assertTrue(warnings.getFirst().getMsg().endsWith("2 values could not be converted; their columns are null and their raw text is in the "
                + "unparsed_values field"), warnings.getFirst().getMsg());
    }

    @Test
    void aRecordWriterThatFailsEmitsNothingAndLogsItsExceptionWithTheStackTrace() {
        fixture.use("broken", new BrokenWriter("the disk is full"), SaleshandyProperties.RECORD_WRITER);

        runner.run();

        runner.assertTransferCount(AbstractStatsProcessor.SUCCESS, 0);
        assertEquals(0, runner.getProvenanceEvents().size());
        final List<LogMessage> errors = runner.getLogger().getErrorMessages();
        assertEquals(1, errors.size(), errors.toString());
        final LogMessage error = errors.getFirst();
        assertTrue(Arrays.toString(error.getArgs()).contains("Writing the records failed: the disk is full"), Arrays.toString(error.getArgs()));
        assertTrue(error.getThrowable() != null || Arrays.stream(error.getArgs()).anyMatch(Throwable.class::isInstance),
                "the writer's exception is logged, so its stack trace reaches nifi-app.log");
    }

    /** A Record Writer whose writers cannot write, saying {@code why}. */
    static final class BrokenWriter extends AbstractControllerService implements RecordSetWriterFactory {

        private final String why;

        BrokenWriter(final String why) {
            this.why = why;
        }

        @Override
        public RecordSchema getSchema(final Map<String, String> variables, final RecordSchema readSchema) {
            return readSchema;
        }

        @Override
        public RecordSetWriter createWriter(final ComponentLog logger, final RecordSchema schema, final OutputStream out,
                                            final Map<String, String> variables) throws IOException {
            throw new IOException(why);
        }
    }

    private MockFlowFile runOnce() {
        runner.run();
        runner.assertTransferCount(AbstractStatsProcessor.SUCCESS, 1);
        return runner.getFlowFilesForRelationship(AbstractStatsProcessor.SUCCESS).getFirst();
    }

    private void useWriter(final ControllerService writer, final String timestampFormat) throws Exception {
        runner.addControllerService("writer", writer);
        if (timestampFormat != null) {
            runner.setProperty(writer, "Timestamp Format", timestampFormat);
        }
        runner.enableControllerService(writer);
        runner.setProperty(SaleshandyProperties.RECORD_WRITER, "writer");
    }
}
