package io.github.nifisaleshandy.processors;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.client.SaleshandyApiException;
import io.github.nifisaleshandy.client.SaleshandyClient;
import io.github.nifisaleshandy.client.SaleshandyConnection;
import io.github.nifisaleshandy.client.SequenceLister;
import io.github.nifisaleshandy.client.SequencesClient;
import io.github.nifisaleshandy.client.StatsPage;
import io.github.nifisaleshandy.client.StatsRequest;
import io.github.nifisaleshandy.query.DateWindow;
import io.github.nifisaleshandy.query.InvalidQueryException;
import io.github.nifisaleshandy.query.StatsQuery;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.context.PropertyContext;

/**
 * What NiFi's "Verify" button runs: resolves the configuration as a run would, lists the account's sequences when
 * Sequence IDs is empty, then fetches the first page with the smallest page size and reports, in plain words, whether
 * Saleshandy was reached, the key accepted and data returned.
 */
final class StatsVerifier {

    static final String CONFIGURATION = "Resolve configuration";
    static final String REACH = VerificationSteps.REACH;
    static final String KEY = VerificationSteps.KEY;
    static final String LIST_SEQUENCES = "List the sequences";
    static final String FIRST_PAGE = "Fetch the first page";

    private static final int SMALLEST_PAGE = 10;

    private final JsonFactory jsonFactory;
    private final Clock clock;

    StatsVerifier(final JsonFactory jsonFactory, final Clock clock) {
        this.jsonFactory = jsonFactory;
        this.clock = clock;
    }

    List<ConfigVerificationResult> verify(final PropertyContext context, final PropertyDescriptor sequenceIdsProperty, final Map<String, String> attributes,
                                          final LocalDate today, final MaskingComponentLog logger) {
        final VerificationSteps steps = new VerificationSteps();
        final StatsQuery query;
        try {
            query = StatsQueryResolver.resolve(context, sequenceIdsProperty, attributes, today, Map.of());
        } catch (final InvalidQueryException e) {
            steps.add(CONFIGURATION, Outcome.FAILED, e.getMessage());
            steps.skip("The configuration is not valid", REACH, KEY, FIRST_PAGE);
            return steps.results();
        }
        final DateWindow first = query.windows().getFirst();
        final DateWindow last = query.windows().getLast();
        steps.add(CONFIGURATION, Outcome.SUCCESSFUL, sequencesText(query) + " from " + first.start() + " to " + last.end()
                + (query.windows().size() > 1 ? " in " + query.windows().size() + " windows of at most 1 year" : "") + ", pages of " + query.pageSize());

        try (SaleshandyConnection connection = Connections.open(context, "Verify", 1)) {
            final Optional<StatsQuery> listed = query.sequences().everySequence()
                    ? listSequences(connection.sequencesClient(jsonFactory), query, steps, logger)
                    : Optional.of(query);
            if (listed.isPresent()) {
                fetchFirstPage(connection.verbatimStatsClient(jsonFactory), listed.get().firstRequest(first), steps, logger);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return steps.results();
    }

    private static String sequencesText(final StatsQuery query) {
        if (query.sequences().everySequence()) {
            return "Every " + (query.sequences().activeOnly() ? "active " : "") + "sequence of the account";
        }
        return "Sequences " + String.join(", ", query.sequenceIds());
    }

    /** Lists once, without retries, as a run would; the query for the listed sequences, or empty when there are none or the listing failed. */
    private static Optional<StatsQuery> listSequences(final SequencesClient client, final StatsQuery query, final VerificationSteps steps,
                                                      final MaskingComponentLog logger) {
        final boolean activeOnly = query.sequences().activeOnly();
        try {
            final AccountSequences sequences = AccountSequences.list(new SequenceLister(client::fetchPage), activeOnly);
            if (sequences.ids().isEmpty()) {
                steps.succeeded(LIST_SEQUENCES, client.sequencesUrl(), sequences.describe(activeOnly) + "; a run emits nothing");
                steps.skip("No sequences to report on", FIRST_PAGE);
                return Optional.empty();
            }
            steps.succeeded(LIST_SEQUENCES, client.sequencesUrl(), sequences.describe(activeOnly));
            return Optional.of(query.withListedSequences(sequences.ids()));
        } catch (final SaleshandyApiException e) {
            logger.warn("Verification could not list the sequences: {}", e.getMessage(), e);
            steps.failed(LIST_SEQUENCES, client.sequencesUrl(), e);
            steps.skip("The sequences could not be listed", FIRST_PAGE);
            return Optional.empty();
        }
    }

    private static void fetchFirstPage(final SaleshandyClient<?> client, final StatsRequest firstRequest, final VerificationSteps steps,
                                       final MaskingComponentLog logger) {
        try {
            final StatsPage<?> page = client.fetchPage(firstRequest.withPageSize(SMALLEST_PAGE));
            steps.succeeded(FIRST_PAGE, client.statsUrl(), page.recordCount() + " records on the first page of " + SMALLEST_PAGE
                    + (page.hasMore() ? "; more pages follow" : "; no more pages"));
        } catch (final SaleshandyApiException e) {
            logger.warn("Verification could not fetch the first page: {}", e.getMessage(), e);
            steps.failed(FIRST_PAGE, client.statsUrl(), e);
        }
    }
}
