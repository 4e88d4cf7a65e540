package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.query.DateRangeMode;
import io.github.nifisaleshandy.testapi.StatsPages;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import io.github.nifisaleshandy.testapi.SequencePages;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.serialization.RecordSetWriter;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.serialization.record.RecordSchema;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Defence in depth: whatever throws inside a run with the key in its message (OkHttp, a Record Writer, the state manager,
 * an unexpected RuntimeException) reaches no log line, exception cause, bulletin, attribute or provenance event as it was.
 * Each run ends cleanly: nothing emitted, and an incoming FlowFile on failure or back in its queue.
 */
class KeyNeverShownTest {

    /** Visible ASCII with the characters that Base64, percent-encoding and JSON escape differently. */
    private static final String KEY = "sk/Live+9f3QZ=x";

    @AutoClose
    private final MockWebServer server = StatsRunners.startedServer();
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @Test
    void anOkHttpErrorQuotingWhatTheServerSentIsMaskedInTheMessageAndInTheLoggedCause() {
        final TestRunner runner = fetching();
        // OkHttp quotes a status line it cannot parse in its ProtocolException; this server echoes the key there.
        server.enqueue(new MockResponse.Builder().status("HTTP/1.1 2x0 " + KEY).body("{}").build());

        final MockFlowFile failed = runOnce(runner);

        assertEquals("TRANSIENT", failed.getAttribute(SaleshandyAttributes.ERROR_TYPE));
        final String message = failed.getAttribute(SaleshandyAttributes.ERROR_MESSAGE);
        assertTrue(message.contains("Unexpected status line"), message);
        assertLoggedWithItsException(runner);
        SecretScan.assertNeverShown(runner, KEY);
    }

    @Test
    void aRecordWriterFailureQuotingTheKeyFailsTheFlowFileWithTheKeyMasked() {
        final TestRunner runner = fetching();
        StatsRunners.useService(runner, SaleshandyProperties.RECORD_WRITER, "writer", new KeyQuotingWriter(false));
        server.enqueue(new MockResponse.Builder().code(200).body(StatsPages.page(1, 0, 2, false)).build());

        final MockFlowFile failed = runOnce(runner);

        assertEquals("OUTPUT_FAILED", failed.getAttribute(SaleshandyAttributes.ERROR_TYPE));
        assertEquals("Writing the records failed: cannot write to /data/****/stats", failed.getAttribute(SaleshandyAttributes.ERROR_MESSAGE));
        assertLoggedWithItsException(runner);
        SecretScan.assertNeverShown(runner, KEY);
    }

    @Test
    void anUnexpectedRuntimeExceptionQuotingTheKeyIsLoggedMaskedAndTheFlowFileGoesBackPenalized() {
        final TestRunner runner = fetching();
        StatsRunners.useService(runner, SaleshandyProperties.RECORD_WRITER, "writer", new KeyQuotingWriter(true));
        server.enqueue(new MockResponse.Builder().code(200).body(StatsPages.page(1, 0, 2, false)).build());
        runner.enqueue("", Map.of("ids", "seqA"));

        runner.run();

        assertEquals(1, runner.getQueueSize().getObjectCount(), "the FlowFile is back in its queue");
        runner.assertTransferCount(StatsRelationships.SUCCESS, 0);
        runner.assertTransferCount(StatsRelationships.FAILURE, 0);
        assertLoggedWithItsException(runner);
        assertTrue(SecretScan.assertNeverShown(runner, KEY).stream().anyMatch(line -> line.contains("no schema for ****")));
    }

    @Test
    void aStateManagerFailureIsLoggedMaskedAndNothingIsEmitted() {
        // MockStateManager's message is fixed ("Unit Test configured to throw IOException if CLUSTER State is set"), so
        // the key is a word of it: the message then quotes the key as a state provider's message might.
        final String key = "configured";
        final TestRunner runner = StatsRunners.scheduled(server, StatsRunners.NOW, sleeper);
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.API_KEY, key);
        runner.setProperty(SaleshandyProperties.DATE_RANGE, DateRangeMode.INCREMENTAL);
        runner.setProperty(SaleshandyProperties.INITIAL_START_DATE, StatsRunners.today(StatsRunners.NOW).minusDays(2).toString());
        runner.getStateManager().setFailOnStateSet(Scope.CLUSTER, true);
        server.enqueue(new MockResponse.Builder().code(200).body(StatsPages.page(1, 0, 2, false)).build());

        runner.run();

        runner.assertTransferCount(StatsRelationships.SUCCESS, 0);
        runner.getStateManager().assertStateNotSet(Scope.CLUSTER);
        assertLoggedWithItsException(runner);
        SecretScan.assertNeverShown(runner, key);
    }

    @Test
    void aRecordWriterFailureOfTheListerQuotingTheKeyIsLoggedMasked() {
        final TestRunner runner = StatsRunners.listing(server, StatsRunners.NOW, sleeper);
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.API_KEY, KEY);
        StatsRunners.useService(runner, SaleshandyProperties.SEQUENCE_RECORD_WRITER, "writer", new KeyQuotingWriter(false));
        server.enqueue(new MockResponse.Builder().code(200).body(SequencePages.page(1, 3)).build());

        runner.run();

        runner.assertTransferCount(ListSaleshandySequences.SUCCESS, 0);
        assertLoggedWithItsException(runner);
        SecretScan.assertNeverShown(runner, KEY);
    }

    private TestRunner fetching() {
        final TestRunner runner = StatsRunners.fetching(server, StatsRunners.NOW, sleeper);
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.API_KEY, KEY);
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.MAX_RETRIES, "0");
        return runner;
    }

    private static MockFlowFile runOnce(final TestRunner runner) {
        runner.enqueue("", Map.of("ids", "seqA"));
        runner.run();
        runner.assertTransferCount(StatsRelationships.SUCCESS, 0);
        return runner.getFlowFilesForRelationship(StatsRelationships.FAILURE).getFirst();
    }

    /** One error, with an exception: its masked copy, so the stack trace still reaches nifi-app.log. */
    private static void assertLoggedWithItsException(final TestRunner runner) {
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
                throw new IllegalStateException("no schema for " + KEY, new IllegalArgumentException(KEY));
            }
            throw new IOException("cannot write to /data/" + KEY + "/stats");
        }
    }
}
