package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.NumberedPages;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import mockwebserver3.MockResponse;
import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.api.Test;

class GetSaleshandyStatsConcurrencyTest extends StatsFixture {

    private static final int PAGES = 9;

    private final FakeSaleshandyApi api = FakeSaleshandyApi.serving(new NumberedPages(PAGES, 10, 4));

    GetSaleshandyStatsConcurrencyTest() {
        super(StatsRunners::scheduled);
        runner.setProperty(SaleshandyProperties.CONCURRENT_REQUESTS, "4");
    }

    @Test
    void emitsEveryRecordOnceInPageOrder() throws Exception {
        server.setDispatcher(api);

        runner.run();

        final List<MockFlowFile> outputs = runner.getFlowFilesForRelationship(StatsRelationships.SUCCESS);
        assertEquals(PAGES, outputs.size());
        final Set<String> recipients = new HashSet<>();
        for (int i = 0; i < PAGES; i++) {
            outputs.get(i).assertAttributeEquals("saleshandy.page.number", String.valueOf(i + 1));
            outputs.get(i).assertAttributeEquals("fragment.index", String.valueOf(i));
            for (final JsonNode record : mapper.readTree(outputs.get(i).getContent())) {
                assertTrue(recipients.add(record.get("Recipient Email").textValue()), "duplicate " + record);
            }
        }
        assertEquals(PAGES * 10 - 6, recipients.size());
    }

    @Test
    void aRateLimitedPageIsRetriedAndNothingIsEmittedTwice() throws Exception {
        api.failNext(3, new MockResponse.Builder().code(429).setHeader("Retry-After", "4").body("{}").build());
        server.setDispatcher(api);

        runner.run();

        assertEquals(PAGES, runner.getFlowFilesForRelationship(StatsRelationships.SUCCESS).size());
        assertEquals(PAGES * 10 - 6, runner.getCounterValue(RunOutput.RECORDS_COUNTER));
        assertTrue(sleeper.waits().contains(java.time.Duration.ofSeconds(4)), sleeper.waits().toString());
    }

    @Test
    void whileTheFirstPageBacksOffFromServerErrorsNoFurtherPageIsSent() {
        runner.setProperty(SaleshandyProperties.CONCURRENT_REQUESTS, "8");
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.MAX_RETRIES, "2");
        server.setDispatcher(api.failAlways(new MockResponse.Builder().code(503).body("down").build()));

        runner.run();

        runner.assertTransferCount(StatsRelationships.SUCCESS, 0);
        // Page 1 and its 2 retries: it holds the run's only place through its back-off, and its failure ends the run.
        assertEquals(3, server.getRequestCount());
    }

    @Test
    void aPageThatKeepsFailingFailsTheWholeRun() throws Exception {
        server.setDispatcher(api.failAlways(5, new MockResponse.Builder().code(503).body("down").build()));

        runner.run();

        runner.assertTransferCount(StatsRelationships.SUCCESS, 0);
        assertTrue(runner.getLogger().getErrorMessages().toString().contains("Page 5: HTTP 503"), runner.getLogger().getErrorMessages().toString());
    }
}
