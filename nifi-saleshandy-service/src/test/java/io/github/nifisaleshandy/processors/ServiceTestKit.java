package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.client.Sleeper;
import io.github.nifisaleshandy.service.ClientOptions;
import io.github.nifisaleshandy.service.Pages;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.service.SaleshandyClient;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.MockWebServer;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

/**
 * The one fixture of the service's tests: a {@link FakeSaleshandyApi} on loopback, and the real
 * {@link StandardSaleshandyConnectionService} added to a nifi-mock {@link TestRunner} and enabled against it, with a
 * recording sleeper so that back-off is asserted without waiting. Closing it disables the service and stops the server.
 */
final class ServiceTestKit implements AutoCloseable {

    static final String KEY = "sk-test-5f1c9e";
    static final String SERVICE_ID = "saleshandy";

    final FakeSaleshandyApi api;
    final MockWebServer server;
    final RecordingSleeper sleeper = new RecordingSleeper();
    final StandardSaleshandyConnectionService service;
    final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
    final List<String> warnings = new CopyOnWriteArrayList<>();
    final List<String> retries = new CopyOnWriteArrayList<>();

    ServiceTestKit(final FakeSaleshandyApi api) throws Exception {
        this(api, Map.of());
    }

    /** With these service properties set besides Base URL and API Key. */
    ServiceTestKit(final FakeSaleshandyApi api, final Map<String, String> properties) throws Exception {
        this.api = api;
        this.server = api.start();
        this.service = new StandardSaleshandyConnectionService(Clock.systemUTC(), sleeper);
        add(properties);
        runner.enableControllerService(service);
    }

    private void add(final Map<String, String> properties) throws InitializationException {
        runner.addControllerService(SERVICE_ID, service);
        runner.setProperty(service, ConnectionProperties.BASE_URL, FakeSaleshandyApi.baseUrl(server));
        runner.setProperty(service, ConnectionProperties.API_KEY, KEY);
        properties.forEach((name, value) -> runner.setProperty(service, name, value));
    }

    /** A client that records retries and warnings, with {@code concurrentRequests} in flight at most. */
    SaleshandyClient connect(final int concurrentRequests) {
        return service.connect(new ClientOptions("Test", concurrentRequests, true, events()));
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

        @Override
        public void sleep(final Duration duration) throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            waits.add(duration);
            nanoTime.addAndGet(duration.toNanos());
        }

        @Override
        public long nanoTime() {
            return nanoTime.get();
        }

        List<Duration> waits() {
            return List.copyOf(waits);
        }
    }
}
