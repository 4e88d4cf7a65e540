package io.github.nifisaleshandy.benchmarks;

import io.github.nifisaleshandy.processors.ProcessorOutput;
import io.github.nifisaleshandy.service.RecordFormat;
import io.github.nifisaleshandy.service.SaleshandyClient;
import io.github.nifisaleshandy.service.StatsQuery;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.StatsPages;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.apache.nifi.util.MockComponentLog;

/**
 * Heap used by runs of growing size in per-page mode: Concurrent Requests 1 (every page fetched and parsed on the caller's
 * thread, so that the thread's allocation is the run's), Normalized records in the processor's own JSON. The pages come
 * from a loopback API that builds each page from a template, so the server holds no data set of its own.
 */
final class MemoryBenchmark {

    /**
     * What one run of {@code records} records cost in memory: bytes allocated per record, the peak of the old generation
     * (where anything a run kept would accumulate), and the heap still live after the run.
     */
    record Result(long records, double allocatedBytesPerRecord, double oldGenPeakMegabytes, double liveAfterRunMegabytes) {
    }

    private static final int PAGE_SIZE = 500;

    private MemoryBenchmark() {
    }

    static List<Result> run(final List<Long> sizes) throws Exception {
        final StatsPages.Template template = new StatsPages.Template(StatsPages.realisticRecords(PAGE_SIZE));
        final long[] pagesInRun = {4};
        final FakeSaleshandyApi api = FakeSaleshandyApi.serving((page, request) -> template.page(page, page < pagesInRun[0]));
        final ProcessorOutput output = new ProcessorOutput(null, new MockComponentLog("benchmark", MemoryBenchmark.class));
        final StatsQuery query = ServiceFixture.query(PAGE_SIZE, RecordFormat.NORMALIZED, true);
        try (MockWebServer server = api.start(); ServiceFixture service = new ServiceFixture(FakeSaleshandyApi.baseUrl(server));
             SaleshandyClient client = service.connect(1)) {
            final ServiceFixture.PageSink sink = page -> output.write(page, OutputStream.nullOutputStream());
            ServiceFixture.run(client, query, sink);
            return sizes.stream().map(size -> {
                pagesInRun[0] = size / PAGE_SIZE;
                return measure(() -> ServiceFixture.run(client, query, sink), server, size);
            }).toList();
        }
    }

    private static Result measure(final Measurement.Task run, final MockWebServer server, final long size) {
        try {
            System.gc();
            final List<MemoryPoolMXBean> oldGen = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP && (pool.getName().contains("Old") || pool.getName().contains("Tenured")))
                    .toList();
            oldGen.forEach(MemoryPoolMXBean::resetPeakUsage);
            final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            final long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            final long records = run.run();
            final long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            ServiceFixture.expect(records, size);
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
