package io.github.nifisaleshandy.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the Saleshandy Open API on loopback: {@code POST /v1/analytics/consolidated-stats} over a
 * {@link DemoDataSet}, with the documented request rules, paging and response shape, and the real API's answer to an
 * unknown key (HTTP 400, {@code 1001: Invalid token}).
 */
public final class DemoSaleshandyServer implements AutoCloseable {

    static {
        // The JDK server otherwise leaves Nagle's algorithm on, adding milliseconds to every response on loopback.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public static final String DEMO_API_KEY = "demo-api-key";
    private static final String STATS_PATH = "/v1/analytics/consolidated-stats";

    private final DemoDataSet dataSet;
    private final String apiKey;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8, runnable -> {
        final Thread thread = new Thread(runnable, "demo-saleshandy-api");
        thread.setDaemon(true);
        return thread;
    });
    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonFactory jsonFactory = mapper.getFactory();
    private final AtomicInteger requests = new AtomicInteger();

    private DemoSaleshandyServer(final DemoDataSet dataSet, final String apiKey) throws IOException {
        this.dataSet = dataSet;
        this.apiKey = apiKey;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
    }

    /** Starts a server on a free loopback port. */
    public static DemoSaleshandyServer start(final DemoDataSet dataSet, final String apiKey) throws IOException {
        final DemoSaleshandyServer demo = new DemoSaleshandyServer(dataSet, apiKey);
        demo.server.start();
        return demo;
    }

    public String baseUrl() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    public int requestCount() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            if (!STATS_PATH.equals(exchange.getRequestURI().getPath()) || !"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 404, message("Cannot " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()));
                return;
            }
            if (!apiKey.equals(exchange.getRequestHeaders().getFirst("x-api-key"))) {
                respond(exchange, 400, message("1001: Invalid token"));
                return;
            }
            final JsonNode body;
            try {
                body = mapper.readTree(exchange.getRequestBody());
            } catch (final IOException e) {
                respond(exchange, 400, message("Request body must be JSON"));
                return;
            }
            final String problem = problem(body);
            if (problem != null) {
                respond(exchange, 400, message(problem));
                return;
            }
            respond(exchange, 200, page(body));
        }
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
        if (start.isBefore(dataSet.today().minusYears(2))) {
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

    private byte[] page(final JsonNode body) throws IOException {
        final List<String> sequenceIds = new ArrayList<>();
        body.path("sequenceIds").forEach(id -> sequenceIds.add(id.asText()));
        final List<DemoDataSet.DemoRecord> matching = dataSet.matching(sequenceIds,
                LocalDate.parse(body.path("startDate").asText()), LocalDate.parse(body.path("endDate").asText()));
        final int pageNumber = body.path("pageNum").asInt();
        final int limit = body.path("pageLimit").asInt();
        final long from = Math.min((long) (pageNumber - 1) * limit, matching.size());
        final int to = (int) Math.min(from + limit, matching.size());
        final boolean hasMore = to < matching.size();

        final ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + (to - (int) from) * 900);
        try (JsonGenerator json = jsonFactory.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("message", "Sequence prospects & emails stats fetched successfully");
            json.writeObjectFieldStart("payload");
            json.writeArrayFieldStart("data");
            for (final DemoDataSet.DemoRecord record : matching.subList((int) from, to)) {
                writeObject(json, record.fields());
            }
            json.writeEndArray();
            json.writeBooleanField("hasMore", hasMore);
            // The documented example answers nextPageNumber 1 on its last page.
            json.writeNumberField("nextPageNumber", hasMore ? pageNumber + 1 : 1);
            json.writeEndObject();
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private static void writeObject(final JsonGenerator json, final Map<String, Object> fields) throws IOException {
        json.writeStartObject();
        for (final Map.Entry<String, Object> field : fields.entrySet()) {
            json.writeFieldName(field.getKey());
            if (field.getValue() instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                final Map<String, Object> object = (Map<String, Object>) nested;
                writeObject(json, object);
            } else {
                json.writeObject(field.getValue());
            }
        }
        json.writeEndObject();
    }

    private byte[] message(final String text) throws IOException {
        return mapper.writeValueAsBytes(Map.of("message", text));
    }

    private static void respond(final HttpExchange exchange, final int status, final byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
