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
import io.github.nifisaleshandy.testapi.StatsPages;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.csv.CSVRecordSetWriter;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

/**
 * CPU cost from a 500-record page's bytes to output, against the floor of a Jackson streaming parse and re-serialization
 * of the same bytes, measured in the same run.
 */
final class CpuBenchmark {

    static final String FLOOR = "Floor: Jackson streaming parse + re-serialize";

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
        final StatsRowConverter normalized = converter(RecordFormat.NORMALIZED);
        final StatsRowConverter flat = converter(RecordFormat.NORMALIZED_FLAT);
        final Map<String, Measurement.Task> tasks = new LinkedHashMap<>();
        tasks.put(FLOOR, () -> floor(pagesPerRound));
        tasks.put("As Returned (verbatim JSON)", task(StatsPageParser.verbatim(jsonFactory), new VerbatimJsonPageWriter(), pagesPerRound));
        tasks.put("Normalized, processor's JSON", task(new StatsPageParser<>(jsonFactory, normalized),
                new RecordJsonPageWriter(jsonFactory, normalized), pagesPerRound));
        tasks.put("Normalized + NiFi JsonRecordSetWriter", task(new StatsPageParser<>(jsonFactory, normalized),
                new RecordSetPageWriter(writer(new JsonRecordSetWriter(), "json"), normalized, log()), pagesPerRound));
        tasks.put("Normalized Flat + NiFi CSVRecordSetWriter", task(new StatsPageParser<>(jsonFactory, flat),
                new RecordSetPageWriter(writer(new CSVRecordSetWriter(), "csv"), flat, log()), pagesPerRound));
        return Measurement.interleaved(tasks, warmUp, rounds);
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
