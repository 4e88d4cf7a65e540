package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.processors.InMemorySaleshandyService.Page;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.testapi.SecretScan;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.Test;

/**
 * The key, quoted by whatever fails (a failure the service reports, a Record Writer, an unexpected exception, the state
 * manager), reaches no log line, exception cause, bulletin, attribute or provenance event as it was: the processors mask
 * through {@code SaleshandyConnectionService.mask}. Each run ends cleanly: nothing emitted, and an incoming FlowFile on
 * failure or back in its queue.
 */
class KeyNeverShownTest {

    private final Fixture fixture = Fixture.fetching();
    private final TestRunner runner = fixture.runner;

    @Test
    void aFailureQuotingTheKeyIsMaskedInTheAttributeTheLogAndTheLoggedCause() {
        fixture.service.answerStats(new SaleshandyApiException(Failure.TRANSIENT, "Unexpected status line: HTTP/1.1 2x0 " + Fixture.KEY, 0, null,
                new IOException("server echoed " + Fixture.KEY)));

        final MockFlowFile failed = runOnce();

        assertEquals("TRANSIENT", failed.getAttribute(SaleshandyAttributes.ERROR_TYPE));
        assertEquals("Unexpected status line: HTTP/1.1 2x0 " + InMemorySaleshandyService.MASK, failed.getAttribute(SaleshandyAttributes.ERROR_MESSAGE));
        assertLoggedWithItsException();
        SecretScan.assertNeverShown(runner, Fixture.KEY);
    }

    @Test
    void aRecordWriterFailureQuotingTheKeyFailsTheFlowFileWithTheKeyMasked() {
        fixture.use("writer", new KeyQuotingWriter(false), SaleshandyProperties.RECORD_WRITER);

        final MockFlowFile failed = runOnce();

        assertEquals(SaleshandyAttributes.OUTPUT_FAILED, failed.getAttribute(SaleshandyAttributes.ERROR_TYPE));
        assertEquals("Writing the records failed: cannot write to /data/" + InMemorySaleshandyService.MASK + "/stats",
                failed.getAttribute(SaleshandyAttributes.ERROR_MESSAGE));
        assertLoggedWithItsException();
        SecretScan.assertNeverShown(runner, Fixture.KEY);
    }

    @Test
    void anUnexpectedRuntimeExceptionQuotingTheKeyIsLoggedMaskedAndTheFlowFileGoesBackPenalized() {
        fixture.use("writer", new KeyQuotingWriter(true), SaleshandyProperties.RECORD_WRITER);
        runner.enqueue("", Map.of("ids", "seqA"));

        runner.run();

        assertEquals(1, runner.getQueueSize().getObjectCount(), "the FlowFile is back in its queue");
        runner.assertTransferCount(AbstractStatsProcessor.SUCCESS, 0);
        runner.assertTransferCount(AbstractStatsProcessor.FAILURE, 0);
        assertLoggedWithItsException();
        assertTrue(SecretScan.assertNeverShown(runner, Fixture.KEY).stream().anyMatch(line -> line.contains("no schema for " + InMemorySaleshandyService.MASK)));
    }

    @Test
    void aStateManagerFailureIsLoggedMaskedAndNothingIsEmitted() {
        // MockStateManager's message is fixed ("Unit Test configured to throw IOException if CLUSTER State is set"), so
        // the key is a word of it: the message then quotes the key as a state provider's message might.
        final String key = "configured";
        final Fixture scheduled = Fixture.scheduled();
        final InMemorySaleshandyService service = new InMemorySaleshandyService(key);
        scheduled.use("quoting-key", service, SaleshandyProperties.CONNECTION);
        final TestRunner get = scheduled.runner;
        get.setProperty(SaleshandyProperties.DATE_RANGE, DateRangeMode.INCREMENTAL);
        get.setProperty(SaleshandyProperties.INITIAL_START_DATE, Fixture.today().minusDays(2).toString());
        get.getStateManager().setFailOnStateSet(Scope.CLUSTER, true);

        get.run();

        get.assertTransferCount(AbstractStatsProcessor.SUCCESS, 0);
        get.getStateManager().assertStateNotSet(Scope.CLUSTER);
        final List<LogMessage> errors = get.getLogger().getErrorMessages();
        assertEquals(1, errors.size(), errors.toString());
        SecretScan.assertNeverShown(get, key);
    }

    @Test
    void aRecordWriterFailureOfTheListerQuotingTheKeyIsLoggedMasked() {
        final Fixture listing = Fixture.listing();
        listing.service.account(List.of(InMemorySaleshandyService.sequence("s1", true)));
        listing.use("writer", new KeyQuotingWriter(false), SaleshandyProperties.SEQUENCE_RECORD_WRITER);

        listing.runner.run();

        listing.runner.assertTransferCount(ListSaleshandySequences.SUCCESS, 0);
        assertEquals(1, listing.runner.getLogger().getErrorMessages().size());
        SecretScan.assertNeverShown(listing.runner, Fixture.KEY);
    }

    @Test
    void aRetryOrWarningQuotingTheKeyIsLoggedMasked() {
        fixture.service.answerStats(new InMemorySaleshandyService.Retry(new SaleshandyApiException(Failure.TRANSIENT, "HTTP 503: " + Fixture.KEY),
                1, java.time.Duration.ofSeconds(1)), new InMemorySaleshandyService.Warning("odd page for key " + Fixture.KEY), new Page(1, 0));
        runner.enqueue("", Map.of("ids", "seqA"));

        runner.run();

        runner.assertTransferCount(AbstractStatsProcessor.SUCCESS, 1);
        assertEquals(2, runner.getLogger().getWarnMessages().size());
        SecretScan.assertNeverShown(runner, Fixture.KEY);
    }

    private MockFlowFile runOnce() {
        runner.enqueue("", Map.of("ids", "seqA"));
        runner.run();
        runner.assertTransferCount(AbstractStatsProcessor.SUCCESS, 0);
        return runner.getFlowFilesForRelationship(AbstractStatsProcessor.FAILURE).getFirst();
    }

    /** One error, with an exception: its masked copy, so the stack trace still reaches nifi-app.log. */
    private void assertLoggedWithItsException() {
        final List<LogMessage> errors = runner.getLogger().getErrorMessages();
        assertEquals(1, errors.size(), errors.toString());
        final LogMessage error = errors.getFirst();
        assertTrue(error.getThrowable() != null || List.of(error.getArgs()).stream().anyMatch(Throwable.class::isInstance), error.getMsg());
    }

    /** A Record Writer whose failures quote the key, as one that logs its configuration or a path might. */
    private static final class KeyQuotingWriter extends AbstractControllerService implements RecordSetWriterFactory {

        private final boolean unexpected;

        KeyQuotingWriter(final boolean unexpected) {
            this.unexpected = unexpected;
        }

        @Override
        public RecordSchema getSchema(final Map<String, String> variables, final RecordSchema readSchema) {
            return readSchema;
        }

        @Override
        public RecordSetWriter createWriter(final ComponentLog logger, final RecordSchema schema, final OutputStream out,
                                            final Map<String, String> variables) throws IOException {
            if (unexpected) {
                throw new IllegalStateException("no schema for " + Fixture.KEY, new IllegalArgumentException(Fixture.KEY));
            }
            throw new IOException("cannot write to /data/" + Fixture.KEY + "/stats");
        }
    }
}
