package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.client.Sleeper;
import io.github.nifisaleshandy.service.ClientOptions;
import io.github.nifisaleshandy.service.DateWindow;
import io.github.nifisaleshandy.service.Pages;
import io.github.nifisaleshandy.service.RecordFormat;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.service.SaleshandyClient;
import io.github.nifisaleshandy.service.StatsPage;
import io.github.nifisaleshandy.service.StatsQuery;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

/**
 * The one fixture of the service's tests: a {@link FakeSaleshandyApi} on loopback, and the real
 * {@link StandardSaleshandyConnectionService} added to a nifi-mock {@link TestRunner} and enabled against it, with a
 * recording sleeper so that back-off is asserted without waiting, and a clock that moves only when the sleeper is asked
 * to wait (so rate-limit headers and Retry-After dates are exact). Closing it disables the service and stops the server.
 */
final class ServiceTestKit implements AutoCloseable {

    static final String KEY = "sk-test-5f1c9e";
    static final String SERVICE_ID = "saleshandy";
    /** What the clock of every kit reads before any wait. */
    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    static final DateWindow WINDOW = new DateWindow(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 20));

    private static final ObjectMapper MAPPER = new ObjectMapper();

    final FakeSaleshandyApi api;
    final MockWebServer server;
    final RecordingSleeper sleeper = new RecordingSleeper();
    final Clock clock = sleeper.clock(NOW);
    final StandardSaleshandyConnectionService service;
    final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
    final List<String> warnings = new CopyOnWriteArrayList<>();
    final List<String> retries = new CopyOnWriteArrayList<>();

    ServiceTestKit(final FakeSaleshandyApi api) throws Exception {
        this(api, Map.of());
    }

    /** With these service properties set besides Base URL and API Key. */
    ServiceTestKit(final FakeSaleshandyApi api, final Map<String, String> properties) throws Exception {
        this(api, properties, Map.of(), null);
    }

    /**
     * With these service properties, these other controller services (added and enabled first, by ID, for properties that
     * reference them), and a server speaking TLS with {@code tls} when not null.
     */
    ServiceTestKit(final FakeSaleshandyApi api, final Map<String, String> properties, final Map<String, ControllerService> services,
                   final SSLSocketFactory tls) throws Exception {
        this.api = api;
        this.server = api.start(tls);
        for (final Map.Entry<String, ControllerService> other : services.entrySet()) {
            runner.addControllerService(other.getKey(), other.getValue());
            runner.enableControllerService(other.getValue());
        }
        this.service = add(SERVICE_ID, KEY, properties);
    }

    /** Another service of the same kind on the same server, sleeper and clock: another account when {@code key} differs. */
    StandardSaleshandyConnectionService add(final String id, final String key, final Map<String, String> properties) throws InitializationException {
        return add(id, key, properties, clock, sleeper);
    }

    /** Another service on the same server, on a clock and sleeper of its own (a host whose clock is off). */
    StandardSaleshandyConnectionService add(final String id, final String key, final Map<String, String> properties, final Clock hostClock,
                                            final Sleeper hostSleeper) throws InitializationException {
        final StandardSaleshandyConnectionService added = new StandardSaleshandyConnectionService(hostClock, hostSleeper);
        runner.addControllerService(id, added);
        runner.setProperty(added, ConnectionProperties.BASE_URL, FakeSaleshandyApi.baseUrl(server));
        runner.setProperty(added, ConnectionProperties.API_KEY, key);
        properties.forEach((name, value) -> runner.setProperty(added, name, value));
        runner.enableControllerService(added);
        return added;
    }

    /** A client that records retries and warnings, with {@code concurrentRequests} in flight at most. */
    SaleshandyClient connect(final int concurrentRequests) {
        return connect(service, concurrentRequests);
    }

    SaleshandyClient connect(final StandardSaleshandyConnectionService on, final int concurrentRequests) {
        return on.connect(new ClientOptions("Test", concurrentRequests, true, events()));
    }

    /** Every page of {@code query}, through a client of its own with {@code concurrentRequests} in flight at most. */
    List<StatsPage> stats(final int concurrentRequests, final StatsQuery query) throws SaleshandyApiException {
        try (SaleshandyClient client = connect(concurrentRequests)) {
            return drain(client.stats(query));
        }
    }

    /** The failure of {@code query}, which must fail, through a client of its own. */
    SaleshandyApiException statsFailure(final int concurrentRequests, final StatsQuery query) {
        try (SaleshandyClient client = connect(concurrentRequests)) {
            return assertThrows(SaleshandyApiException.class, () -> drain(client.stats(query)));
        }
    }

    /** Stats of {@link #WINDOW} for sequence "seqA", 10 to a page, as the API returns them (no conversion). */
    static StatsQuery query() {
        return query(List.of(WINDOW));
    }

    static StatsQuery query(final List<DateWindow> windows) {
        return new StatsQuery(List.of("seqA"), windows, 10, StatsQuery.DEFAULT_MAX_PAGES, RecordFormat.AS_RETURNED, false);
    }

    /** The page numbers {@code pages} hold, in order. */
    static List<Integer> numbers(final List<StatsPage> pages) {
        return pages.stream().map(StatsPage::pageNumber).toList();
    }

    /** The "Recipient Email" of every record of {@code pages}, in order, from the JSON each page passes on. */
    static List<String> recipients(final List<StatsPage> pages) throws IOException {
        final List<String> recipients = new ArrayList<>();
        for (final StatsPage page : pages) {
            final ByteArrayOutputStream json = new ByteArrayOutputStream();
            page.writeJson(json);
            MAPPER.readTree(json.toByteArray()).forEach(record -> recipients.add(record.get("Recipient Email").textValue()));
        }
        return recipients;
    }

    /** Every request the server received so far, in order; it forgets them. */
    List<RecordedRequest> requests() throws InterruptedException {
        final List<RecordedRequest> taken = new ArrayList<>();
        for (RecordedRequest request = server.takeRequest(0, TimeUnit.SECONDS); request != null;
             request = server.takeRequest(0, TimeUnit.SECONDS)) {
            taken.add(request);
        }
        return taken;
    }

    ClientOptions.Events events() {
        return new ClientOptions.Events() {
            @Override
            public void retrying(final SaleshandyApiException failure, final int retry, final Duration wait) {
                retries.add(retry + ": " + failure.getFailure() + " after " + wait);
            }

            @Override
            public void warning(final String message) {
                warnings.add(message);
            }
        };
    }

    /** Every page of {@code pages}, in order; closes them. */
    static <P> List<P> drain(final Pages<P> pages) throws SaleshandyApiException {
        try (pages) {
            final List<P> all = new ArrayList<>();
            while (pages.hasNext()) {
                all.add(pages.next());
            }
            return all;
        }
    }

    @Override
    public void close() {
        runner.disableControllerService(service);
        server.close();
    }

    /**
     * Records the waits it is asked for instead of waiting, and lets its own clock jump ahead by each wait, so back-off is
     * asserted exactly without slowing tests down. Like a real wait, it ends with an {@link InterruptedException} on a
     * thread that was interrupted (a cancelled request).
     */
    static final class RecordingSleeper implements Sleeper {

        private final List<Duration> waits = new CopyOnWriteArrayList<>();
        private final AtomicLong nanoTime = new AtomicLong();
        private volatile boolean waitsForReal;

        @Override
        public void sleep(final Duration duration) throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            waits.add(duration);
            nanoTime.addAndGet(duration.toNanos());
        }

        /** From now on a client's waits really wait, ended early by its stop as in a running NiFi; still recorded. */
        void waitForReal() {
            waitsForReal = true;
        }

        @Override
        public Sleeper wakingOn(final Stop stop) {
            final Sleeper realTime = Sleeper.SYSTEM.wakingOn(stop);
            return duration -> {
                if (waitsForReal) {
                    realTime.sleep(duration);
                }
                sleep(duration);
            };
        }

        @Override
        public long nanoTime() {
            return nanoTime.get();
        }

        List<Duration> waits() {
            return List.copyOf(waits);
        }

        /** A UTC clock that reads {@code start} plus every wait this sleeper was asked for. */
        Clock clock(final Instant start) {
            return utcClock(() -> start.plusNanos(nanoTime.get()));
        }
    }

    /** A UTC clock that reads {@code time}: virtual time for the service's clock seam. */
    static Clock utcClock(final Supplier<Instant> time) {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(final ZoneId zone) {
                throw new UnsupportedOperationException("UTC only");
            }

            @Override
            public Instant instant() {
                return time.get();
            }
        };
    }
}
