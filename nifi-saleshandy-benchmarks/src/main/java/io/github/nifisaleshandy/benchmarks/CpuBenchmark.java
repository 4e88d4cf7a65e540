package io.github.nifisaleshandy.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.github.nifisaleshandy.client.StatsPageParser;
import io.github.nifisaleshandy.processors.GetSaleshandyStats;
import io.github.nifisaleshandy.processors.ProcessorOutput;
import io.github.nifisaleshandy.service.DateWindow;
import io.github.nifisaleshandy.service.RecordFormat;
import io.github.nifisaleshandy.service.StatsPage;
import io.github.nifisaleshandy.testapi.StatsPages;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
import org.apache.nifi.serialization.record.MapRecord;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

/**
 * CPU cost from a 500-record page's bytes to output: the service's parser (checking the page and converting its records
 * in one pass, as every page of a query is parsed) and the processors' own writing of the page (their JSON, or a NiFi
 * Record Writer), against the floor of a Jackson streaming parse and re-serialization of the same bytes and against what a
 * NiFi user builds without this bundle (ConvertRecord), measured in the same run. {@link #main} runs one path alone, for a
 * profiler.
 */
public final class CpuBenchmark {

    static final String FLOOR = "Floor: Jackson streaming parse + re-serialize";
    static final String NORMALIZED_JSON_OWN = "Normalized, processor's JSON";
    static final String NORMALIZED_JSON = "Normalized + NiFi JsonRecordSetWriter";
    static final String FLAT_CSV = "Normalized Flat + NiFi CSVRecordSetWriter";
    static final String NORMALIZED_JSON_MAP_RECORD = "Normalized + NiFi JsonRecordSetWriter, rows copied to MapRecord (before)";
    static final String FLAT_CSV_MAP_RECORD = "Normalized Flat + NiFi CSVRecordSetWriter, rows copied to MapRecord (before)";
    static final String PEER_JSON = "Peer: ConvertRecord, JsonTreeReader -> JsonRecordSetWriter";
    static final String PEER_CSV = "Peer: ConvertRecord, JsonTreeReader -> CSVRecordSetWriter";

    private static final DateWindow WINDOW = new DateWindow(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 7));

    /** How a path writes a parsed page; returns the records written. */
    @FunctionalInterface
    private interface PageOutput {
        long write(StatsPage page) throws Exception;
    }

    private final JsonFactory jsonFactory = new JsonFactory();
    private final byte[] page;
    private final int recordsPerPage;
    private final TestRunner services = TestRunners.newTestRunner(GetSaleshandyStats.class);

    CpuBenchmark(final int recordsPerPage) {
        this.recordsPerPage = recordsPerPage;
        this.page = StatsPages.body(StatsPages.realisticRecords(recordsPerPage), false, 1);
    }

    /**
     * Runs one path in a loop for a profiler attached to this JVM (JFR: {@code -XX:StartFlightRecording=filename=cpu.jfr,settings=profile}).
     * Arguments: the path's name as in the report, seconds (default 20).
     */
    public static void main(final String[] args) throws Exception {
        final Map<String, Measurement.Task> tasks = new CpuBenchmark(500).tasks(10);
        final Measurement.Task task = tasks.get(args[0]);
        if (task == null) {
            throw new IllegalArgumentException("No path named '" + args[0] + "'; paths: " + tasks.keySet());
        }
        final long end = System.nanoTime() + (long) (Double.parseDouble(args.length > 1 ? args[1] : "20") * 1e9);
        long records = 0;
        final long start = System.nanoTime();
        while (System.nanoTime() < end) {
            records += task.run();
        }
        System.out.printf(Locale.ROOT, "%s: %,.0f records/s%n", args[0], records / ((System.nanoTime() - start) / 1e9));
    }

    /** Records per second of each path, the floor first, measured round-robin. */
    Map<String, Measurement.Throughput> run(final int pagesPerRound, final int warmUp, final int rounds) throws Exception {
        return Measurement.interleaved(tasks(pagesPerRound), warmUp, rounds);
    }

    /** Each path as a task over {@code pagesPerRound} pages, the floor first. */
    Map<String, Measurement.Task> tasks(final int pagesPerRound) throws Exception {
        final ProcessorOutput ownJson = new ProcessorOutput(null, log());
        final ProcessorOutput json = new ProcessorOutput(writer(new JsonRecordSetWriter(), "json"), log());
        final ProcessorOutput csv = new ProcessorOutput(writer(new CSVRecordSetWriter(), "csv"), log());
        final Map<String, Measurement.Task> tasks = new LinkedHashMap<>();
        tasks.put(FLOOR, () -> floor(pagesPerRound));
        tasks.put("As Returned (verbatim JSON)", task(RecordFormat.AS_RETURNED, false, pagesPerRound, parsed -> {
            parsed.writeJson(OutputStream.nullOutputStream());
            return parsed.recordCount();
        }));
        tasks.put(NORMALIZED_JSON_OWN, task(RecordFormat.NORMALIZED, true, pagesPerRound, parsed -> ownJson.write(parsed, OutputStream.nullOutputStream())));
        tasks.put(NORMALIZED_JSON, task(RecordFormat.NORMALIZED, true, pagesPerRound, parsed -> json.write(parsed, OutputStream.nullOutputStream())));
        tasks.put(FLAT_CSV, task(RecordFormat.NORMALIZED_FLAT, true, pagesPerRound, parsed -> csv.write(parsed, OutputStream.nullOutputStream())));
        tasks.put(NORMALIZED_JSON_MAP_RECORD, task(RecordFormat.NORMALIZED, true, pagesPerRound,
                parsed -> json.write(parsed.schema(), mapRecords(parsed.records()), OutputStream.nullOutputStream())));
        tasks.put(FLAT_CSV_MAP_RECORD, task(RecordFormat.NORMALIZED_FLAT, true, pagesPerRound,
                parsed -> csv.write(parsed.schema(), mapRecords(parsed.records()), OutputStream.nullOutputStream())));
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

    /** The service's parse of each page (one parser per query, as the service makes), then {@code output}. */
    private Measurement.Task task(final RecordFormat format, final boolean convert, final int pages, final PageOutput output) {
        final StatsPageParser parser = new StatsPageParser(jsonFactory, format, convert);
        return () -> {
            long records = 0;
            for (int i = 0; i < pages; i++) {
                records += output.write(parser.parse(WINDOW, 1, page).page());
            }
            return records;
        };
    }

    /** The Record Writer path as it was before the records were read in place: each one copied into a {@link MapRecord}, nested Client too. */
    private static List<Record> mapRecords(final List<Record> records) {
        final List<Record> copies = new ArrayList<>(records.size());
        for (final Record record : records) {
            copies.add(mapRecord(record));
        }
        return copies;
    }

    private static MapRecord mapRecord(final Record record) {
        final RecordSchema schema = record.getSchema();
        final Map<String, Object> values = new HashMap<>(schema.getFieldCount() * 2);
        for (final RecordField field : schema.getFields()) {
            final Object value = record.getValue(field);
            values.put(field.getFieldName(), value instanceof Record nested ? mapRecord(nested) : value);
        }
        return new MapRecord(schema, values);
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

    /** A writer as our paths are measured with: ISO timestamps, as the processor's own JSON writes them. */
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
