package io.github.nifisaleshandy.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.github.nifisaleshandy.client.StatsPage;
import io.github.nifisaleshandy.client.StatsPageParser;
import io.github.nifisaleshandy.output.PageWriter;
import io.github.nifisaleshandy.output.RecordJsonPageWriter;
import io.github.nifisaleshandy.output.RecordSetPageWriter;
import io.github.nifisaleshandy.output.VerbatimJsonPageWriter;
import io.github.nifisaleshandy.processors.GetSaleshandyStats;
import io.github.nifisaleshandy.record.RecordFormat;
import io.github.nifisaleshandy.record.StatsRowConverter;
import java.io.ByteArrayInputStream;
import io.github.nifisaleshandy.testapi.StatsPages;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.csv.CSVRecordSetWriter;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.json.StartingFieldStrategy;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

/**
 * CPU cost from a 500-record page's bytes to output, against the floor of a Jackson streaming parse and re-serialization
 * of the same bytes, measured in the same run.
 */
final class CpuBenchmark {

    static final String FLOOR = "Floor: Jackson streaming parse + re-serialize";
    static final String NORMALIZED_JSON_OWN = "Normalized, processor's JSON";
    static final String NORMALIZED_JSON = "Normalized + NiFi JsonRecordSetWriter";
    static final String FLAT_CSV = "Normalized Flat + NiFi CSVRecordSetWriter";
    static final String NORMALIZED_JSON_MAP_RECORD = "Normalized + NiFi JsonRecordSetWriter, rows copied to MapRecord (before)";
    static final String FLAT_CSV_MAP_RECORD = "Normalized Flat + NiFi CSVRecordSetWriter, rows copied to MapRecord (before)";
    static final String PEER_JSON = "Peer: ConvertRecord, JsonTreeReader -> JsonRecordSetWriter";
    static final String PEER_CSV = "Peer: ConvertRecord, JsonTreeReader -> CSVRecordSetWriter";

    private final JsonFactory jsonFactory = new JsonFactory();
    private final byte[] page;
    private final int recordsPerPage;
    private final TestRunner services = TestRunners.newTestRunner(GetSaleshandyStats.class);

    CpuBenchmark(final int recordsPerPage) {
        this.recordsPerPage = recordsPerPage;
        this.page = StatsPages.body(StatsPages.realisticRecords(recordsPerPage), false, 1);
    }

    /** Records per second of each variant, the floor first, measured round-robin. */
    Map<String, Measurement.Throughput> run(final int pagesPerRound, final int warmUp, final int rounds) throws Exception {
        return Measurement.interleaved(tasks(pagesPerRound), warmUp, rounds);
    }

    /** Each path as a task over {@code pagesPerRound} pages, the floor first. */
    Map<String, Measurement.Task> tasks(final int pagesPerRound) throws Exception {
        final StatsRowConverter normalized = converter(RecordFormat.NORMALIZED);
        final StatsRowConverter flat = converter(RecordFormat.NORMALIZED_FLAT);
        final Map<String, Measurement.Task> tasks = new LinkedHashMap<>();
        tasks.put(FLOOR, () -> floor(pagesPerRound));
        tasks.put("As Returned (verbatim JSON)", task(StatsPageParser.verbatim(jsonFactory), new VerbatimJsonPageWriter(), pagesPerRound));
        tasks.put(NORMALIZED_JSON_OWN, task(new StatsPageParser<>(jsonFactory, normalized),
                new RecordJsonPageWriter(jsonFactory, normalized), pagesPerRound));
        tasks.put(NORMALIZED_JSON, task(new StatsPageParser<>(jsonFactory, normalized),
                new RecordSetPageWriter(writer(new JsonRecordSetWriter(), "json"), normalized, log()), pagesPerRound));
        tasks.put(FLAT_CSV, task(new StatsPageParser<>(jsonFactory, flat),
                new RecordSetPageWriter(writer(new CSVRecordSetWriter(), "csv"), flat, log()), pagesPerRound));
        tasks.put(NORMALIZED_JSON_MAP_RECORD, task(new StatsPageParser<>(jsonFactory, normalized),
                new MapRecordPageWriter(writer(new JsonRecordSetWriter(), "json-map-record"), RecordFormat.NORMALIZED, log()), pagesPerRound));
        tasks.put(FLAT_CSV_MAP_RECORD, task(new StatsPageParser<>(jsonFactory, flat),
                new MapRecordPageWriter(writer(new CSVRecordSetWriter(), "csv-map-record"), RecordFormat.NORMALIZED_FLAT, log()), pagesPerRound));
        final RecordReaderFactory reader = jsonTreeReader();
        tasks.put(PEER_JSON, convertRecord(reader, defaultWriter(new JsonRecordSetWriter(), "peer-json"), pagesPerRound));
        tasks.put(PEER_CSV, convertRecord(reader, defaultWriter(new CSVRecordSetWriter(), "peer-csv"), pagesPerRound));
        return tasks;
    }

