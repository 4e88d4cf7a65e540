package io.github.nifisaleshandy.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Calls {@code POST /v1/analytics/consolidated-stats} for one page and classifies every outcome (through
 * {@link SaleshandyHttp}): a parsed {@link StatsPage}, or a {@link SaleshandyApiException} naming the {@link Failure}.
 * Knows nothing of NiFi.
 *
 * @param <R> the type each record is converted to while its page is parsed; {@code Void} for a {@link #verbatim} client
 */
public final class SaleshandyClient<R> {

    public static final String STATS_PATH = "/v1/analytics/consolidated-stats";
    public static final String API_KEY_HEADER = "x-api-key";
    /** The largest page body accepted: far above any real page, low enough to stay clear of memory trouble. */
    public static final long MAX_BODY_BYTES = 64L * 1024 * 1024;

    private static final MediaType JSON = MediaType.get("application/json");

    private final SaleshandyHttp http;
    private final HttpUrl statsUrl;
    private final String apiKey;
    private final JsonFactory jsonFactory;
    private final StatsPageParser<R> pageParser;

    /** Each page's records are converted with {@code converter} while the page is parsed, on the fetching thread. */
    public SaleshandyClient(final OkHttpClient httpClient, final HttpUrl baseUrl, final String apiKey, final JsonFactory jsonFactory,
                            final Clock clock, final RecordConverter<R> converter) {
        this(httpClient, baseUrl, apiKey, jsonFactory, clock, new StatsPageParser<>(jsonFactory, converter), MAX_BODY_BYTES);
    }

    /** Pages are checked, their records only located, to be passed on as the API sent them ({@link StatsPageParser#verbatim}). */
    public static SaleshandyClient<Void> verbatim(final OkHttpClient httpClient, final HttpUrl baseUrl, final String apiKey,
                                                  final JsonFactory jsonFactory, final Clock clock) {
        return new SaleshandyClient<>(httpClient, baseUrl, apiKey, jsonFactory, clock, StatsPageParser.verbatim(jsonFactory), MAX_BODY_BYTES);
    }

    /** With another limit on the size of a page body, so that tests need not send 64 MiB. */
    SaleshandyClient(final OkHttpClient httpClient, final HttpUrl baseUrl, final String apiKey, final JsonFactory jsonFactory,
                     final Clock clock, final StatsPageParser<R> pageParser, final long maxBodyBytes) {
        this.http = new SaleshandyHttp(httpClient, apiKey, jsonFactory, clock, maxBodyBytes);
        this.statsUrl = statsUrl(baseUrl);
        this.apiKey = apiKey;
        this.jsonFactory = jsonFactory;
        this.pageParser = pageParser;
    }

    /** The Base URL's own path (e.g. {@code /saleshandy} behind a gateway) followed by the endpoint's path. */
    static HttpUrl statsUrl(final HttpUrl baseUrl) {
        return SaleshandyHttp.endpointUrl(baseUrl, STATS_PATH);
    }

    /** The endpoint URL, safe to show: it never carries the key. */
    public String statsUrl() {
        return statsUrl.toString();
    }

    /** Fetches and checks one page; does not retry. No exception message ever shows the key, in whatever encoding it was echoed. */
    public StatsPage<R> fetchPage(final StatsRequest request) throws SaleshandyApiException {
        final Request httpRequest = new Request.Builder()
                .url(statsUrl)
                .header(API_KEY_HEADER, apiKey)
                .header("Accept", "application/json")
                .post(RequestBody.create(requestBody(request), JSON))
                .build();
        final int page = request.pageNumber();
        return http.execute(httpRequest, "Page " + page, statsUrl.toString(),
                (body, rateLimit) -> pageParser.parse(page, body).withRateLimit(rateLimit));
    }

    /** Pages fetched with {@code retrier}'s retries, each in its ticket's turn among the account's requests. */
    public PageFetcher<R> retrying(final Retrier retrier) {
        return (request, ticket) -> retrier.call("Page " + request.pageNumber(), ticket, () -> fetchPage(request), StatsPage::rateLimit);
    }

    byte[] requestBody(final StatsRequest request) {
        final ByteArrayOutputStream body = new ByteArrayOutputStream(64 + request.sequenceIds().size() * 16);
        try (JsonGenerator json = jsonFactory.createGenerator(body)) {
            json.writeStartObject();
            json.writeArrayFieldStart("sequenceIds");
            for (final String sequenceId : request.sequenceIds()) {
                json.writeString(sequenceId);
            }
            json.writeEndArray();
            json.writeStringField("startDate", request.startDate().toString());
            json.writeStringField("endDate", request.endDate().toString());
            json.writeNumberField("pageNum", request.pageNumber());
            json.writeNumberField("pageLimit", request.pageSize());
            json.writeEndObject();
        } catch (final IOException e) {
            throw new UncheckedIOException("Writing to memory cannot fail", e);
        }
        return body.toByteArray();
    }
}
