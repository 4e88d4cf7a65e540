package io.github.nifisaleshandy.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.github.nifisaleshandy.service.DateWindow;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.service.SequencesPage;
import io.github.nifisaleshandy.service.SequencesQuery;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/** Sends one request, without retrying, and classifies its outcome; redirects refused, bodies bounded, the key masked in any encoding. */
final class SaleshandyHttp {

    /** The largest page body accepted: far above any real page, low enough to stay clear of memory trouble. */
    static final long MAX_BODY_BYTES = 64L * 1024 * 1024;

    record Answer<T>(T value, RateLimitHeaders rateLimit) {
    }

    /** A failure answered by Saleshandy, with the rate-limit headers of its response. */
    static final class Failed extends SaleshandyApiException {
        private final transient RateLimitHeaders rateLimit;

        private Failed(final Failure failure, final String message, final int status, final Duration retryAfter, final RateLimitHeaders rateLimit,
                       final Throwable cause) {
            super(failure, message, status, retryAfter, cause);
            this.rateLimit = rateLimit;
        }
    }

    @FunctionalInterface
    private interface BodyParser<T> {
        T parse(byte[] body) throws SaleshandyApiException;
    }

    private static final MediaType JSON = MediaType.get("application/json");
    private static final int EXCERPT_LENGTH = 300;
    /** Error bodies are read this far only: enough for any message, and a huge one cannot exhaust memory. */
    private static final long ERROR_BODY_BYTES = 64L * 1024;
    /** What the API answers, with HTTP 400, when the key is unknown. */
    private static final String INVALID_TOKEN_CODE = "1001";

    private final OkHttpClient httpClient;
    private final HttpUrl statsUrl;
    private final HttpUrl sequencesUrl;
    private final String apiKey;
    private final SecretMask secretMask;
    private final JsonFactory jsonFactory;
    private final Clock clock;
    private final long maxBodyBytes;
    private volatile RateLimitHeaders latestRateLimit = RateLimitHeaders.NONE;

