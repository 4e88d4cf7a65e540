package io.github.nifisaleshandy.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.client.SequencesPageParser;
import io.github.nifisaleshandy.record.JsDateParser;
import io.github.nifisaleshandy.service.Sequence;
import io.github.nifisaleshandy.service.SequencesPage;
import io.github.nifisaleshandy.testapi.DemoDataSet;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
    void answersAnyOtherPathOrMethodWithNotFound() throws Exception {
        final HttpRequest getStats = HttpRequest.newBuilder(URI.create(FakeSaleshandyApi.baseUrl(server) + FakeSaleshandyApi.STATS_PATH))
                .header("x-api-key", "k").GET().build();
        final HttpResponse<String> response = http.send(getStats, HttpResponse.BodyHandlers.ofString());

        assertEquals(404, response.statusCode());
        assertEquals("Cannot GET " + FakeSaleshandyApi.STATS_PATH, mapper.readTree(response.body()).get("message").textValue());
    }

    @Test
    void enforcesTheDocumentedRequestRules() throws Exception {
        assertRejected(body(1, 9), "Page limit should be between 10 & 500 per page");
        assertRejected(body(0, 10), "Page number should be 1 or greater");
        assertRejected(range(LocalDate.of(2024, 11, 25), LocalDate.of(2024, 12, 1)), "Start Date must not be older than 2 years ago");
        assertRejected(range(LocalDate.of(2025, 1, 1), LocalDate.of(2026, 1, 2)), "End Date must not exceed 1 year after Start Date");
    }

    @Test
    void listsEverySequenceOfTheAccountPageByPageUntilAShortPage() throws Exception {
        final List<Sequence> listed = new ArrayList<>();
        final List<Integer> pageSizes = new ArrayList<>();
        int page = 1;
        SequencesPage answer;
        do {
            answer = sequences("k", "page=" + page + "&pageSize=3&sortBy=sequence.createdAt&sort=ASC", page);
            listed.addAll(answer.sequences());
            pageSizes.add(answer.sequences().size());
            page++;
        } while (answer.sequences().size() == 3);

        assertEquals(List.of(3, 3, 1), pageSizes);
        assertEquals(dataSet.sequences().stream().map(DemoDataSet.DemoSequence::id).toList(), listed.stream().map(Sequence::id).toList());
        final Sequence renewal = listed.get(3);
        assertEquals("Renewal Reminder", renewal.title());
        assertFalse(renewal.active());
        assertEquals(List.of("Renewal notice", "Offer", "Final reminder"), renewal.steps().stream().map(Sequence.Step::name).toList());
        assertEquals(new Sequence.Client("cA1mZ7qLxe", "Acme, Inc.", "Sarah", "Lee"), renewal.client());
        assertEquals(new Sequence.Owner(1004L, "Priya", "Raman", "priya.raman@example.com"), renewal.owner());
        assertNull(listed.getFirst().client());
        assertEquals(2, listed.stream().filter(s -> !s.active()).count());
        assertTrue(listed.stream().map(Sequence::id).toList().containsAll(dataSet.sequenceIds()));
    }

    @Test
    void listsNewestFirstByDefaultAndSortsByTitleOnRequest() throws Exception {
        assertEquals("Partner Intro", sequences("k", "", 1).sequences().getFirst().title());
        assertEquals(List.of("Cold Outreach – EMEA", "Follow-Up Sequence", "Holiday Promo 2025", "Partner Intro", "Renewal Reminder",
                "Webinar Invite – Q4", "Welcome Campaign"), titles(sequences("k", "sortBy=sequence.title", 1)));
        assertEquals("Welcome Campaign", sequences("k", "sortBy=sequence.title&sort=DESC", 1).sequences().getFirst().title());
    }

    @Test
    void filtersByTitleSearchAndByClient() throws Exception {
        assertEquals(List.of("Webinar Invite – Q4", "Welcome Campaign"), titles(sequences("k", "sequenceName=wE&sortBy=sequence.title", 1)));
        assertEquals(List.of("Follow-Up Sequence", "Renewal Reminder", "Cold Outreach – EMEA"),
                titles(sequences("k", "clientIds=cA1mZ7qLxe,cG4lBx9eTn&sortBy=sequence.createdAt&sort=ASC", 1)));
        assertEquals(List.of(), titles(sequences("k", "sequenceName=Welcome&clientIds=cA1mZ7qLxe", 1)));
        assertEquals(List.of(), titles(sequences("k", "page=2&pageSize=1000", 2)));
    }

    @Test
    void listingChecksTheKeyAndTheDocumentedParameters() throws Exception {
        final HttpResponse<String> unknownKey = get("wrong", "");
        assertEquals(400, unknownKey.statusCode());
        assertEquals("1001: Invalid token", mapper.readTree(unknownKey.body()).get("message").textValue());

        assertInvalidListing("pageSize=1001", "pageSize must not be greater than 1000");
        assertInvalidListing("page=0", "page must not be less than 1");
        assertInvalidListing("page=first", "page must be an integer number");
        assertInvalidListing("sort=UP", "sort must be one of the following values: ASC, DESC");
        assertInvalidListing("sortBy=id", "sortBy must be one of the following values: sequence.createdAt, sequence.title");

        final HttpRequest withContentType = HttpRequest.newBuilder(URI.create(FakeSaleshandyApi.baseUrl(server) + FakeSaleshandyApi.SEQUENCES_PATH))
                .header("x-api-key", "k").header("Content-Type", "application/json").GET().build();
        assertEquals(406, http.send(withContentType, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    private void assertInvalidListing(final String query, final String message) throws Exception {
        final HttpResponse<String> response = get("k", query);
        assertEquals(400, response.statusCode(), query);
        final JsonNode body = mapper.readTree(response.body());
        assertEquals("Bad Request", body.get("error").textValue());
        assertEquals(message, body.get("message").get(0).textValue());
    }

    private SequencesPage sequences(final String key, final String query, final int page) throws Exception {
        final HttpResponse<byte[]> response = http.send(listing(key, query), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), query);
        return new SequencesPageParser(new JsonFactory()).parse(page, response.body());
    }

    private HttpResponse<String> get(final String key, final String query) throws Exception {
        return http.send(listing(key, query), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest listing(final String key, final String query) {
        final String url = FakeSaleshandyApi.baseUrl(server) + FakeSaleshandyApi.SEQUENCES_PATH + (query.isEmpty() ? "" : "?" + query);
        return HttpRequest.newBuilder(URI.create(url)).header("x-api-key", key).GET().build();
    }

    private static List<String> titles(final SequencesPage page) {
        return page.sequences().stream().map(Sequence::title).toList();
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
