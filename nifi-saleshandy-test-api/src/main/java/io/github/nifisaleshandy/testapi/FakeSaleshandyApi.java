package io.github.nifisaleshandy.testapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import javax.net.ssl.SSLSocketFactory;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okio.Buffer;

/**
 * The one stand-in for the Saleshandy Open API, used by the service's tests, the run command's demo mode and the
 * benchmarks: a mockwebserver3 {@link Dispatcher} that answers {@code GET} {@link #SEQUENCES_PATH} from a
 * {@link SequenceSource} and every other request as a stats request from a {@link PageSource}, by the page each request
 * asks for, so its answers are deterministic under concurrent requests. On top of that it can answer scripted faults for
 * a page's next attempts, delay every response by a fixed latency, limit requests per window or in flight as Saleshandy and
 * gateways do, and, as the demo does, hold to {@link DemoRules}.
 */
public final class FakeSaleshandyApi extends Dispatcher {

    public static final String STATS_PATH = "/v1/analytics/consolidated-stats";
    public static final String SEQUENCES_PATH = "/v1/sequences";
    public static final String DEMO_API_KEY = "demo-api-key";

    /** The body of stats page {@code pageNumber} for a request that passed every check. */
    @FunctionalInterface
    public interface PageSource {
        byte[] page(int pageNumber, JsonNode request);
    }

    /** The answer to a {@code GET /v1/sequences} that passed every check; {@code url} holds page, pageSize, filters and order. */
    @FunctionalInterface
    public interface SequenceSource {
        MockResponse answer(HttpUrl url);
    }

    /** What a request must satisfy before it is served: the answer that refuses it, or empty. */
    @FunctionalInterface
    interface Rules {
        Rules NONE = request -> Optional.empty();

        Optional<MockResponse> refusal(RecordedRequest request);
    }

    /** When a request arrived under {@linkplain #withRateLimit rate-limited mode}, in nanoseconds from the first, and whether it was let through. */
    public record Arrival(long atNanos, boolean allowed) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PageSource pages;
    private final Rules rules;
    private final ScriptedFaults statsFaults = new ScriptedFaults();
    private final ScriptedFaults sequencesFaults = new ScriptedFaults();
    private final Deque<MockResponse> scripted = new ArrayDeque<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private SequenceSource sequences;
    private Duration latency = Duration.ZERO;
    private int concurrencyCap = Integer.MAX_VALUE;
    private String capRetryAfter;
    private RateLimitWindows rateLimit;

    private FakeSaleshandyApi(final PageSource pages, final SequenceSource sequences, final Rules rules) {
        this.pages = pages;
        this.sequences = sequences;
        this.rules = rules;
    }

    /** Serves these stats pages, and an account without sequences, to any key and any request that names a page. */
    public static FakeSaleshandyApi serving(final PageSource pages) {
        return new FakeSaleshandyApi(pages, SequencePages.numbered(1, 0), Rules.NONE);
    }

