package io.github.nifisaleshandy.processors;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.client.SaleshandyApiException;
import io.github.nifisaleshandy.client.SaleshandyConnection;
import io.github.nifisaleshandy.client.Sequence;
import io.github.nifisaleshandy.client.SequencesClient;
import io.github.nifisaleshandy.client.SequencesPage;
import io.github.nifisaleshandy.client.SequencesRequest;
import java.time.Clock;
import java.util.List;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.context.PropertyContext;

/**
 * What "Verify" runs for ListSaleshandySequences: lists the first page with the configured filters, once, and reports
 * whether Saleshandy was reached, the key accepted, and how many sequences (and how many active) the page held.
 */
final class SequencesVerifier {

    static final String REACH = VerificationSteps.REACH;
    static final String KEY = VerificationSteps.KEY;
    static final String FIRST_PAGE = "List the first page";

    private final JsonFactory jsonFactory;
    private final Clock clock;

    SequencesVerifier(final JsonFactory jsonFactory, final Clock clock) {
        this.jsonFactory = jsonFactory;
        this.clock = clock;
    }

    List<ConfigVerificationResult> verify(final PropertyContext context, final MaskingComponentLog logger) {
        final VerificationSteps steps = new VerificationSteps();
        try (SaleshandyConnection connection = Connections.open(context, "Verify", 1)) {
            final SequencesClient client = connection.sequencesClient(jsonFactory);
            final SequencesRequest request = SequenceListRunner.request(context);
            try {
                final SequencesPage page = client.fetchPage(request, 1);
                final long active = page.sequences().stream().filter(Sequence::active).count();
                steps.succeeded(FIRST_PAGE, client.sequencesUrl(), page.sequences().size() + " sequences on the first page, " + active + " of them active"
                        + (page.sequences().size() < request.pageSize() ? "; no more pages" : "; more pages may follow"));
            } catch (final SaleshandyApiException e) {
                logger.warn("Verification could not list the first page of sequences: {}", e.getMessage(), e);
                steps.failed(FIRST_PAGE, client.sequencesUrl(), e);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return steps.results();
    }
}
