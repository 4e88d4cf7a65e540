package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.client.Sleeper;
import io.github.nifisaleshandy.record.RecordFormat;
import io.github.nifisaleshandy.testapi.NoDelayServerSockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import mockwebserver3.MockWebServer;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationResult;
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
    static final String CONNECTION_ID = "saleshandy-connection";
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
        setConnectionProperty(runner, SaleshandyProperties.BASE_URL, server.url("/").toString());
        return runner;
    }

    /**
     * A {@link FetchSaleshandyStats} with an incoming connection, fetching from {@code server}, whose Sequence IDs are
     * the incoming FlowFile's {@code ids} attribute.
     */
    static TestRunner fetching(final MockWebServer server, final Clock clock, final Sleeper sleeper) {
        final TestRunner runner = configured(new FetchSaleshandyStats(clock), clock, sleeper);
        setConnectionProperty(runner, SaleshandyProperties.BASE_URL, server.url("/").toString());
        runner.setProperty(SaleshandyProperties.SEQUENCE_IDS, "${ids}");
        runner.setIncomingConnection(true);
        return runner;
    }

    /** A {@link ListSaleshandySequences} fetching from {@code server}, with the API key {@link #KEY}. */
    static TestRunner listing(final MockWebServer server, final Clock clock, final Sleeper sleeper) {
        final TestRunner runner = TestRunners.newTestRunner(new ListSaleshandySequences(clock));
        connect(runner, clock, sleeper);
        setConnectionProperty(runner, SaleshandyProperties.BASE_URL, server.url("/").toString());
        return runner;
    }

    /** A scheduled source with the default Base URL, for tests that set their own or never run. */
    static TestRunner withoutServer(final Clock clock, final Sleeper sleeper) {
        final TestRunner runner = configured(new GetSaleshandyStats(clock), clock, sleeper);
        runner.setIncomingConnection(false);
        return runner;
    }

    private static TestRunner configured(final AbstractStatsProcessor processor, final Clock clock, final Sleeper sleeper) {
        final TestRunner runner = TestRunners.newTestRunner(processor);
        connect(runner, clock, sleeper);
        runner.setProperty(SaleshandyProperties.SEQUENCE_IDS, SEQUENCE_IDS);
        runner.setProperty(SaleshandyProperties.START_DATE, today(clock).minusDays(3).toString());
        runner.setProperty(SaleshandyProperties.PAGE_SIZE, "10");
        runner.setProperty(SaleshandyProperties.RECORD_FORMAT, RecordFormat.AS_RETURNED);
        runner.setProperty(SaleshandyProperties.CONCURRENT_REQUESTS, "1");
        return runner;
    }

    /**
     * Gives the runner's processor a connection service with the API key {@link #KEY}, the default Base URL, {@code clock}
     * and {@code sleeper}, enabled, as {@link #CONNECTION_ID}.
     */
    static StandardSaleshandyConnectionService connect(final TestRunner runner, final Clock clock, final Sleeper sleeper) {
        final StandardSaleshandyConnectionService service = new StandardSaleshandyConnectionService(clock, sleeper);
        try {
            runner.addControllerService(CONNECTION_ID, service);
        } catch (final InitializationException e) {
            throw new IllegalStateException(e);
        }
        runner.setProperty(service, SaleshandyProperties.API_KEY, KEY);
        runner.enableControllerService(service);
        runner.setProperty(SaleshandyProperties.CONNECTION, CONNECTION_ID);
        return service;
    }

    /** The runner's connection service, as {@link #connect} added it. */
    static StandardSaleshandyConnectionService connection(final TestRunner runner) {
        return (StandardSaleshandyConnectionService) runner.getControllerService(CONNECTION_ID);
    }

    /** Sets a property of the runner's connection service: disabled, changed, and enabled again if the change left it valid. */
    static void setConnectionProperty(final TestRunner runner, final PropertyDescriptor property, final String value) {
        changeConnection(runner, service -> runner.setProperty(service, property, value));
    }

    /** Removes a property of the runner's connection service, as {@link #setConnectionProperty} sets one. */
    static void removeConnectionProperty(final TestRunner runner, final PropertyDescriptor property) {
        changeConnection(runner, service -> runner.removeProperty(service, property));
    }

    /** Adds {@code service} as {@code id}, enabled, and names it in the connection service's {@code property} (SSL, proxy). */
    static void useConnectionService(final TestRunner runner, final PropertyDescriptor property, final String id, final ControllerService service) {
        try {
            runner.addControllerService(id, service);
        } catch (final InitializationException e) {
            throw new IllegalStateException(e);
        }
        runner.enableControllerService(service);
        setConnectionProperty(runner, property, id);
    }

    private static void changeConnection(final TestRunner runner, final Consumer<ControllerService> change) {
        final ControllerService service = connection(runner);
        if (runner.isControllerServiceEnabled(service)) {
            runner.disableControllerService(service);
        }
        change.accept(service);
        if (runner.validate(service).stream().allMatch(ValidationResult::isValid)) {
            runner.enableControllerService(service);
        }
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

    /** The server's Base URL as a user writes it, without the trailing slash: what Incremental positions are fingerprinted with. */
    static String asWritten(final MockWebServer server) {
        return server.url("/").toString().replaceAll("/$", "");
    }

    /**
     * What makes the processor invalid, with its connection service's own problems in place of the processor's "service
     * not enabled" (a service with invalid properties cannot be enabled).
     */
    static List<ValidationResult> problems(final TestRunner runner) {
        final List<ValidationResult> problems = new ArrayList<>(runner.validate(connection(runner)).stream().filter(r -> !r.isValid()).toList());
        runner.validate().stream()
                .filter(r -> !r.isValid() && !(problems.size() > 0 && String.valueOf(r.getExplanation()).contains(CONNECTION_ID)))
                .forEach(problems::add);
        return problems;
    }

    static LocalDate today(final Clock clock) {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }
}
