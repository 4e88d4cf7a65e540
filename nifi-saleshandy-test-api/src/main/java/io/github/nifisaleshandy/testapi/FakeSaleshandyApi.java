package io.github.nifisaleshandy.testapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okio.Buffer;

/**
 * The one stand-in for the Saleshandy Open API, used by the processors' tests, the run command's demo mode and the
 * benchmarks: a mockwebserver3 {@link Dispatcher} that answers each request by the {@code pageNum} it asks for, so its
 * answers are deterministic under concurrent requests. On top of a {@link PageSource} it can check the key and the
 * documented request rules (as the demo does), answer scripted faults for a page's next attempts, and delay every
 * response by a fixed latency.
 */
public final class FakeSaleshandyApi extends Dispatcher {

    public static final String STATS_PATH = "/v1/analytics/consolidated-stats";
    public static final String SEQUENCES_PATH = "/v1/sequences";
    public static final String DEMO_API_KEY = "demo-api-key";

    /** The body of page {@code pageNumber} for a request that passed every check. */
    @FunctionalInterface
    public interface PageSource {
        byte[] page(int pageNumber, JsonNode request);
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PageSource pages;
    private final String apiKey;
    private final LocalDate today;
    private final DemoDataSet dataSet;
    private final Map<Integer, Deque<MockResponse>> faults = new HashMap<>();
    private final Map<Integer, MockResponse> always = new HashMap<>();
    private final Map<Integer, AtomicInteger> attempts = new HashMap<>();
    private MockResponse everyPage;
    private Duration latency = Duration.ZERO;

    private FakeSaleshandyApi(final PageSource pages, final String apiKey, final DemoDataSet dataSet) {
        this.pages = pages;
        this.apiKey = apiKey;
        this.today = dataSet == null ? null : dataSet.today();
        this.dataSet = dataSet;
    }

    /** Serves these pages to any key and any request that names a page. */
    public static FakeSaleshandyApi serving(final PageSource pages) {
        return new FakeSaleshandyApi(pages, null, null);
    }

