package io.github.nifisaleshandy.client;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Sends one request to a Saleshandy endpoint and classifies every outcome, for every client of the API: a body handed
 * to the caller's parser, or a {@link SaleshandyApiException} naming the {@link Failure}. Redirects are refused, bodies
 * are read no further than a limit, and no message ever shows the key, in whatever encoding the server echoed it.
 */
final class SaleshandyHttp {

    /** Turns a successful response body into the caller's value, with the response's rate-limit headers. */
    @FunctionalInterface
    interface BodyParser<T> {
        T parse(byte[] body, RateLimitHeaders rateLimit) throws SaleshandyApiException;
    }

    private static final int EXCERPT_LENGTH = 300;
    /** Error bodies are read this far only: enough for any message, and a huge one cannot exhaust memory. */
    private static final long ERROR_BODY_BYTES = 64L * 1024;
    /** What the API answers, with HTTP 400, when the key is unknown. */
    private static final String INVALID_TOKEN_CODE = "1001";

    private final OkHttpClient httpClient;
    private final SecretMask secretMask;
    private final JsonFactory jsonFactory;
    private final Clock clock;
    private final long maxBodyBytes;

    SaleshandyHttp(final OkHttpClient httpClient, final String apiKey, final JsonFactory jsonFactory, final Clock clock, final long maxBodyBytes) {
        if (maxBodyBytes < 1 || maxBodyBytes >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBodyBytes must be between 1 and " + (Integer.MAX_VALUE - 1) + ": " + maxBodyBytes);
        }
        // Whoever built the OkHttpClient, a redirect must never carry the key to the host its Location names.
        this.httpClient = httpClient.newBuilder().followRedirects(false).followSslRedirects(false).build();
        this.secretMask = new SecretMask(apiKey);
        this.jsonFactory = jsonFactory;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The Base URL's own path (e.g. {@code /saleshandy} behind a gateway) followed by the endpoint's path. */
    static HttpUrl endpointUrl(final HttpUrl baseUrl, final String endpointPath) {
        final String basePath = baseUrl.encodedPath().endsWith("/")
                ? baseUrl.encodedPath().substring(0, baseUrl.encodedPath().length() - 1)
                : baseUrl.encodedPath();
        return baseUrl.newBuilder().encodedPath(basePath + endpointPath).query(null).fragment(null).build();
    }

    /**
     * Sends {@code request} once (no retry) and parses a successful body with {@code parser}. {@code label} starts every
     * message, e.g. "Page 3"; {@code where} names the endpoint in network errors and must not carry the key.
     */
    <T> T execute(final Request request, final String label, final String where, final BodyParser<T> parser) throws SaleshandyApiException {
        try {
            return executeUnmasked(request, label, where, parser);
        } catch (final SaleshandyApiException e) {
            final String masked = secretMask.mask(e.getMessage());
            throw masked.equals(e.getMessage()) ? e : e.withMessage(masked);
        }
    }

    private <T> T executeUnmasked(final Request request, final String label, final String where, final BodyParser<T> parser)
            throws SaleshandyApiException {
        final Call call = httpClient.newCall(request);
        final long started = System.nanoTime();
        try (Response response = call.execute()) {
            final RateLimitHeaders rateLimit = RateLimitHeaders.from(response.headers(), clock);
            if (response.isSuccessful()) {
                return parser.parse(readWhole(label, response), rateLimit);
            }
            throw classify(label, response).withRateLimit(rateLimit);
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

    /**
     * OkHttp reports its call timeout as a cancelled call with an InterruptedIOException, as it reports a cancel by the
     * processor (a stop, or a look-ahead request no longer needed). Only the time spent tells them apart: the timeout
     * fires no earlier than its deadline, and a cancel before it is a cancel.
     */
    private boolean reachedCallTimeout(final long startedNanos) {
        final long timeoutMillis = httpClient.callTimeoutMillis();
        return timeoutMillis > 0 && System.nanoTime() - startedNanos >= TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    private static SaleshandyApiException cancelled(final String label, final Exception e) {
        return new SaleshandyApiException(Failure.INTERRUPTED, label + ": request cancelled", e);
    }

    private byte[] readWhole(final String label, final Response response) throws IOException, SaleshandyApiException {
        final Optional<byte[]> body = BoundedBody.readWhole(response.body(), maxBodyBytes);
        if (body.isEmpty()) {
            throw new SaleshandyApiException(Failure.MALFORMED_RESPONSE, label + ": the response is larger than the " + inWords(maxBodyBytes) + " limit");
        }
        return body.get();
    }

    private SaleshandyApiException classify(final String label, final Response response) throws IOException {
        final int status = response.code();
        final String where = label + ": HTTP " + status;
        if (status >= 300 && status < 400) {
            return new SaleshandyApiException(Failure.REDIRECTED, where + ": Saleshandy answered with a redirect " + RedirectTarget.describe(response)
                    + "; redirects are not followed so that the key is not sent elsewhere", status, null);
        }
        final String body = errorBody(response);
        if (status == 429) {
            final Optional<Duration> retryAfter = RetryAfter.parse(response.header("Retry-After"), clock)
                    .or(() -> RateLimitHeaders.from(response.headers(), clock).untilReset());
            return new SaleshandyApiException(Failure.RATE_LIMITED, where + ": rate limited by Saleshandy", status, retryAfter.orElse(null));
        }
        final String message = apiMessage(body);
        if (status == 401 || status == 403) {
            return new SaleshandyApiException(Failure.KEY_REJECTED, where + ": API key rejected" + suffix(message), status, null);
        }
        if (status == 408 || status >= 500) {
            return new SaleshandyApiException(Failure.TRANSIENT, where + ": Saleshandy is unavailable" + suffix(excerpt(body)), status, null);
        }
        if (message.startsWith(INVALID_TOKEN_CODE) || message.toLowerCase(Locale.ROOT).contains("invalid token")) {
            return new SaleshandyApiException(Failure.KEY_REJECTED, where + ": API key rejected" + suffix(message), status, null);
        }
        return new SaleshandyApiException(Failure.INVALID_REQUEST, where + ": request rejected" + suffix(message), status, null);
    }

    /** The start of an error body as text, with the key masked before anything decodes or shortens it. */
    private String errorBody(final Response response) throws IOException {
        final ResponseBody body = response.body();
        final MediaType type = body.contentType();
        final Charset charset = type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8);
        return secretMask.mask(new String(BoundedBody.readPrefix(body, ERROR_BODY_BYTES), charset));
    }

    /**
     * The API's human text when the body has it in a shape we know, else an excerpt of the body. Masked again after
     * decoding: JSON may have carried the key escaped (backslash-u escapes, escaped slashes), which only decoding reveals.
     */
    private String apiMessage(final String body) {
        return excerpt(secretMask.mask(ApiErrorText.of(jsonFactory, body).orElse(body)));
    }

    /** A one-line, bounded excerpt, masked before it is cut so that no part of the key survives the cut. */
    private String excerpt(final String text) {
        final String line = secretMask.mask(text).replaceAll("\\s+", " ").strip();
        return line.length() <= EXCERPT_LENGTH ? line : line.substring(0, EXCERPT_LENGTH) + "…";
    }

    private static String inWords(final long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
    }

    private static String suffix(final String detail) {
        return detail.isEmpty() ? "" : ": " + detail;
    }

    private static String describe(final IOException e) {
        final String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }
}
