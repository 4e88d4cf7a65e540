package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.client.Sleeper;
import io.github.nifisaleshandy.record.RecordFormat;
import io.github.nifisaleshandy.testapi.NoDelayServerSockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import mockwebserver3.MockWebServer;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

/**
 * The one set-up of the processors under test: the real {@link GetSaleshandyStats} (scheduled) or
 * {@link FetchSaleshandyStats} (driven by incoming FlowFiles) with a test clock and sleeper, an API key, two sequence
 * IDs, a Start Date three days before the clock's today, the smallest Page Size the API allows, verbatim output and one
 * request in flight (so that scripted responses are answered in page order); each test sets only what it is about. Also the only place tests read today's date ({@link #NOW}), since CI reruns the
 * suite with the system clock 400 days ahead.
 */
final class StatsRunners {

    /** The system clock, read once and frozen. */
    static final Clock NOW = Clock.fixed(Clock.systemUTC().instant(), ZoneOffset.UTC);
    static final String KEY = "key";
    static final String SEQUENCE_IDS = "seqA,seqB";

    private StatsRunners() {
    }

    /** A MockWebServer already listening, for a field marked {@code @AutoClose}. */
    static MockWebServer startedServer() {
        final MockWebServer server = new MockWebServer();
        server.setServerSocketFactory(new NoDelayServerSockets());
        try {
            server.start();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return server;
    }

    /** A scheduled source (no incoming connection) fetching from {@code server}. */
    static TestRunner scheduled(final MockWebServer server, final Clock clock, final Sleeper sleeper) {
        final TestRunner runner = withoutServer(clock, sleeper);
        runner.setProperty(SaleshandyProperties.BASE_URL, server.url("/").toString());
        return runner;
    }

    /**
     * A {@link FetchSaleshandyStats} with an incoming connection, fetching from {@code server}, whose Sequence IDs are
     * the incoming FlowFile's {@code ids} attribute.
     */
    static TestRunner fetching(final MockWebServer server, final Clock clock, final Sleeper sleeper) {
        final TestRunner runner = configured(new FetchSaleshandyStats(clock, sleeper), clock);
        runner.setProperty(SaleshandyProperties.BASE_URL, server.url("/").toString());
        runner.setProperty(SaleshandyProperties.SEQUENCE_IDS, "${ids}");
        runner.setIncomingConnection(true);
        return runner;
    }

    /** A {@link ListSaleshandySequences} fetching from {@code server}, with the API key {@link #KEY}. */
    static TestRunner listing(final MockWebServer server, final Clock clock, final Sleeper sleeper) {
        final TestRunner runner = TestRunners.newTestRunner(new ListSaleshandySequences(clock, sleeper));
        runner.setProperty(SaleshandyProperties.BASE_URL, server.url("/").toString());
        runner.setProperty(SaleshandyProperties.API_KEY, KEY);
        return runner;
    }

    /** A scheduled source with the default Base URL, for tests that set their own or never run. */
    static TestRunner withoutServer(final Clock clock, final Sleeper sleeper) {
        final TestRunner runner = configured(new GetSaleshandyStats(clock, sleeper), clock);
        runner.setIncomingConnection(false);
        return runner;
    }

    private static TestRunner configured(final AbstractStatsProcessor processor, final Clock clock) {
        final TestRunner runner = TestRunners.newTestRunner(processor);
        runner.setProperty(SaleshandyProperties.API_KEY, KEY);
        runner.setProperty(SaleshandyProperties.SEQUENCE_IDS, SEQUENCE_IDS);
        runner.setProperty(SaleshandyProperties.START_DATE, today(clock).minusDays(3).toString());
        runner.setProperty(SaleshandyProperties.PAGE_SIZE, "10");
        runner.setProperty(SaleshandyProperties.RECORD_FORMAT, RecordFormat.AS_RETURNED);
        runner.setProperty(SaleshandyProperties.CONCURRENT_REQUESTS, "1");
        return runner;
    }

    /** Adds {@code service} to the runner as {@code id}, enables it, and names it in {@code property}. */
    static void useService(final TestRunner runner, final PropertyDescriptor property, final String id, final ControllerService service) {
        try {
            runner.addControllerService(id, service);
        } catch (final InitializationException e) {
            throw new IllegalStateException(e);
        }
        runner.enableControllerService(service);
        runner.setProperty(property, id);
    }

    static LocalDate today(final Clock clock) {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }
}
