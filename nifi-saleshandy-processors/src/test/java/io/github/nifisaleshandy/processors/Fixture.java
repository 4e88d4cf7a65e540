package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.nifisaleshandy.service.RecordFormat;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.processor.VerifiableProcessor;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

/**
 * The one set-up of the processor tests: the real processor with a frozen clock, on an enabled
 * {@link InMemorySaleshandyService} holding {@link #KEY}; the stats processors with two sequence IDs, a Start Date three
 * days before today, the smallest Page Size and As Returned output; each test sets only what it is about. Also the only
 * place tests read today's date ({@link #NOW}), since CI reruns the suite with the system clock 400 days ahead.
 */
final class Fixture {

    /** The system clock, read once and frozen. */
    static final Clock NOW = Clock.fixed(Clock.systemUTC().instant(), ZoneOffset.UTC);
    /** A key shaped like a live one, so that a leak of it would be noticed. */
    static final String KEY = "sh-live-7Qz9xK2mP4";
    static final String CONNECTION_ID = "saleshandy-connection";
    static final String SEQUENCE_IDS = "seqA,seqB";

    final TestRunner runner;
    final InMemorySaleshandyService service = new InMemorySaleshandyService(KEY);

    private Fixture(final AbstractSaleshandyProcessor processor) {
        runner = TestRunners.newTestRunner(processor);
        use(CONNECTION_ID, service, SaleshandyProperties.CONNECTION);
    }

    /** GetSaleshandyStats, a scheduled source. */
    static Fixture scheduled() {
        return scheduled(NOW);
    }

    /** GetSaleshandyStats whose "today" is {@code clock}'s. */
    static Fixture scheduled(final Clock clock) {
        final Fixture fixture = new Fixture(new GetSaleshandyStats(clock)).stats();
        fixture.runner.setIncomingConnection(false);
        return fixture;
    }

    /** FetchSaleshandyStats with an incoming connection, whose Sequence IDs are the incoming FlowFile's {@code ids} attribute. */
    static Fixture fetching() {
        final Fixture fixture = new Fixture(new FetchSaleshandyStats(NOW)).stats();
        fixture.runner.setProperty(SaleshandyProperties.FETCH_SEQUENCE_IDS, "${ids}");
        fixture.runner.setIncomingConnection(true);
        return fixture;
    }

    static Fixture listing() {
        return new Fixture(new ListSaleshandySequences());
    }

    private Fixture stats() {
        runner.setProperty(SaleshandyProperties.SEQUENCE_IDS, SEQUENCE_IDS);
        runner.setProperty(SaleshandyProperties.START_DATE, today().minusDays(3).toString());
        runner.setProperty(SaleshandyProperties.PAGE_SIZE, "10");
        runner.setProperty(SaleshandyProperties.RECORD_FORMAT, RecordFormat.AS_RETURNED);
        runner.setProperty(SaleshandyProperties.CONCURRENT_REQUESTS, "1");
        return this;
    }

    /** Adds {@code controllerService} as {@code id}, enables it, and names it in {@code property}. */
    Fixture use(final String id, final ControllerService controllerService, final PropertyDescriptor property) {
        try {
            runner.addControllerService(id, controllerService);
        } catch (final InitializationException e) {
            throw new IllegalStateException(e);
        }
        runner.enableControllerService(controllerService);
        runner.setProperty(property, id);
        return this;
    }

    /** The results of NiFi's Verify with {@code attributes}, each checked not to show the key. */
    List<ConfigVerificationResult> verify(final Map<String, String> attributes) {
        final List<ConfigVerificationResult> results = ((VerifiableProcessor) runner.getProcessor())
                .verify(runner.getProcessContext(), runner.getLogger(), attributes);
        results.forEach(result -> assertFalse(result.getExplanation().contains(KEY), result.getExplanation()));
        return results;
    }

    /** Asserts that the results are the named steps, in order, with the expected outcomes. */
    static void assertOutcomes(final List<ConfigVerificationResult> results, final List<String> steps, final Outcome... expected) {
        assertEquals(steps, results.stream().map(ConfigVerificationResult::getVerificationStepName).toList(), results.toString());
        assertEquals(List.of(expected), results.stream().map(ConfigVerificationResult::getOutcome).toList(), results.toString());
    }

    static LocalDate today() {
        return LocalDate.now(NOW);
    }
}
