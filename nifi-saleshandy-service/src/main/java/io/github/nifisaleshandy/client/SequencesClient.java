package io.github.nifisaleshandy.client;

import com.fasterxml.jackson.core.JsonFactory;
import java.time.Clock;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Calls {@code GET /v1/sequences} for one page and classifies every outcome as the stats client does (through
 * {@link SaleshandyHttp}): a parsed {@link SequencesPage}, or a {@link SaleshandyApiException} naming the {@link Failure}.
 * Knows nothing of NiFi.
 */
public final class SequencesClient {

    public static final String SEQUENCES_PATH = "/v1/sequences";

    private final SaleshandyHttp http;
    private final HttpUrl sequencesUrl;
    private final String apiKey;
    private final SequencesPageParser parser;

    public SequencesClient(final OkHttpClient httpClient, final HttpUrl baseUrl, final String apiKey, final JsonFactory jsonFactory, final Clock clock) {
        this(httpClient, baseUrl, apiKey, jsonFactory, clock, SaleshandyClient.MAX_BODY_BYTES);
    }

    /** With another limit on the size of a page body, so that tests need not send 64 MiB. */
    SequencesClient(final OkHttpClient httpClient, final HttpUrl baseUrl, final String apiKey, final JsonFactory jsonFactory, final Clock clock,
                    final long maxBodyBytes) {
        this.http = new SaleshandyHttp(httpClient, apiKey, jsonFactory, clock, maxBodyBytes);
        this.sequencesUrl = SaleshandyHttp.endpointUrl(baseUrl, SEQUENCES_PATH);
        this.apiKey = apiKey;
        this.parser = new SequencesPageParser(jsonFactory);
    }

    /** The endpoint URL without query, safe to show: it never carries the key. */
    public String sequencesUrl() {
        return sequencesUrl.toString();
    }

    /** Fetches and checks one page (from 1); does not retry. No exception message ever shows the key. */
    public SequencesPage fetchPage(final SequencesRequest request, final int pageNumber) throws SaleshandyApiException {
        // No Content-Type: a client saw GET requests that carried one refused with HTTP 406.
        final Request httpRequest = new Request.Builder()
                .url(url(request, pageNumber))
                .header(SaleshandyClient.API_KEY_HEADER, apiKey)
                .header("Accept", "application/json")
                .get()
                .build();
        return http.execute(httpRequest, "Sequences page " + pageNumber, sequencesUrl.toString(),
                (body, rateLimit) -> parser.parse(pageNumber, body, rateLimit));
    }

    /** Pages fetched one at a time in {@code run}, with {@code retrier}'s retries. */
    public SequencesFetcher retrying(final Retrier retrier, final AccountRateLimit.Run run) {
        return (request, page) -> retrier.call("Sequences page " + page, run.ticket(), () -> fetchPage(request, page), SequencesPage::rateLimit);
    }

    HttpUrl url(final SequencesRequest request, final int pageNumber) {
        final HttpUrl.Builder url = sequencesUrl.newBuilder()
                .addQueryParameter("page", String.valueOf(pageNumber))
                .addQueryParameter("pageSize", String.valueOf(request.pageSize()));
        if (request.sequenceName() != null) {
            url.addQueryParameter("sequenceName", request.sequenceName());
        }
        if (!request.clientIds().isEmpty()) {
            url.addQueryParameter("clientIds", String.join(",", request.clientIds()));
        }
        if (request.sort() != null) {
            url.addQueryParameter("sort", request.sort().name());
        }
        if (request.sortBy() != null) {
            url.addQueryParameter("sortBy", request.sortBy().apiValue());
        }
        return url.build();
    }
}