    SaleshandyHttp(final OkHttpClient httpClient, final HttpUrl baseUrl, final String apiKey, final JsonFactory jsonFactory, final Clock clock,
                   final long maxBodyBytes) {
        if (maxBodyBytes < 1 || maxBodyBytes >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBodyBytes must be between 1 and " + (Integer.MAX_VALUE - 1) + ": " + maxBodyBytes);
        }
        // Whoever built the OkHttpClient, a redirect must never carry the key to the host its Location names.
        this.httpClient = httpClient.newBuilder().followRedirects(false).followSslRedirects(false).build();
        this.statsUrl = endpointUrl(baseUrl, "/v1/analytics/consolidated-stats");
        this.sequencesUrl = endpointUrl(baseUrl, "/v1/sequences");
        this.apiKey = apiKey;
        this.secretMask = new SecretMask(apiKey);
        this.jsonFactory = jsonFactory;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The rate-limit headers of the response that failed, or {@link RateLimitHeaders#NONE} when none arrived. */
    static RateLimitHeaders rateLimitOf(final SaleshandyApiException failure) {
        return failure instanceof Failed answered && answered.rateLimit != null ? answered.rateLimit : RateLimitHeaders.NONE;
    }

    /** The Base URL's own path (e.g. {@code /saleshandy} behind a gateway) followed by the endpoint's path. */
    private static HttpUrl endpointUrl(final HttpUrl baseUrl, final String endpointPath) {
        final String path = baseUrl.encodedPath();
        final String basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return baseUrl.newBuilder().encodedPath(basePath + endpointPath).query(null).fragment(null).build();
    }

    RateLimitHeaders latestRateLimit() {
        return latestRateLimit;
    }

    HttpUrl statsUrl() {
        return statsUrl;
    }

    HttpUrl sequencesUrl() {
        return sequencesUrl;
    }

    Answer<StatsPageParser.Parsed> statsPage(final List<String> sequenceIds, final DateWindow window, final int pageNumber, final int pageSize,
                                             final StatsPageParser parser) throws SaleshandyApiException {
        final Request request = request(statsUrl).post(RequestBody.create(statsRequestBody(sequenceIds, window, pageNumber, pageSize), JSON)).build();
        return execute(request, "Page " + pageNumber, statsUrl.toString(), body -> parser.parse(window, pageNumber, body));
    }

    Answer<SequencesPage> sequencesPage(final SequencesQuery query, final int pageNumber, final SequencesPageParser parser) throws SaleshandyApiException {
        // No Content-Type: a client saw GET requests that carried one refused with HTTP 406.
        final Request request = request(sequencesUrl(query, pageNumber)).get().build();
        return execute(request, "Sequences page " + pageNumber, sequencesUrl.toString(), body -> parser.parse(pageNumber, body));
    }

    private Request.Builder request(final HttpUrl url) {
        return new Request.Builder().url(url).header("x-api-key", apiKey).header("Accept", "application/json");
    }

    private HttpUrl sequencesUrl(final SequencesQuery query, final int pageNumber) {
        final HttpUrl.Builder url = sequencesUrl.newBuilder()
                .addQueryParameter("page", String.valueOf(pageNumber))
                .addQueryParameter("pageSize", String.valueOf(query.pageSize()));
        if (query.sequenceName() != null) {
            url.addQueryParameter("sequenceName", query.sequenceName());
        }
        if (!query.clientIds().isEmpty()) {
            url.addQueryParameter("clientIds", String.join(",", query.clientIds()));
        }
        if (query.sort() != null) {
            url.addQueryParameter("sort", query.sort().name());
        }
        if (query.sortBy() != null) {
            url.addQueryParameter("sortBy", query.sortBy().apiValue());
        }
        return url.build();
    }

    private byte[] statsRequestBody(final List<String> sequenceIds, final DateWindow window, final int pageNumber, final int pageSize) {
        final ByteArrayOutputStream body = new ByteArrayOutputStream(64 + sequenceIds.size() * 16);
        try (JsonGenerator json = jsonFactory.createGenerator(body)) {
            json.writeStartObject();
            json.writeArrayFieldStart("sequenceIds");
            for (final String sequenceId : sequenceIds) {
                json.writeString(sequenceId);
            }
            json.writeEndArray();
            json.writeStringField("startDate", window.start().toString());
            json.writeStringField("endDate", window.end().toString());
            json.writeNumberField("pageNum", pageNumber);
            json.writeNumberField("pageLimit", pageSize);
            json.writeEndObject();
        } catch (final IOException e) {
            throw new UncheckedIOException("Writing to memory cannot fail", e);
        }
        return body.toByteArray();
    }

    /** {@code label} starts every message; {@code where} names the endpoint and never carries the key. */
    private <T> Answer<T> execute(final Request request, final String label, final String where, final BodyParser<T> parser)
            throws SaleshandyApiException {
        try {
            return executeUnmasked(request, label, where, parser);
        } catch (final SaleshandyApiException e) {
            final String masked = secretMask.mask(e.getMessage());
            if (masked.equals(e.getMessage())) {
                throw e;
            }
            final SaleshandyApiException copy = new Failed(e.getFailure(), masked, e.getHttpStatus(), e.getRetryAfter().orElse(null), rateLimitOf(e),
                    e.getCause());
            copy.setStackTrace(e.getStackTrace());
            throw copy;
        }
    }

    private <T> Answer<T> executeUnmasked(final Request request, final String label, final String where, final BodyParser<T> parser)
            throws SaleshandyApiException {
        final Call call = httpClient.newCall(request);
        final long started = System.nanoTime();
        try (Response response = call.execute()) {
            final RateLimitHeaders rateLimit = RateLimitHeaders.from(response.headers(), clock);
            latestRateLimit = rateLimit;
            if (response.isSuccessful()) {
                return new Answer<>(parser.parse(readWhole(label, response.body())), rateLimit);
            }
            throw classify(label, response, rateLimit);
        } catch (final IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw cancelled(label, e);
            }
            if (reachedCallTimeout(started)) {
                throw new SaleshandyApiException(Failure.TRANSIENT, label + ": no complete response within the request timeout of "
                        + Duration.ofMillis(httpClient.callTimeoutMillis()).toString().substring(2).toLowerCase(Locale.ROOT), e);
            }
            if (call.isCanceled() || (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException))) {
                throw cancelled(label, e);
            }
            throw new SaleshandyApiException(Failure.TRANSIENT, label + ": network error talking to " + where + " (" + describe(e) + ")", e);
        } catch (final Exception e) {
            // OkHttp, written in Kotlin, throws an InterruptedException it does not declare when a cancel interrupts it while connecting.
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw cancelled(label, e);
            }
            throw e;
        }
    }

    /** OkHttp reports its call timeout as it reports a cancel; only the time spent tells them apart. */
    private boolean reachedCallTimeout(final long startedNanos) {
        final long timeoutMillis = httpClient.callTimeoutMillis();
        return timeoutMillis > 0 && System.nanoTime() - startedNanos >= TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    private static SaleshandyApiException cancelled(final String label, final Exception e) {
        return new SaleshandyApiException(Failure.INTERRUPTED, label + ": request cancelled", e);
    }

    /** Counted as it arrives, since a Content-Length may lie. */
    private byte[] readWhole(final String label, final ResponseBody body) throws IOException, SaleshandyApiException {
        final BufferedSource source = body.source();
        // request(n) buffers until n bytes are there or the body ends: true means there is more than the limit.
        if (body.contentLength() > maxBodyBytes || source.request(maxBodyBytes + 1)) {
            throw new SaleshandyApiException(Failure.MALFORMED_RESPONSE, label + ": the response is larger than the " + inWords(maxBodyBytes) + " limit");
        }
        return source.getBuffer().readByteArray();
    }

    private Failed classify(final String label, final Response response, final RateLimitHeaders rateLimit) throws IOException {
        final int status = response.code();
        final String where = label + ": HTTP " + status;
        if (status >= 300 && status < 400) {
            return new Failed(Failure.REDIRECTED, where + ": Saleshandy answered with a redirect " + redirectTarget(response)
                    + "; redirects are not followed so that the key is not sent elsewhere", status, null, rateLimit, null);
        }
        final String body = errorBody(response);
        if (status == 429) {
            // A Retry-After date, like a reset, is on Saleshandy's clock.
            final Optional<Duration> retryAfter = Retrier.retryAfter(response.header(RateLimitHeaders.RETRY_AFTER_HEADER), rateLimit.serverClock())
                    .or(rateLimit::untilReset);
            return new Failed(Failure.RATE_LIMITED, where + ": rate limited by Saleshandy", status, retryAfter.orElse(null), rateLimit, null);
        }
        final String message = apiMessage(body);
        if (status == 408 || status >= 500) {
            return new Failed(Failure.TRANSIENT, where + ": Saleshandy is unavailable" + suffix(excerpt(body)), status, null, rateLimit, null);
        }
        if (status == 401 || status == 403 || message.startsWith(INVALID_TOKEN_CODE) || message.toLowerCase(Locale.ROOT).contains("invalid token")) {
            return new Failed(Failure.KEY_REJECTED, where + ": API key rejected" + suffix(message), status, null, rateLimit, null);
        }
        return new Failed(Failure.INVALID_REQUEST, where + ": request rejected" + suffix(message), status, null, rateLimit, null);
    }

    /** Masked before anything decodes or shortens it. */
    private String errorBody(final Response response) throws IOException {
        final ResponseBody body = response.body();
        final MediaType type = body.contentType();
        final Charset charset = type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8);
        final BufferedSource source = body.source();
        source.request(ERROR_BODY_BYTES);
        return secretMask.mask(new String(source.getBuffer().readByteArray(Math.min(ERROR_BODY_BYTES, source.getBuffer().size())), charset));
    }

    /** The API's human text, else an excerpt; masked again after decoding, which may reveal a key that JSON escaped. */
    private String apiMessage(final String body) {
        return excerpt(secretMask.mask(ResponseText.errorMessage(jsonFactory, body).orElse(body)));
    }

    /** Masked before it is cut, so that no part of the key survives the cut. */
    private String excerpt(final String text) {
        final String line = secretMask.mask(text).replaceAll("\\s+", " ").strip();
        return line.length() <= EXCERPT_LENGTH ? line : line.substring(0, EXCERPT_LENGTH) + "…";
    }

    private static String inWords(final long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB"
                : bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }

    private static String suffix(final String detail) {
        return detail.isEmpty() ? "" : ": " + detail;
    }

    private static String describe(final IOException e) {
        final String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }

    /** The host and port of the Location, never its path, query or user info. */
    private static String redirectTarget(final Response response) {
        final String location = response.header("Location");
        if (location == null || location.isBlank()) {
            return "without a Location header";
        }
        final HttpUrl target = response.request().url().resolve(location.strip());
        if (target == null) {
            return "to a Location that is not a valid URL";
        }
        final boolean defaultPort = target.port() == HttpUrl.defaultPort(target.scheme());
        return "to " + (target.host().contains(":") ? "[" + target.host() + "]" : target.host()) + (defaultPort ? "" : ":" + target.port());
    }
}