    /** Serves page {@code n} with the text {@code bodies} gives for it. */
    public static FakeSaleshandyApi pagesOf(final IntFunction<String> bodies) {
        return serving((pageNumber, request) -> bodies.apply(pageNumber).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The demo API over a data set: {@code POST} {@link #STATS_PATH} and {@code GET} {@link #SEQUENCES_PATH}, the real
     * API's answer to an unknown key on both (HTTP 400, {@code 1001: Invalid token}), the documented request rules in the
     * API's own words, the records of the requested sequences and days, {@code pageLimit} to a page, and the account's
     * sequences, paged and filtered as {@link SequencesListing} describes.
     */
    public static FakeSaleshandyApi demo(final DemoDataSet dataSet, final String apiKey) {
        return new FakeSaleshandyApi((pageNumber, request) -> dataSetPage(dataSet, pageNumber, request), apiKey, dataSet);
    }

    /** Delays the headers of every response by {@code delay}, standing for the round trip to a remote API. */
    public synchronized FakeSaleshandyApi withLatency(final Duration delay) {
        this.latency = delay;
        return this;
    }

    /** The next attempts at {@code page} get these responses, in order; later attempts get the real page. */
    public synchronized FakeSaleshandyApi failNext(final int page, final MockResponse... responses) {
        faults.computeIfAbsent(page, p -> new ArrayDeque<>()).addAll(List.of(responses));
        return this;
    }

    /** Every attempt at {@code page} gets this response. */
    public synchronized FakeSaleshandyApi failAlways(final int page, final MockResponse response) {
        always.put(page, response);
        return this;
    }

    /** Every attempt at any page gets this response. */
    public synchronized FakeSaleshandyApi failAlways(final MockResponse response) {
        everyPage = response;
        return this;
    }

    /** Forgets the faults served so far and the attempt counts, so that a scenario can be replayed. */
    public synchronized void reset() {
        faults.clear();
        always.clear();
        everyPage = null;
        attempts.clear();
    }

    public synchronized int attempts(final int page) {
        return attempts.getOrDefault(page, new AtomicInteger()).get();
    }

    /** A started server on a free loopback port, answering with this API; closing it stops it. */
    public MockWebServer start() throws IOException {
        final MockWebServer server = new MockWebServer();
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
        final MockResponse response = answer(request);
        final Duration delay;
        synchronized (this) {
            delay = latency;
        }
        return delay.isZero() ? response : response.newBuilder().headersDelay(delay.toNanos(), TimeUnit.NANOSECONDS).build();
    }

    private MockResponse answer(final RecordedRequest request) {
        final boolean listing = dataSet != null && SEQUENCES_PATH.equals(request.getUrl().encodedPath()) && "GET".equals(request.getMethod());
        if (dataSet != null && !listing && (!STATS_PATH.equals(request.getUrl().encodedPath()) || !"POST".equals(request.getMethod()))) {
            return message(404, "Cannot " + request.getMethod() + " " + request.getUrl().encodedPath());
        }
        if (apiKey != null && !apiKey.equals(request.getHeaders().get("x-api-key"))) {
            return message(400, "1001: Invalid token");
        }
        if (listing) {
            // A client saw GET requests that carried a Content-Type refused so (saleshandy-facts.md).
            return request.getHeaders().get("Content-Type") != null ? message(406, "Not Acceptable") : SequencesListing.answer(dataSet, request.getUrl());
        }
        final JsonNode body;
        try {
            body = MAPPER.readTree(request.getBody() == null ? "" : request.getBody().utf8());
        } catch (final IOException e) {
            return message(400, "Request body must be JSON");
        }
        final String problem = today == null ? null : problem(body);
        if (problem != null) {
            return message(400, problem);
        }
        if (body == null || !body.path("pageNum").canConvertToInt()) {
            return message(400, "Page number should be 1 or greater");
        }
        final int page = body.path("pageNum").asInt();
        synchronized (this) {
            attempts.computeIfAbsent(page, p -> new AtomicInteger()).incrementAndGet();
            if (everyPage != null || always.containsKey(page)) {
                return everyPage != null ? everyPage : always.get(page);
            }
            final Deque<MockResponse> scripted = faults.get(page);
            if (scripted != null && !scripted.isEmpty()) {
                return scripted.removeFirst();
            }
        }
        return json(200, "").body(new Buffer().write(pages.page(page, body))).build();
    }

    /** The rules of the vendor's page, in the API's own words where it has them. */
    private String problem(final JsonNode body) {
        if (body == null || !body.path("sequenceIds").isArray() || body.path("sequenceIds").isEmpty()) {
            return "sequenceIds must be a non-empty array";
        }
        final LocalDate start;
        final LocalDate end;
        try {
            start = LocalDate.parse(body.path("startDate").asText());
            end = LocalDate.parse(body.path("endDate").asText());
        } catch (final DateTimeParseException e) {
            return "Start Date and End Date must be valid dates (YYYY-MM-DD)";
        }
        if (start.isBefore(today.minusYears(2))) {
            return "Start Date must not be older than 2 years ago";
        }
        if (end.isBefore(start) || end.isAfter(start.plusYears(1))) {
            return "End Date must not exceed 1 year after Start Date";
        }
        if (!body.path("pageNum").canConvertToInt() || body.path("pageNum").asInt() < 1) {
            return "Page number should be 1 or greater";
        }
        final int limit = body.path("pageLimit").asInt(-1);
        if (limit < 10 || limit > 500) {
            return "Page limit should be between 10 & 500 per page";
        }
        return null;
    }

    private static byte[] dataSetPage(final DemoDataSet dataSet, final int pageNumber, final JsonNode request) {
        final List<String> sequenceIds = new ArrayList<>();
        request.path("sequenceIds").forEach(id -> sequenceIds.add(id.asText()));
        final List<DemoDataSet.DemoRecord> matching = dataSet.matching(sequenceIds,
                LocalDate.parse(request.path("startDate").asText()), LocalDate.parse(request.path("endDate").asText()));
        final int limit = request.path("pageLimit").asInt();
        final int from = (int) Math.min((long) (pageNumber - 1) * limit, matching.size());
        final int to = (int) Math.min((long) from + limit, matching.size());
        return StatsPages.body(matching.subList(from, to).stream().map(DemoDataSet.DemoRecord::fields).toList(), to < matching.size(), pageNumber);
    }

    private static MockResponse message(final int status, final String text) {
        try {
            return json(status, MAPPER.writeValueAsString(Map.of("message", text))).build();
        } catch (final IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
