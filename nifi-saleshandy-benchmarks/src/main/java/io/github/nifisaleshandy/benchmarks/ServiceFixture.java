package io.github.nifisaleshandy.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nifisaleshandy.processors.ConnectionProperties;
import io.github.nifisaleshandy.processors.StandardSaleshandyConnectionService;
import io.github.nifisaleshandy.service.ClientOptions;
import io.github.nifisaleshandy.service.DateWindow;
import io.github.nifisaleshandy.service.Pages;
import io.github.nifisaleshandy.service.RecordFormat;
import io.github.nifisaleshandy.service.SaleshandyClient;
import io.github.nifisaleshandy.service.StatsPage;
import io.github.nifisaleshandy.service.StatsQuery;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.StatsPages;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

/**
 * The benchmarks' one fixture: the real {@link StandardSaleshandyConnectionService}, added to a nifi-mock {@link TestRunner}
 * and enabled against a Base URL with every other property at its default (Max Retries 3, Max Requests In Flight 16), and
 * driven through the contract only, as a processor drives it: a client connected with a processor's options, the pages of a
 * query read in order. Closing it disables the service. {@link ServedPages} are the stats pages the fake API serves, counted.
 */
final class ServiceFixture implements AutoCloseable {

    /** The processors' default Concurrent Requests. */
    static final int DEFAULT_CONCURRENCY = 8;
    static final String SEQUENCE_ID = "bench";

    /** The service's ID in its runner: what a processor's Saleshandy Connection names. */
    static final String SERVICE_ID = "saleshandy";
    private static final String KEY = "benchmark-key";

    /** Something done with each page, as the processor writes it; returns the records written. */
    @FunctionalInterface
    interface PageSink {
        long write(StatsPage page) throws Exception;
    }

    private final TestRunner runner;
    private final StandardSaleshandyConnectionService service;

    /** A service of its own, as just enabled: nothing learnt of the server yet. */
    ServiceFixture(final String baseUrl) {
        this(TestRunners.newTestRunner(NoOpProcessor.class), baseUrl);
    }

    /** The service added to {@code runner} (a processor's, which then names it by {@link #SERVICE_ID}). */
    ServiceFixture(final TestRunner runner, final String baseUrl) {
        this.runner = runner;
        this.service = new StandardSaleshandyConnectionService();
        try {
            runner.addControllerService(SERVICE_ID, service);
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
        runner.setProperty(service, ConnectionProperties.BASE_URL, baseUrl);
        runner.setProperty(service, ConnectionProperties.API_KEY, KEY);
        runner.enableControllerService(service);
    }

    /** A processor's client: {@code concurrentRequests} in flight at most, failed requests retried. */
    SaleshandyClient connect(final int concurrentRequests) {
        return service.connect(new ClientOptions("Benchmark", concurrentRequests, true, ClientOptions.Events.NONE));
    }

    /** One sequence, the last 7 days, pages of {@code pageSize}: {@code format} records when {@code convert}, else the JSON as returned. */
    static StatsQuery query(final int pageSize, final RecordFormat format, final boolean convert) {
        final LocalDate today = LocalDate.now();
        return new StatsQuery(List.of(SEQUENCE_ID), List.of(new DateWindow(today.minusDays(7), today)), pageSize, StatsQuery.DEFAULT_MAX_PAGES,
                format, convert);
    }

    /** Reads every page of {@code query} in order and hands each to {@code sink}; returns the records written. */
    static long run(final SaleshandyClient client, final StatsQuery query, final PageSink sink) throws Exception {
        long records = 0;
        try (Pages<StatsPage> pages = client.stats(query)) {
            while (pages.hasNext()) {
                records += sink.write(pages.next());
            }
        }
        return records;
    }

    /** As Returned without a Record Writer: each page's JSON copied as sent, the least the processor does with a page. */
    static long runVerbatim(final SaleshandyClient client, final int pageSize) throws Exception {
        return run(client, query(pageSize, RecordFormat.AS_RETURNED, false), page -> {
            page.writeJson(OutputStream.nullOutputStream());
            return page.recordCount();
        });
    }

    /** Fails unless a run gave every record. */
    static void expect(final long records, final long expected) {
        if (records != expected) {
            throw new IllegalStateException("expected " + expected + " records, got " + records);
        }
    }

    @Override
    public void close() {
        runner.disableControllerService(service);
        runner.removeControllerService(service);
    }

    /**
     * A run's stats pages of realistic records, as the fake API serves them (empty pages past the last), counting the
     * requests that reached them and those past the last page, and when each arrived.
     */
    static final class ServedPages implements FakeSaleshandyApi.PageSource {

        /** When a request for {@code pageNumber} reached the pages, in {@link System#nanoTime()}. */
        record Arrival(long nanoTime, int pageNumber) {
        }

        private final byte[][] bodies;
        private final byte[] pastTheEnd = StatsPages.body(List.of(), false, 1);
        private final AtomicInteger requests = new AtomicInteger();
        private final AtomicInteger pastEnd = new AtomicInteger();
        private final List<Arrival> arrivals = new ArrayList<>();

        ServedPages(final int pages, final int recordsPerPage) {
            final List<Map<String, Object>> records = StatsPages.realisticRecords(pages * recordsPerPage);
            bodies = new byte[pages][];
            for (int page = 1; page <= pages; page++) {
                bodies[page - 1] = StatsPages.body(records.subList((page - 1) * recordsPerPage, page * recordsPerPage), page < pages, page);
            }
        }

        @Override
        public byte[] page(final int pageNumber, final JsonNode request) {
            final Arrival arrival = new Arrival(System.nanoTime(), pageNumber);
            synchronized (arrivals) {
                arrivals.add(arrival);
            }
            requests.incrementAndGet();
            if (pageNumber > bodies.length) {
                pastEnd.incrementAndGet();
                return pastTheEnd;
            }
            return bodies[pageNumber - 1];
        }

        int pages() {
            return bodies.length;
        }

        /** Stats requests served (a concurrency cap's or a rate limit's refusals never reach the pages). */
        int requests() {
            return requests.get();
        }

        int pastEnd() {
            return pastEnd.get();
        }

        /** Each request served, in order of arrival. */
        List<Arrival> arrivals() {
            synchronized (arrivals) {
                return List.copyOf(arrivals);
            }
        }

        void reset() {
            requests.set(0);
            pastEnd.set(0);
            synchronized (arrivals) {
                arrivals.clear();
            }
        }
    }
}
