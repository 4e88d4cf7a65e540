package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.StatsPages;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.apache.nifi.provenance.ProvenanceEventRecord;
import org.apache.nifi.provenance.ProvenanceEventType;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.MockProcessContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GetSaleshandyStatsTest extends StatsFixture {

    private static final LocalDate TODAY = StatsRunners.today(CLOCK);

    GetSaleshandyStatsTest() {
        super(StatsRunners::scheduled);
    }

    @BeforeEach
    void setUp() {
        runner.setProperty(SaleshandyProperties.SEQUENCE_IDS, "2dP27N0gZ4, 2dP27NugZ3");
        runner.setProperty(SaleshandyProperties.START_DATE, TODAY.minusDays(30).toString());
        runner.setProperty(SaleshandyProperties.END_DATE, TODAY.minusDays(1).toString());
    }

    @Test
    void fetchesEveryPageAndEmitsOneFlowFilePerPageInOrder() throws Exception {
        enqueuePages(3, 10, 4);

        runner.run();

        assertEquals(3, server.getRequestCount());
        for (int page = 1; page <= 3; page++) {
            final JsonNode body = mapper.readTree(server.takeRequest().getBody().utf8());
            assertEquals(page, body.get("pageNum").intValue());
            assertEquals(10, body.get("pageLimit").intValue());
            assertEquals(TODAY.minusDays(30).toString(), body.get("startDate").textValue());
            assertEquals(TODAY.minusDays(1).toString(), body.get("endDate").textValue());
            assertEquals("[\"2dP27N0gZ4\",\"2dP27NugZ3\"]", body.get("sequenceIds").toString());
        }
        final List<MockFlowFile> outputs = runner.getFlowFilesForRelationship(StatsRelationships.SUCCESS);
        assertEquals(3, outputs.size());
        final Set<String> runIds = outputs.stream().map(f -> f.getAttribute("fragment.identifier")).collect(Collectors.toSet());
        assertEquals(1, runIds.size());
        for (int i = 0; i < 3; i++) {
            final MockFlowFile output = outputs.get(i);
            final int records = i == 2 ? 4 : 10;
            assertEquals(mapper.readTree(StatsPages.page(i + 1, i * 10, records, i < 2)).at("/payload/data"), mapper.readTree(output.getContent()));
            output.assertAttributeEquals("mime.type", "application/json");
            output.assertAttributeEquals("record.count", String.valueOf(records));
            output.assertAttributeEquals("saleshandy.page.number", String.valueOf(i + 1));
            output.assertAttributeEquals("saleshandy.sequence.ids", "2dP27N0gZ4,2dP27NugZ3");
            output.assertAttributeEquals("saleshandy.start.date", TODAY.minusDays(30).toString());
            output.assertAttributeEquals("saleshandy.end.date", TODAY.minusDays(1).toString());
            output.assertAttributeEquals("filename", "saleshandy-stats_%s_%s_page-%04d.json".formatted(TODAY.minusDays(30), TODAY.minusDays(1), i + 1));
            output.assertAttributeEquals("fragment.index", String.valueOf(i));
            output.assertAttributeEquals("fragment.count", "3");
        }
        assertEquals(3, runner.getCounterValue(RunOutput.PAGES_COUNTER));
        assertEquals(24, runner.getCounterValue(RunOutput.RECORDS_COUNTER));
        final List<ProvenanceEventRecord> events = runner.getProvenanceEvents();
        assertEquals(3, events.size());
        for (final ProvenanceEventRecord event : events) {
            assertEquals(ProvenanceEventType.RECEIVE, event.getEventType());
            assertEquals(server.url("/v1/analytics/consolidated-stats").toString(), event.getTransitUri());
        }
    }

    @Test
    void emitsTheSeedRecordsExactlyAsTheApiGaveThem() {
        final String seed = StatsPages.resource("seed-page.json");
        server.enqueue(json(200, seed));

        runner.run();

        final MockFlowFile output = runner.getFlowFilesForRelationship(StatsRelationships.SUCCESS).getFirst();
        assertTrue(seed.contains(output.getContent()), "content is the API's data array, byte for byte");
        output.assertAttributeEquals("record.count", "3");
    }

    @Test
    void anEmptyResultEmitsNothingAndSucceeds() {
        server.enqueue(json(200, StatsPages.envelope("[]", false, 1)));

        runner.run();

        runner.assertTransferCount(StatsRelationships.SUCCESS, 0);
        assertEquals(List.of(), runner.getLogger().getErrorMessages());
    }

    @Test
    void endDateDefaultsToToday() throws Exception {
        runner.removeProperty(SaleshandyProperties.END_DATE);
        server.enqueue(json(200, StatsPages.page(1, 0, 1, false)));

        runner.run();

        assertEquals(TODAY.toString(), mapper.readTree(server.takeRequest().getBody().utf8()).get("endDate").textValue());
    }

    @Test
    void waitsAsRetryAfterSaysOnRateLimitThenContinues() {
        server.enqueue(json(200, StatsPages.page(1, 0, 10, true)));
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "2").body("{\"message\":\"Too Many Requests\"}").build());
        server.enqueue(json(200, StatsPages.page(2, 10, 3, false)));

        runner.run();

        assertEquals(List.of(Duration.ofSeconds(2)), sleeper.waits());
        assertEquals(3, server.getRequestCount());
        runner.assertTransferCount(StatsRelationships.SUCCESS, 2);
        assertEquals(13, runner.getCounterValue(RunOutput.RECORDS_COUNTER));
    }

    @Test
    void retriesServerAndNetworkErrorsWithExponentialBackOff() {
        server.enqueue(new MockResponse.Builder().code(503).body("unavailable").build());
        server.enqueue(new MockResponse.Builder().code(200).body(StatsPages.page(1, 0, 200, false)).onResponseBody(new SocketEffect.CloseSocket()).build());
        server.enqueue(json(200, StatsPages.page(1, 0, 10, false)));

        runner.run();

        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), sleeper.waits());
        runner.assertTransferCount(StatsRelationships.SUCCESS, 1);
        assertEquals(2, runner.getLogger().getWarnMessages().size());
    }

    @Test
    void aRunThatFailsOnPage3Of5EmitsNothingAndYields() {
        server.enqueue(json(200, StatsPages.page(1, 0, 10, true)));
        server.enqueue(json(200, StatsPages.page(2, 10, 10, true)));
        for (int attempt = 0; attempt < 4; attempt++) {
            server.enqueue(new MockResponse.Builder().code(503).body("down").build());
        }

        runner.run();

        assertEquals(6, server.getRequestCount());
        runner.assertTransferCount(StatsRelationships.SUCCESS, 0);
        assertEquals(0, runner.getProvenanceEvents().size());
        assertTrue(((MockProcessContext) runner.getProcessContext()).isYieldCalled());
        final List<LogMessage> errors = runner.getLogger().getErrorMessages();
        assertEquals(1, errors.size());
        final String error = text(errors.getFirst());
        assertTrue(error.contains("Page 3: HTTP 503: Saleshandy is unavailable: down (still failing after 3 retries)"), error);
    }

    @Test
    void aMalformedPageFailsTheRunNamingThePage() {
        server.enqueue(json(200, StatsPages.page(1, 0, 10, true)));
        server.enqueue(json(200, "<html>maintenance</html>"));

        runner.run();

        runner.assertTransferCount(StatsRelationships.SUCCESS, 0);
        assertEquals(2, server.getRequestCount());
        assertTrue(text(runner.getLogger().getErrorMessages().getFirst()).contains("Page 2: the response is not valid JSON"));
    }

    @Test
    void stopsAServerWhoseNextPageNumberNeverAdvances() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(200, StatsPages.envelope("[" + StatsPages.record(i) + "]", true, 1)));
        }

        runner.run();

        assertEquals(1, server.getRequestCount());
        runner.assertTransferCount(StatsRelationships.SUCCESS, 0);
        assertTrue(text(runner.getLogger().getErrorMessages().getFirst()).contains("Paging stopped: page 1 says hasMore but its nextPageNumber is 1"));
    }

    private void enqueuePages(final int pages, final int pageSize, final int lastPageSize) {
        for (int page = 1; page <= pages; page++) {
            final boolean last = page == pages;
            server.enqueue(json(200, StatsPages.page(page, (page - 1) * pageSize, last ? lastPageSize : pageSize, !last)));
        }
    }

    private static MockResponse json(final int status, final String body) {
        return FakeSaleshandyApi.json(status, body).build();
    }

    static String text(final LogMessage message) {
        final StringBuilder text = new StringBuilder(message.getMsg());
        if (message.getArgs() != null) {
            for (final Object arg : message.getArgs()) {
                text.append(' ').append(arg);
            }
        }
        if (message.getThrowable() != null) {
            text.append(' ').append(message.getThrowable());
        }
        return text.toString();
    }
}
