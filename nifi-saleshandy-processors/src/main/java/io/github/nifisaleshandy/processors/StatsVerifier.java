package io.github.nifisaleshandy.processors;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.client.Failure;
import io.github.nifisaleshandy.client.SaleshandyApiException;
import io.github.nifisaleshandy.client.SaleshandyClient;
import io.github.nifisaleshandy.client.SaleshandyConnection;
import io.github.nifisaleshandy.client.Sleeper;
import io.github.nifisaleshandy.client.StatsPage;
import io.github.nifisaleshandy.client.StatsRequest;
import io.github.nifisaleshandy.query.DateWindow;
import io.github.nifisaleshandy.query.InvalidQueryException;
import io.github.nifisaleshandy.query.StatsQuery;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.logging.ComponentLog;

/**
 * What NiFi's "Verify" button runs: resolves the configuration as a run would, then fetches the first page with the
 * smallest page size and reports, in plain words, whether Saleshandy was reached, the key accepted and data returned.
 */
final class StatsVerifier {

    static final String CONFIGURATION = "Resolve configuration";
    static final String REACH = "Reach Saleshandy";
    static final String KEY = "API key accepted";
    static final String FIRST_PAGE = "Fetch the first page";

    private static final int SMALLEST_PAGE = 10;

    private final JsonFactory jsonFactory;
    private final Clock clock;

    StatsVerifier(final JsonFactory jsonFactory, final Clock clock) {
        this.jsonFactory = jsonFactory;
        this.clock = clock;
    }

    List<ConfigVerificationResult> verify(final PropertyContext context, final Map<String, String> attributes, final LocalDate today,
                                          final ComponentLog logger) {
        final List<ConfigVerificationResult> results = new ArrayList<>();
        final StatsQuery query;
        try {
            query = StatsQueryResolver.resolve(context, attributes, today, Map.of());
        } catch (final InvalidQueryException e) {
            results.add(result(CONFIGURATION, Outcome.FAILED, e.getMessage()));
            results.add(result(REACH, Outcome.SKIPPED, "The configuration is not valid"));
            results.add(result(KEY, Outcome.SKIPPED, "The configuration is not valid"));
            results.add(result(FIRST_PAGE, Outcome.SKIPPED, "The configuration is not valid"));
            return results;
        }
        final DateWindow first = query.windows().getFirst();
        final DateWindow last = query.windows().getLast();
        results.add(result(CONFIGURATION, Outcome.SUCCESSFUL, "Sequences " + String.join(", ", query.sequenceIds()) + " from " + first.start()
                + " to " + last.end() + (query.windows().size() > 1 ? " in " + query.windows().size() + " windows of at most 1 year" : "")
                + ", pages of " + query.pageSize()));

        try (SaleshandyConnection connection = SaleshandyConnection.open(ConnectionSettingsFactory.from(context, clock, Sleeper.SYSTEM), "Verify")) {
            fetchFirstPage(connection.verbatimStatsClient(jsonFactory), query.firstRequest(first), results, logger);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return results;
    }

    private static void fetchFirstPage(final SaleshandyClient<?> client, final StatsRequest firstRequest, final List<ConfigVerificationResult> results,
                                       final ComponentLog logger) {
        try {
            final StatsPage<?> page = client.fetchPage(firstRequest.withPageSize(SMALLEST_PAGE));
            results.add(result(REACH, Outcome.SUCCESSFUL, "Saleshandy answered at " + client.statsUrl()));
            results.add(result(KEY, Outcome.SUCCESSFUL, "Saleshandy accepted the API key"));
            results.add(result(FIRST_PAGE, Outcome.SUCCESSFUL, page.recordCount() + " records on the first page of " + SMALLEST_PAGE
                    + (page.hasMore() ? "; more pages follow" : "; no more pages")));
        } catch (final SaleshandyApiException e) {
            logger.warn("Verification could not fetch the first page: {}", e.getMessage(), e);
            addFailure(results, client, e);
        }
    }

    private static void addFailure(final List<ConfigVerificationResult> results, final SaleshandyClient<?> client, final SaleshandyApiException e) {
        if (e.getHttpStatus() == 0 && e.getFailure() == Failure.TRANSIENT) {
            results.add(result(REACH, Outcome.FAILED, e.getMessage()));
            results.add(result(KEY, Outcome.SKIPPED, "Saleshandy was not reached"));
            results.add(result(FIRST_PAGE, Outcome.SKIPPED, "Saleshandy was not reached"));
            return;
        }
        results.add(result(REACH, Outcome.SUCCESSFUL, "Saleshandy answered at " + client.statsUrl()));
        switch (e.getFailure()) {
            case KEY_REJECTED -> {
                results.add(result(KEY, Outcome.FAILED, e.getMessage()));
                results.add(result(FIRST_PAGE, Outcome.SKIPPED, "The API key was rejected"));
            }
            case INVALID_REQUEST, MALFORMED_RESPONSE -> {
                results.add(result(KEY, Outcome.SUCCESSFUL, "Saleshandy accepted the API key"));
                results.add(result(FIRST_PAGE, Outcome.FAILED, e.getMessage()));
            }
            case REDIRECTED -> {
                results.add(result(KEY, Outcome.SKIPPED, "Not sent: Saleshandy answered with a redirect, which is not followed"));
                results.add(result(FIRST_PAGE, Outcome.FAILED, e.getMessage()));
            }
            case RATE_LIMITED, TRANSIENT, TOO_MANY_PAGES, INTERRUPTED -> {
                results.add(result(KEY, Outcome.SKIPPED, "Could not be checked: " + e.getMessage()));
                results.add(result(FIRST_PAGE, Outcome.FAILED, e.getMessage()));
            }
        }
    }

    private static ConfigVerificationResult result(final String step, final Outcome outcome, final String explanation) {
        return new ConfigVerificationResult.Builder().verificationStepName(step).outcome(outcome).explanation(explanation).build();
    }
}