    int pageBytes() {
        return page.length;
    }

    private long floor(final int pages) throws Exception {
        for (int i = 0; i < pages; i++) {
            try (JsonParser in = jsonFactory.createParser(page); JsonGenerator out = jsonFactory.createGenerator(OutputStream.nullOutputStream())) {
                while (in.nextToken() != null) {
                    out.copyCurrentEvent(in);
                }
            }
        }
        return (long) pages * recordsPerPage;
    }

    private <R> Measurement.Task task(final StatsPageParser<R> parser, final PageWriter<? super R> writer, final int pages) {
        return () -> {
            long records = 0;
            for (int i = 0; i < pages; i++) {
                final StatsPage<R> parsed = parser.parse(1, page);
                records += writer.write(parsed, OutputStream.nullOutputStream(), Map.of()).recordCount();
            }
            return records;
        };
    }

    /**
     * What a NiFi user builds without this bundle: InvokeHTTP's response body into ConvertRecord, whose loop this is
     * (reader, writer schema from the reader's, one write per record).
     */
    private Measurement.Task convertRecord(final RecordReaderFactory readerFactory, final RecordSetWriterFactory writerFactory, final int pages) {
        return () -> {
            long records = 0;
            for (int i = 0; i < pages; i++) {
                try (RecordReader reader = readerFactory.createRecordReader(Map.of(), new ByteArrayInputStream(page), page.length, log())) {
                    final RecordSchema schema = writerFactory.getSchema(Map.of(), reader.getSchema());
                    try (RecordSetWriter writer = writerFactory.createWriter(log(), schema, OutputStream.nullOutputStream(), Map.of())) {
                        writer.beginRecordSet();
                        Record record;
                        while ((record = reader.nextRecord()) != null) {
                            writer.write(record);
                        }
                        records += writer.finishRecordSet().getRecordCount();
                    }
                }
            }
            return records;
        };
    }

    /**
     * JsonTreeReader as a user would set it up for this API: the records sit in {@code payload.data}, so Starting Field
     * Strategy Nested Field with Starting Field Name {@code data}; the schema inferred (the default), since the API's
     * field names ("Sequence Title") are no valid Avro names for a schema of the user's own.
     */
    private RecordReaderFactory jsonTreeReader() throws Exception {
        final JsonTreeReader reader = new JsonTreeReader();
        services.addControllerService("peer-reader", reader);
        services.setProperty(reader, JsonTreeReader.STARTING_FIELD_STRATEGY, StartingFieldStrategy.NESTED_FIELD.getValue());
        services.setProperty(reader, JsonTreeReader.STARTING_FIELD_NAME, "data");
        services.enableControllerService(reader);
        return reader;
    }

    private RecordSetWriterFactory defaultWriter(final ControllerService writer, final String id) throws Exception {
        services.addControllerService(id, writer);
        services.enableControllerService(writer);
        return (RecordSetWriterFactory) writer;
    }

    private StatsRowConverter converter(final RecordFormat format) {
        return new StatsRowConverter(jsonFactory, format);
    }

    private RecordSetWriterFactory writer(final ControllerService writer, final String id) throws Exception {
        services.addControllerService(id, writer);
        services.setProperty(writer, "Timestamp Format", "yyyy-MM-dd'T'HH:mm:ssXXX");
        services.enableControllerService(writer);
        return (RecordSetWriterFactory) writer;
    }

    private static MockComponentLog log() {
        return new MockComponentLog("benchmark", CpuBenchmark.class);
    }
}
