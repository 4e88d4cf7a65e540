package io.github.nifisaleshandy.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.output.RecordJsonPageWriter;
import io.github.nifisaleshandy.record.RecordFormat;
import io.github.nifisaleshandy.record.StatsRow;
import io.github.nifisaleshandy.record.StatsRowConverter;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.StatsPages;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;

/**
 * Heap used by runs of growing size in per-page mode (Concurrent Requests 1, Normalized records). The pages come from
 * a loopback API that builds each page from a template, so the server holds no data set of its own.
 */
final class MemoryBenchmark {

    /**
     * What one run of {@code records} records cost in memory: bytes allocated per record, the peak of the old generation
     * (where anything a run kept would accumulate), and the heap still live after the run.
     */
    record Result(long records, double allocatedBytesPerRecord, double oldGenPeakMegabytes, double liveAfterRunMegabytes) {
    }

    private static final int PAGE_SIZE = 500;

    List<Result> run(final List<Long> sizes) throws Exception {
        final StatsPages.Template template = new StatsPages.Template(StatsPages.realisticRecords(PAGE_SIZE));
        final long[] pagesInRun = new long[1];
        try (MockWebServer server = FakeSaleshandyApi.serving((page, request) -> template.page(page, page < pagesInRun[0])).start()) {
            final JsonFactory jsonFactory = new JsonFactory();
            final StatsRowConverter converter = new StatsRowConverter(jsonFactory, RecordFormat.NORMALIZED);
            try (Pipeline<StatsRow> pipeline = Pipeline.converting(FakeSaleshandyApi.baseUrl(server), 1, converter,
                    new RecordJsonPageWriter(jsonFactory, converter))) {
                pagesInRun[0] = 4;
                pipeline.run(PAGE_SIZE);
                return sizes.stream().map(size -> {
                    pagesInRun[0] = size / PAGE_SIZE;
                    return measure(pipeline, server, size);
                }).toList();
            }
        }
    }

    private static Result measure(final Pipeline<?> pipeline, final MockWebServer server, final long size) {
        try {
            System.gc();
            final List<MemoryPoolMXBean> oldGen = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP && (pool.getName().contains("Old") || pool.getName().contains("Tenured")))
                    .toList();
            oldGen.forEach(MemoryPoolMXBean::resetPeakUsage);
            final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            final long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            final long records = pipeline.run(PAGE_SIZE);
            final long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            if (records != size) {
                throw new IllegalStateException("expected " + size + " records, got " + records);
            }
            final long oldGenPeak = oldGen.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            // MockWebServer keeps every request it recorded; they are the server's memory, not the run's.
            while (server.takeRequest(0, TimeUnit.SECONDS) != null) {
                // drained
            }
            System.gc();
            final long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            return new Result(records, (double) allocated / records, oldGenPeak / 1048576.0, live / 1048576.0);
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
