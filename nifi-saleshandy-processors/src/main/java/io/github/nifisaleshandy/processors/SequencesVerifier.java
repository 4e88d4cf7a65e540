package io.github.nifisaleshandy.processors;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.client.Failure;
import io.github.nifisaleshandy.client.SaleshandyApiException;
import io.github.nifisaleshandy.client.SaleshandyConnection;
import io.github.nifisaleshandy.client.Sequence;
import io.github.nifisaleshandy.client.SequencesClient;
import io.github.nifisaleshandy.client.SequencesPage;
import io.github.nifisaleshandy.client.SequencesRequest;
import io.github.nifisaleshandy.client.Sleeper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.logging.ComponentLog;

/**
 * What "Verify" runs for ListSaleshandySequences: lists the first page with the configured filters, once, and reports
 * whether Saleshandy was reached, the key accepted, and how many sequences (and how many active) the page held.
 */
final class SequencesVerifier {

    static final String REACH = "Reach Saleshandy";
    static final String KEY = "API key accepted";
    static final String FIRST_PAGE = "List the first page";

    private final JsonFactory jsonFactory;
    private final Clock clock;

    SequencesVerifier(final JsonFactory jsonFactory, final Clock clock) {
        this.jsonFactory = jsonFactory;
        this.clock = clock;
    }

    List<ConfigVerificationResult> verify(final PropertyContext context, final ComponentLog logger) {
        final List<ConfigVerificationResult> results = new ArrayList<>();
        try (SaleshandyConnection connection = SaleshandyConnection.open(ConnectionSettingsFactory.from(context, clock, Sleeper.SYSTEM, 1), "Verify")) {
            final SequencesClient client = connection.sequencesClient(jsonFactory);
            final SequencesRequest request = SequenceListRunner.request(context);
            try {
                final SequencesPage page = client.fetchPage(request, 1);
                final long active = page.sequences().stream().filter(Sequence::active).count();
                results.add(result(REACH, Outcome.SUCCESSFUL, "Saleshandy answered at " + client.sequencesUrl()));
                results.add(result(KEY, Outcome.SUCCESSFUL, "Saleshandy accepted the API key"));
                results.add(result(FIRST_PAGE, Outcome.SUCCESSFUL, page.sequences().size() + " sequences on the first page, " + active + " of them active"
                        + (page.sequences().size() < request.pageSize() ? "; no more pages" : "; more pages may follow")));
            } catch (final SaleshandyApiException e) {
                logger.warn("Verification could not list the first page of sequences: {}", e.getMessage(), e);
                addFailure(results, client, e);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return results;
    }

    private static void addFailure(final List<ConfigVerificationResult> results, final SequencesClient client, final SaleshandyApiException e) {
        if (e.getHttpStatus() == 0 && e.getFailure() == Failure.TRANSIENT) {
            results.add(result(REACH, Outcome.FAILED, e.getMessage()));
            results.add(result(KEY, Outcome.SKIPPED, "Saleshandy was not reached"));
            results.add(result(FIRST_PAGE, Outcome.SKIPPED, "Saleshandy was not reached"));
            return;
        }
        results.add(result(REACH, Outcome.SUCCESSFUL, "Saleshandy answered at " + client.sequencesUrl()));
        switch (e.getFailure()) {
            case KEY_REJECTED -> {
                results.add(result(KEY, Outcome.FAILED, e.getMessage()));
                results.add(result(FIRST_PAGE, Outcome.SKIPPED, "The API key was rejected"));
            }
            case INVALID_REQUEST, MALFORMED_RESPONSE -> {
                results.add(result(KEY, Outcome.SUCCESSFUL, "Saleshandy accepted the API key"));
                results.add(result(FIRST_PAGE, Outcome.FAILED, e.getMessage()));
            }
            default -> {
                results.add(result(KEY, Outcome.SKIPPED, "Could not be checked: " + e.getMessage()));
                results.add(result(FIRST_PAGE, Outcome.FAILED, e.getMessage()));
            }
        }
    }

    private static ConfigVerificationResult result(final String step, final Outcome outcome, final String explanation) {
        return new ConfigVerificationResult.Builder().verificationStepName(step).outcome(outcome).explanation(explanation).build();
    }
}