    /** Serves stats page {@code n} with the text {@code bodies} gives for it. */
    public static FakeSaleshandyApi pagesOf(final IntFunction<String> bodies) {
        return serving((pageNumber, request) -> bodies.apply(pageNumber).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The demo API over a data set: {@code POST} {@link #STATS_PATH} and {@code GET} {@link #SEQUENCES_PATH} under
     * {@link DemoRules} (the key, the documented request rules in the API's own words), the records of the requested
     * sequences and days, {@code pageLimit} to a page, and the account's sequences, paged and filtered as
     * {@link SequencesListing} describes.
     */
    public static FakeSaleshandyApi demo(final DemoDataSet dataSet, final String apiKey) {
        return new FakeSaleshandyApi(dataSet::statsPage, url -> SequencesListing.answer(dataSet, url), new DemoRules(apiKey, dataSet.today()));
    }

    /** From now on {@code GET /v1/sequences} is answered by {@code source}. */
    public synchronized FakeSaleshandyApi withSequences(final SequenceSource source) {
        this.sequences = source;
        return this;
    }

    /** Delays the headers of every response by {@code delay}, standing for the round trip to a remote API. */
    public synchronized FakeSaleshandyApi withLatency(final Duration delay) {
        this.latency = delay;
        return this;
    }

    /**
     * Concurrency-capped mode, as API gateways behave: a request past {@code cap} in flight at once gets HTTP 429 at once,
     * with {@code Retry-After: retryAfter} (or none when null) and no rate-limit headers; the others are served with the latency.
     */
    public synchronized FakeSaleshandyApi withConcurrencyCap(final int cap, final String retryAfter) {
        this.concurrencyCap = cap;
        this.capRetryAfter = retryAfter;
        return this;
    }

    /**
     * Rate-limited mode, as Saleshandy limits a key: at most {@code requestsPerWindow} requests per fixed {@code window},
     * counted when a request arrives, the windows starting with the first request; past the limit HTTP 429 with
     * {@code Retry-After} in whole seconds until the window ends. With headers, every answer also carries
     * {@code x-ratelimit-limit}, {@code x-ratelimit-remaining} and {@code x-ratelimit-reset} (epoch milliseconds of the window's end).
     */
    public FakeSaleshandyApi withRateLimit(final int requestsPerWindow, final Duration window, final boolean withHeaders) {
        return withRateLimit(requestsPerWindow, window, withHeaders, InstantSource.system());
    }

    /** Rate-limited mode on the time of {@code time}: a test's clock that moves only when its sleeper is asked to wait. */
    public synchronized FakeSaleshandyApi withRateLimit(final int requestsPerWindow, final Duration window, final boolean withHeaders,
                                                        final InstantSource time) {
        this.rateLimit = new RateLimitWindows(requestsPerWindow, window, withHeaders, time, false);
        return this;
    }

    /**
     * Rate-limited mode with headers as Saleshandy sends them on {@code serverClock}, which may differ from the client's:
     * windows fixed on its epoch, every answer with {@code Date} and the reset in epoch seconds, a 429 without {@code Retry-After}.
     */
    public synchronized FakeSaleshandyApi withRateLimit(final int requestsPerWindow, final Duration window, final Clock serverClock) {
        this.rateLimit = new RateLimitWindows(requestsPerWindow, window, true, serverClock, true);
        return this;
    }

    /** Every request that arrived in rate-limited mode, in order. */
    public synchronized List<Arrival> arrivals() {
        return rateLimit == null ? List.of() : rateLimit.arrivals();
    }

    /** How many requests the concurrency cap refused. */
    public int refused() {
        return refused.get();
    }

    /** The next requests, to either endpoint, get these raw answers in order (e.g. malformed bodies or socket effects); later ones the real page. */
    public synchronized FakeSaleshandyApi answerNext(final MockResponse... responses) {
        scripted.addAll(List.of(responses));
        return this;
    }

    /** The next attempts at stats page {@code page} get these responses, in order; later attempts get the real page. */
    public FakeSaleshandyApi failNext(final int page, final MockResponse... responses) {
        statsFaults.queue(page, responses);
        return this;
    }

    /** Every attempt at stats page {@code page} gets this response. */
    public FakeSaleshandyApi failAlways(final int page, final MockResponse response) {
        statsFaults.always(page, response);
        return this;
    }

    /** Every attempt at any stats page gets this response. */
    public FakeSaleshandyApi failAlways(final MockResponse response) {
        statsFaults.always(response);
        return this;
    }

    /** Every attempt at page {@code page} of the sequence listing gets this response. */
    public FakeSaleshandyApi failSequencesAlways(final int page, final MockResponse response) {
        sequencesFaults.always(page, response);
        return this;
    }

    /** Every attempt at any page of the sequence listing gets this response. */
    public FakeSaleshandyApi failSequencesAlways(final MockResponse response) {
        sequencesFaults.always(response);
        return this;
    }

    /** Forgets the faults served so far and the attempt counts, so that a scenario can be replayed. */
    public void reset() {
        refused.set(0);
        synchronized (this) {
            scripted.clear();
            if (rateLimit != null) {
                rateLimit = rateLimit.restarted();
            }
        }
        statsFaults.reset();
        sequencesFaults.reset();
    }

    /** How often stats page {@code page} was asked for. */
    public int attempts(final int page) {
        return statsFaults.attempts(page);
    }

    /** A started server on a free loopback port, answering with this API; closing it stops it. */
    public MockWebServer start() throws IOException {
        return start(null);
    }

    /** A started server on a free loopback port speaking TLS with {@code tls} (plain HTTP when null), answering with this API. */
    public MockWebServer start(final SSLSocketFactory tls) throws IOException {
        final MockWebServer server = new MockWebServer();
        if (tls != null) {
            server.useHttps(tls);
        }
        server.setServerSocketFactory(new NoDelayServerSockets());
        server.setDispatcher(this);
        server.start(InetAddress.getLoopbackAddress(), 0);
        return server;
    }

    /** The URL to set as Base URL for a server this API {@linkplain #start() started}, by address, without a trailing slash. */
    public static String baseUrl(final MockWebServer server) {
        final String url = new HttpUrl.Builder().scheme("http").host(InetAddress.getLoopbackAddress().getHostAddress()).port(server.getPort())
                .build().toString();
        return url.substring(0, url.length() - 1);
    }

    /** A JSON response in the API's shape, as every answer of this API is. */
    public static MockResponse.Builder json(final int status, final String body) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json; charset=utf-8").body(body);
    }

    @Override
    public MockResponse dispatch(final RecordedRequest request) {
        final Duration delay;
        final int cap;
        final MockResponse next;
        final RateLimitWindows limited;
        synchronized (this) {
            delay = latency;
            cap = concurrencyCap;
            next = scripted.pollFirst();
            limited = rateLimit;
        }
        if (next != null) {
            return next;
        }
        if (limited != null) {
            final RateLimitWindows.Turn turn = limited.arrive();
            final MockResponse.Builder tooMany = json(429, "{\"message\":\"Too many requests\"}").headersDelay(delay.toNanos(), TimeUnit.NANOSECONDS);
            final MockResponse.Builder answer = turn.allowed() ? served(request, delay, cap).newBuilder()
                    : limited.serverClock ? tooMany : tooMany.setHeader("Retry-After", turn.retryAfterSeconds());
            return limited.withHeaders ? turn.headers(answer).build() : answer.build();
        }
        return served(request, delay, cap);
    }

    private MockResponse served(final RecordedRequest request, final Duration delay, final int cap) {
        final String retryAfter;
        synchronized (this) {
            retryAfter = capRetryAfter;
        }
        try {
            if (inFlight.incrementAndGet() > cap) {
                refused.incrementAndGet();
                final MockResponse.Builder tooMany = json(429, "{\"message\":\"Too many concurrent requests\"}");
                return (retryAfter == null ? tooMany : tooMany.setHeader("Retry-After", retryAfter)).build();
            }
            if (cap != Integer.MAX_VALUE) {
                // Held here, not by a headers delay, so that the request counts as in flight while it is served.
                try {
                    Thread.sleep(delay.toMillis());
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            final MockResponse response = rules.refusal(request).orElseGet(() -> isListing(request) ? listing(request.getUrl()) : stats(request));
            return delay.isZero() || cap != Integer.MAX_VALUE ? response : response.newBuilder().headersDelay(delay.toNanos(), TimeUnit.NANOSECONDS).build();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    static boolean isListing(final RecordedRequest request) {
        return SEQUENCES_PATH.equals(request.getUrl().encodedPath()) && "GET".equals(request.getMethod());
    }

    private MockResponse listing(final HttpUrl url) {
        final String page = url.queryParameter("page");
        final int pageNumber = page != null && page.matches("\\d{1,9}") ? Integer.parseInt(page) : 1;
        final SequenceSource source;
        synchronized (this) {
            source = sequences;
        }
        return sequencesFaults.take(pageNumber).orElseGet(() -> source.answer(url));
    }

    private MockResponse stats(final RecordedRequest request) {
        final JsonNode body;
        try {
            body = MAPPER.readTree(request.getBody() == null ? "" : request.getBody().utf8());
        } catch (final IOException e) {
            return message(400, "Request body must be JSON");
        }
        if (body == null || !body.path("pageNum").canConvertToInt()) {
            return message(400, "Page number should be 1 or greater");
        }
        final int page = body.path("pageNum").asInt();
        return statsFaults.take(page).orElseGet(() -> json(200, "").body(new Buffer().write(pages.page(page, body))).build());
    }

    /** A JSON body of the API's error shape, {@code {"message": text}}. */
    static MockResponse message(final int status, final String text) {
        try {
            return json(status, MAPPER.writeValueAsString(Map.of("message", text))).build();
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
