package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.record.RecordFormat;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import io.github.nifisaleshandy.testing.StatsPages;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GetSaleshandyStatsConcurrencyTest {

    private static final Clock CLOCK = Clock.fixed(Clock.systemUTC().instant(), ZoneOffset.UTC);

    private static final int PAGES = 9;

    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<Integer, Integer> attempts = new ConcurrentHashMap<>();
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private MockWebServer server;
    private TestRunner runner;

    @BeforeEach
    void setUp() throws Exception {
        server = new MockWebServer();
        server.start();
        runner = TestRunners.newTestRunner(new GetSaleshandyStats(CLOCK, sleeper));
        runner.setProperty(SaleshandyProperties.BASE_URL, server.url("/").toString());
        runner.setProperty(SaleshandyProperties.API_KEY, "key");
        runner.setProperty(SaleshandyProperties.SEQUENCE_IDS, "a");
        runner.setProperty(SaleshandyProperties.START_DATE, LocalDate.now(CLOCK).minusDays(5).toString());
        runner.setProperty(SaleshandyProperties.PAGE_SIZE, "10");
        runner.setProperty(SaleshandyProperties.CONCURRENT_REQUESTS, "4");
        runner.setProperty(SaleshandyProperties.RECORD_FORMAT, RecordFormat.AS_RETURNED);
        runner.setIncomingConnection(false);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void emitsEveryRecordOnceInPageOrder() throws Exception {
        serve(page -> ok(page));

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
        serve(page -> page == 3 && attempts.merge(page, 1, Integer::sum) == 1
                ? new MockResponse.Builder().code(429).setHeader("Retry-After", "4").body("{}").build()
                : ok(page));

        runner.run();

        assertEquals(PAGES, runner.getFlowFilesForRelationship(StatsRelationships.SUCCESS).size());
        assertEquals(PAGES * 10 - 6, runner.getCounterValue(RunOutput.RECORDS_COUNTER));
        assertTrue(sleeper.waits().contains(java.time.Duration.ofSeconds(4)), sleeper.waits().toString());
    }

    @Test
    void aPageThatKeepsFailingFailsTheWholeRun() throws Exception {
        serve(page -> page == 5 ? new MockResponse.Builder().code(503).body("down").build() : ok(page));

        runner.run();

        runner.assertTransferCount(StatsRelationships.SUCCESS, 0);
        assertTrue(runner.getLogger().getErrorMessages().toString().contains("Page 5: HTTP 503"), runner.getLogger().getErrorMessages().toString());
    }

    private MockResponse ok(final int page) {
        if (page > PAGES) {
            return new MockResponse.Builder().code(200).body(StatsPages.envelope("[]", false, 1)).build();
        }
        return new MockResponse.Builder().code(200).body(StatsPages.page(page, (page - 1) * 10, page == PAGES ? 4 : 10, page < PAGES)).build();
    }

    private void serve(final IntFunction<MockResponse> responseForPage) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(final RecordedRequest request) {
                try {
                    return responseForPage.apply(mapper.readTree(request.getBody().utf8()).get("pageNum").intValue());
                } catch (final IOException e) {
                    return new MockResponse.Builder().code(500).build();
                }
            }
        });
    }
}
