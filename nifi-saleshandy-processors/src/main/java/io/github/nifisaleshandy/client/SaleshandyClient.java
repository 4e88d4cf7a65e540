package io.github.nifisaleshandy.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Calls {@code POST /v1/analytics/consolidated-stats} for one page and classifies every outcome: a parsed
 * {@link StatsPage}, or a {@link SaleshandyApiException} naming the {@link Failure}. Knows nothing of NiFi.
 */
public final class SaleshandyClient {

    public static final String STATS_PATH = "/v1/analytics/consolidated-stats";
    public static final String API_KEY_HEADER = "x-api-key";

    private static final MediaType JSON = MediaType.get("application/json");
    private static final int EXCERPT_LENGTH = 200;
    private static final long MAX_BODY_BYTES = 64L * 1024 * 1024;
    /** What the API answers, with HTTP 400, when the key is unknown. */
    private static final String INVALID_TOKEN_CODE = "1001";

    private final OkHttpClient httpClient;
    private final HttpUrl statsUrl;
    private final String apiKey;
    private final JsonFactory jsonFactory;
    private final StatsPageParser pageParser;
    private final Clock clock;

    public SaleshandyClient(final OkHttpClient httpClient, final HttpUrl baseUrl, final String apiKey, final JsonFactory jsonFactory,
                            final Clock clock) {
        this(httpClient, baseUrl, apiKey, jsonFactory, clock, null);
    }

    /** With a converter, each page's records are converted while the page is parsed (on the fetching thread). */
    public SaleshandyClient(final OkHttpClient httpClient, final HttpUrl baseUrl, final String apiKey, final JsonFactory jsonFactory,
                            final Clock clock, final RecordConverter converter) {
        this.httpClient = httpClient;
        this.statsUrl = baseUrl.newBuilder().encodedPath(STATS_PATH).build();
        this.apiKey = apiKey;
        this.jsonFactory = jsonFactory;
        this.pageParser = new StatsPageParser(jsonFactory, converter);
        this.clock = clock;
    }

    /** The endpoint URL, safe to show: it never carries the key. */
    public String statsUrl() {
        return statsUrl.toString();
    }

    /** Fetches and checks one page; does not retry. */
    public StatsPage fetchPage(final StatsRequest request) throws SaleshandyApiException {
        final Request httpRequest = new Request.Builder()
                .url(statsUrl)
                .header(API_KEY_HEADER, apiKey)
                .header("Accept", "application/json")
                .post(RequestBody.create(requestBody(request), JSON))
                .build();
        final int page = request.pageNumber();
        final Call call = httpClient.newCall(httpRequest);
        try (Response response = call.execute()) {
            final Optional<Duration> rateLimitPause = RateLimitHeaders.from(response.headers(), clock).waitBeforeNextRequest();
            if (response.isSuccessful()) {
                return pageParser.parse(page, readBody(response)).withRateLimitPause(rateLimitPause);
            }
            throw classify(page, response).withRateLimitPause(rateLimitPause);
        } catch (final IOException e) {
            if (call.isCanceled() || isInterruption(e)) {
                throw new SaleshandyApiException(Failure.INTERRUPTED, "Page " + page + ": request cancelled", e);
            }
            throw new SaleshandyApiException(Failure.TRANSIENT,
                    "Page " + page + ": network error talking to " + statsUrl + " (" + describe(e) + ")", e);
        }
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

    private static byte[] readBody(final Response response) throws IOException {
        final ResponseBody body = response.body();
        if (body.contentLength() > MAX_BODY_BYTES) {
            throw new IOException("response of " + body.contentLength() + " bytes exceeds the " + MAX_BODY_BYTES + " byte limit");
        }
        return body.bytes();
    }

    private SaleshandyApiException classify(final int page, final Response response) throws IOException {
        final int status = response.code();
        final String body = excerpt(response.body().string());
        final String where = "Page " + page + ": HTTP " + status;
        if (status == 429) {
            final Optional<Duration> retryAfter = RetryAfter.parse(response.header("Retry-After"), clock)
                    .or(() -> RateLimitHeaders.from(response.headers(), clock).untilReset());
            return new SaleshandyApiException(Failure.RATE_LIMITED, where + ": rate limited by Saleshandy", status, retryAfter.orElse(null));
        }
        if (status == 401 || status == 403) {
            return new SaleshandyApiException(Failure.KEY_REJECTED, where + ": API key rejected" + suffix(apiMessage(body)), status, null);
        }
        if (status == 408 || status >= 500) {
            return new SaleshandyApiException(Failure.TRANSIENT, where + ": Saleshandy is unavailable" + suffix(body), status, null);
        }
        final String message = apiMessage(body);
        if (message.startsWith(INVALID_TOKEN_CODE) || message.toLowerCase(Locale.ROOT).contains("invalid token")) {
            return new SaleshandyApiException(Failure.KEY_REJECTED, where + ": API key rejected" + suffix(message), status, null);
        }
        return new SaleshandyApiException(Failure.INVALID_REQUEST, where + ": request rejected" + suffix(message), status, null);
    }

    /** The API's {@code message} field when the body is JSON that has one, else the body excerpt itself. */
    private String apiMessage(final String body) {
        try (JsonParser parser = jsonFactory.createParser(body)) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    final String field = parser.currentName();
                    final JsonToken value = parser.nextToken();
                    if ("message".equals(field) && value == JsonToken.VALUE_STRING) {
                        return parser.getText();
                    }
                    parser.skipChildren();
                }
            }
        } catch (final IOException notJson) {
            // The excerpt itself is the most useful message then.
        }
        return body;
    }

    /** A one-line, bounded excerpt; the key is masked in case a server echoes request headers back. */
    private String excerpt(final String body) {
        String text = body.replaceAll("\\s+", " ").strip();
        if (!apiKey.isEmpty()) {
            text = text.replace(apiKey, "****");
        }
        return text.length() <= EXCERPT_LENGTH ? text : text.substring(0, EXCERPT_LENGTH) + "…";
    }

    private static String suffix(final String detail) {
        return detail.isEmpty() ? "" : ": " + detail;
    }

    /** An interrupted thread, as opposed to a timeout (which is also an InterruptedIOException). */
    private static boolean isInterruption(final IOException e) {
        return Thread.currentThread().isInterrupted() || (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException));
    }

    private static String describe(final IOException e) {
        final String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }
}
