package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import java.util.ArrayList;
import java.util.List;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;

/**
 * The results of one Verify, in order, and how a request's answer maps onto the steps every Verify reports: whether
 * Saleshandy was reached, whether it accepted the key, and what the request itself was for. The first request reports
 * reach and key; a later request reports only its own step.
 */
final class VerificationSteps {

    static final String REACH = "Reach Saleshandy";
    static final String KEY = "API key accepted";

    private final List<ConfigVerificationResult> results = new ArrayList<>();
    private boolean keyAccepted;

    void add(final String step, final Outcome outcome, final String explanation) {
        results.add(new ConfigVerificationResult.Builder().verificationStepName(step).outcome(outcome).explanation(explanation).build());
    }

    /** Each of {@code steps} was not run, for {@code reason}. */
    void skip(final String reason, final String... steps) {
        for (final String step : steps) {
            add(step, Outcome.SKIPPED, reason);
        }
    }

    /** The request of {@code step} to {@code url} was answered. */
    void succeeded(final String step, final String url, final String explanation) {
        acceptKey(url);
        add(step, Outcome.SUCCESSFUL, explanation);
    }

    /** The request of {@code step} to {@code url} failed: says what it tells about reach and key, and what about the step. */
    void failed(final String step, final String url, final SaleshandyApiException e) {
        if (keyAccepted) {
            add(step, Outcome.FAILED, e.getMessage());
            return;
        }
        if (e.getHttpStatus() == 0 && e.getFailure() == Failure.TRANSIENT) {
            add(REACH, Outcome.FAILED, e.getMessage());
            skip("Saleshandy was not reached", KEY, step);
            return;
        }
        add(REACH, Outcome.SUCCESSFUL, answeredAt(url));
        switch (e.getFailure()) {
            case KEY_REJECTED -> {
                add(KEY, Outcome.FAILED, e.getMessage());
                skip("The API key was rejected", step);
                return;
            }
            case INVALID_REQUEST, MALFORMED_RESPONSE -> {
                add(KEY, Outcome.SUCCESSFUL, "Saleshandy accepted the API key");
                keyAccepted = true;
            }
            case REDIRECTED -> add(KEY, Outcome.SKIPPED, "Not sent: Saleshandy answered with a redirect, which is not followed");
            case RATE_LIMITED, WAIT_TOO_LONG, TRANSIENT, TOO_MANY_PAGES, INTERRUPTED -> add(KEY, Outcome.SKIPPED, "Could not be checked: " + e.getMessage());
        }
        add(step, Outcome.FAILED, e.getMessage());
    }

    List<ConfigVerificationResult> results() {
        return List.copyOf(results);
    }

    private void acceptKey(final String url) {
        if (!keyAccepted) {
            add(REACH, Outcome.SUCCESSFUL, answeredAt(url));
            add(KEY, Outcome.SUCCESSFUL, "Saleshandy accepted the API key");
            keyAccepted = true;
        }
    }

    private static String answeredAt(final String url) {
        return "Saleshandy answered at " + url;
    }
}
