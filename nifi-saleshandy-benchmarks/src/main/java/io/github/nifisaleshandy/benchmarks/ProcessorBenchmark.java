package io.github.nifisaleshandy.benchmarks;

import io.github.nifisaleshandy.processors.AbstractStatsProcessor;
import io.github.nifisaleshandy.processors.GetSaleshandyStats;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import mockwebserver3.MockWebServer;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

/**
 * The processor as a user sees it: GetSaleshandyStats with its defaults (Normalized, no Record Writer, Concurrent
 * Requests 8) in nifi-mock, on the real connection service, against the fake API answering every request after a delay.
 * Timed from {@code runner.run} (the processor's start: {@code @OnScheduled} connects its client) to the committed
 * FlowFiles in the success queue, with where the time went: the first request, the ramp to 8 in flight, the last page's
 * answer, the first and last FlowFile written, the commit. A first run of a fresh processor, then a second run of the
 * same one (a processor keeps its client across runs). {@code @OnStopped} comes after both, untimed.
 */
final class ProcessorBenchmark {

    /**
     * One run, every time in milliseconds from the processor's start: the first request's arrival, 8 requests in flight
     * (NaN when never, as with no delay), the last page's answer (its request's arrival plus the delay), the first and last
     * FlowFile created, the first provenance event (the commit begins), and the FlowFiles committed.
     */
    record Timeline(int requests, int pastEnd, double firstRequest, double eightInFlight, double lastAnswer, double firstFlowFile,
                    double lastFlowFile, double commitBegins, double committed) {
    }

    /** The median runs (by time to the queue) of one delay: first runs of fresh processors and second runs of the same processors. */
    record Result(int pages, int recordsPerPage, Duration delay, Timeline first, Timeline second) {

        /** Pages x delay / 8: the least time the default ceiling allows. */
        double floorMillis() {
            return (double) pages * delay.toMillis() / ServiceFixture.DEFAULT_CONCURRENCY;
        }

        /** Pages x delay: the hand-built InvokeHTTP page loop, one request at a time. */
        double serialMillis() {
            return (double) pages * delay.toMillis();
        }
    }

    private ProcessorBenchmark() {
    }

    /** {@code records} records in pages of {@code recordsPerPage}, each answer after {@code delay}; one untimed round first. */
    static Result run(final int records, final int recordsPerPage, final Duration delay, final int rounds) throws Exception {
        final int pages = records / recordsPerPage;
        final ServiceFixture.ServedPages served = new ServiceFixture.ServedPages(pages, recordsPerPage);
        final Timeline[] first = new Timeline[rounds];
        final Timeline[] second = new Timeline[rounds];
        try (MockWebServer server = FakeSaleshandyApi.serving(served).withLatency(delay).start()) {
            final String baseUrl = FakeSaleshandyApi.baseUrl(server);
            for (int round = -1; round < rounds; round++) {
                final TestRunner runner = processor(baseUrl, recordsPerPage);
                try (ServiceFixture ignored = new ServiceFixture(runner, baseUrl)) {
                    final Timeline firstRun = timedRun(runner, served, delay, records, true);
                    final Timeline secondRun = timedRun(runner, served, delay, records, false);
                    runner.stop();
                    if (round >= 0) {
                        first[round] = firstRun;
                        second[round] = secondRun;
                    }
                }
            }
        }
        return new Result(pages, recordsPerPage, delay, median(first), median(second));
    }

    private static TestRunner processor(final String baseUrl, final int recordsPerPage) {
        final TestRunner runner = TestRunners.newTestRunner(new GetSaleshandyStats());
        runner.setProperty("Saleshandy Connection", ServiceFixture.SERVICE_ID);
        runner.setProperty("Sequence IDs", ServiceFixture.SEQUENCE_ID);
        runner.setProperty("Start Date", LocalDate.now().minusDays(7).toString());
        runner.setProperty("Page Size", String.valueOf(recordsPerPage));
        return runner;
    }

    /** One onTrigger and its commit; with {@code start}, {@code @OnScheduled} first (the processor starts). */
    private static Timeline timedRun(final TestRunner runner, final ServiceFixture.ServedPages served, final Duration delay, final long records,
                                     final boolean start) throws Exception {
        runner.clearTransferState();
        runner.clearProvenanceEvents();
        served.reset();
        final long startMillis = System.currentTimeMillis();
        final long startNanos = System.nanoTime();
        runner.run(1, false, start);
        final double committed = (System.nanoTime() - startNanos) / 1e6;
        final List<MockFlowFile> flowFiles = runner.getFlowFilesForRelationship(AbstractStatsProcessor.SUCCESS);
        ServiceFixture.expect(flowFiles.stream().mapToLong(flowFile -> Long.parseLong(flowFile.getAttribute("record.count"))).sum(), records);
        final List<ServiceFixture.ServedPages.Arrival> arrivals = served.arrivals();
        final ToLongFunction<MockFlowFile> created = MockFlowFile::getEntryDate;
        return new Timeline(served.requests(), served.pastEnd(),
                sinceStart(arrivals.getFirst().nanoTime(), startNanos),
                eightInFlight(arrivals, delay, startNanos),
                arrivals.stream().filter(arrival -> arrival.pageNumber() == served.pages()).mapToDouble(arrival -> sinceStart(arrival.nanoTime(), startNanos))
                        .min().orElse(Double.NaN) + delay.toMillis(),
                flowFiles.stream().mapToLong(created).min().orElseThrow() - startMillis,
                flowFiles.stream().mapToLong(created).max().orElseThrow() - startMillis,
                runner.getProvenanceEvents().stream().mapToLong(ProvenanceEventRecord::getEventTime).min().orElseThrow() - startMillis,
                committed);
    }

    /** When a request arrived with 7 others still unanswered (each answered its delay after arriving), or NaN when never. */
    private static double eightInFlight(final List<ServiceFixture.ServedPages.Arrival> arrivals, final Duration delay, final long startNanos) {
        for (int k = 0; k < arrivals.size(); k++) {
            final long at = arrivals.get(k).nanoTime();
            int inFlight = 0;
            for (int j = 0; j <= k; j++) {
                if (arrivals.get(j).nanoTime() + delay.toNanos() > at) {
                    inFlight++;
                }
            }
            if (inFlight >= ServiceFixture.DEFAULT_CONCURRENCY) {
                return sinceStart(at, startNanos);
            }
        }
        return Double.NaN;
    }

    private static double sinceStart(final long nanoTime, final long startNanos) {
        return (nanoTime - startNanos) / 1e6;
    }

    private static Timeline median(final Timeline[] runs) {
        final Timeline[] sorted = runs.clone();
        Arrays.sort(sorted, Comparator.comparingDouble(Timeline::committed));
        return sorted[sorted.length / 2];
    }
}
