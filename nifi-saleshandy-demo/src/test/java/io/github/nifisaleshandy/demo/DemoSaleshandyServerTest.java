package io.github.nifisaleshandy.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.record.JsDateParser;
import io.github.nifisaleshandy.testapi.DemoDataSet;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo mode of the fake Saleshandy API, as the run command serves it.
 */
class DemoSaleshandyServerTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final DemoDataSet dataSet = DemoDataSet.generate(NOW, 1234);
    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = FakeSaleshandyApi.demo(dataSet, "k").start();
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    @Test
    void pagesThroughTheWholeDataSetInTheApisShape() throws Exception {
        final Set<String> recipients = new HashSet<>();
        int page = 1;
        JsonNode payload;
        do {
            final HttpResponse<String> response = post("k", body(page, 500));
            assertEquals(200, response.statusCode());
            payload = mapper.readTree(response.body()).get("payload");
            for (final JsonNode record : payload.get("data")) {
                recipients.add(record.get("Recipient Email").textValue());
                assertEquals(22, record.size(), record.toString());
                assertNotNull(JsDateParser.parse(record.get("Email Sent At").textValue()), record.get("Email Sent At").textValue());
                assertTrue(Set.of("Yes", "No").contains(record.get("Replied").textValue()));
                assertTrue(record.get("Client").isObject());
            }
            assertEquals(payload.get("hasMore").booleanValue() ? page + 1 : 1, payload.get("nextPageNumber").intValue());
            page++;
        } while (payload.get("hasMore").booleanValue());

        assertEquals(1234, recipients.size());
        assertEquals(3, page - 1);
    }

    @Test
    void noEventLiesInTheFuture() {
        for (final DemoDataSet.DemoRecord record : dataSet.matching(dataSet.sequenceIds(), dataSet.firstDay(), dataSet.today())) {
            for (final String field : new String[] {"Email Sent At", "Last Opened At", "Replied At", "Last Clicked At", "Bounced At"}) {
                final String text = (String) record.fields().get(field);
                assertFalse(!text.isEmpty() && JsDateParser.parse(text).isAfter(NOW), field + " " + text);
            }
        }
    }

    @Test
    void answersAnUnknownKeyLikeTheRealApi() throws Exception {
        final HttpResponse<String> response = post("wrong", body(1, 10));

        assertEquals(400, response.statusCode());
        assertEquals("1001: Invalid token", mapper.readTree(response.body()).get("message").textValue());
    }

    @Test
    void enforcesTheDocumentedRequestRules() throws Exception {
        assertRejected(body(1, 9), "Page limit should be between 10 & 500 per page");
        assertRejected(body(0, 10), "Page number should be 1 or greater");
        assertRejected(range(LocalDate.of(2024, 11, 25), LocalDate.of(2024, 12, 1)), "Start Date must not be older than 2 years ago");
        assertRejected(range(LocalDate.of(2025, 1, 1), LocalDate.of(2026, 1, 2)), "End Date must not exceed 1 year after Start Date");
    }

    private void assertRejected(final String body, final String message) throws Exception {
        final HttpResponse<String> response = post("k", body);
        assertEquals(400, response.statusCode());
        assertEquals(message, mapper.readTree(response.body()).get("message").textValue());
    }

    private String body(final int page, final int limit) {
        return """
                {"sequenceIds":%s,"startDate":"%s","endDate":"%s","pageNum":%d,"pageLimit":%d}""".formatted(
                ids(), dataSet.firstDay(), dataSet.today(), page, limit);
    }

    private String range(final LocalDate start, final LocalDate end) {
        return """
                {"sequenceIds":%s,"startDate":"%s","endDate":"%s","pageNum":1,"pageLimit":10}""".formatted(ids(), start, end);
    }

    private String ids() {
        try {
            return mapper.writeValueAsString(dataSet.sequenceIds());
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> post(final String key, final String body) throws Exception {
        final HttpRequest request = HttpRequest.newBuilder(URI.create(FakeSaleshandyApi.baseUrl(server) + FakeSaleshandyApi.STATS_PATH))
                .header("x-api-key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
