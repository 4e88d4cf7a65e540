package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.StatsPages;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.MockProcessContext;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.MessageFormatter;

/**
 * Servers that page oddly: one that never ends, one with empty pages in the middle, and a long run that must show progress.
 */
class GetSaleshandyStatsPagingTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-10T10:00:00Z"), ZoneOffset.UTC);
    private static final LocalDate START = LocalDate.of(2026, 1, 1);
    private static final LocalDate END = LocalDate.of(2026, 1, 31);

    private final ObjectMapper mapper = new ObjectMapper();
    @AutoClose
    private final MockWebServer server = StatsRunners.startedServer();
    private TestRunner runner = StatsRunners.scheduled(server, CLOCK, new RecordingSleeper());

    @BeforeEach
    void setUp() {
        runner.setProperty(SaleshandyProperties.SEQUENCE_IDS, "seqA");
        runner.setProperty(SaleshandyProperties.START_DATE, START.toString());
        runner.setProperty(SaleshandyProperties.END_DATE, END.toString());
    }

    @Test
    void aServerThatNeverEndsFailsPastMaxPagesAndEmitsNothing() {
        server.setDispatcher(FakeSaleshandyApi.pagesOf(n -> StatsPages.page(n, n * 10, 10, true)));
        runner.setProperty(SaleshandyProperties.MAX_PAGES, "5");

        runner.run();

        assertEquals(5, server.getRequestCount());
        runner.assertTransferCount(StatsRelationships.SUCCESS, 0);
        assertEquals(0, runner.getProvenanceEvents().size());
        final String error = GetSaleshandyStatsTest.text(runner.getLogger().getErrorMessages().getFirst());
        assertTrue(error.contains("Paging stopped: more than 5 pages in the window 2026-01-01 to 2026-01-31; raise Max Pages if this is expected"),
                error);
    }

    @Test
    void anInputDrivenRunPastMaxPagesFailsAsTooManyPagesWithoutYielding() {
        server.setDispatcher(FakeSaleshandyApi.pagesOf(n -> StatsPages.page(n, n * 10, 10, true)));
        runner = StatsRunners.fetching(server, CLOCK, new RecordingSleeper());
        runner.setProperty(SaleshandyProperties.SEQUENCE_IDS, "seqA");
        runner.setProperty(SaleshandyProperties.START_DATE, START.toString());
        runner.setProperty(SaleshandyProperties.END_DATE, END.toString());
        runner.setProperty(SaleshandyProperties.MAX_PAGES, "3");

        runner.enqueue("", Map.of());
        runner.run();

        final MockFlowFile failed = runner.getFlowFilesForRelationship(StatsRelationships.FAILURE).getFirst();
        failed.assertAttributeEquals("saleshandy.error.type", "TOO_MANY_PAGES");
        runner.assertTransferCount(StatsRelationships.SUCCESS, 0);
        assertFalse(((MockProcessContext) runner.getProcessContext()).isYieldCalled(), "a runaway server is no reason to hold back other FlowFiles");
    }

    @Test
    void emptyPagesInTheMiddleArePassedOverWithAWarningNamingThem() throws Exception {
        server.setDispatcher(FakeSaleshandyApi.pagesOf(n -> n == 2 || n == 3 ? StatsPages.envelope("[]", true, n + 1) : StatsPages.page(n, n * 10, 10, n < 4)));

        runner.run();

        final List<MockFlowFile> outputs = runner.getFlowFilesForRelationship(StatsRelationships.SUCCESS);
        assertEquals(List.of("1", "4"), outputs.stream().map(f -> f.getAttribute("saleshandy.page.number")).toList());
        assertEquals(10, mapper.readTree(outputs.get(1).getContent()).size());
        assertEquals(4, server.getRequestCount());
        assertEquals(List.of("Saleshandy sent empty pages in the middle of 2026-01-01 to 2026-01-31: "
                + "2 empty pages said hasMore: true and paging went on past them (pages 2, 3)"),
                runner.getLogger().getWarnMessages().stream().map(GetSaleshandyStatsPagingTest::formatted).toList());
    }

    @Test
    void logsProgressAtInfoEveryHundredPages() {
        server.setDispatcher(FakeSaleshandyApi.pagesOf(n -> StatsPages.page(n, n * 10, 10, n < 201)));
        // Eight in flight only to keep the test quick; progress counts pages in order all the same.
        runner.setProperty(SaleshandyProperties.CONCURRENT_REQUESTS, "8");

        runner.run();

        runner.assertTransferCount(StatsRelationships.SUCCESS, 201);
        final List<String> progress = runner.getLogger().getInfoMessages().stream().map(GetSaleshandyStatsPagingTest::formatted)
               .filter(line -> line.startsWith("Fetched")).toList();
        assertEquals(2, progress.size(), progress.toString());
        assertTrue(progress.get(0).matches("Fetched 100 pages, 1000 records in \\d+ s so far"), progress.get(0));
        assertTrue(progress.get(1).matches("Fetched 200 pages, 2000 records in \\d+ s so far"), progress.get(1));
    }

    /** The log line as a user reads it in a bulletin: its {} filled in, without the "GetSaleshandyStats[id=...] " prefix. */
    private static String formatted(final LogMessage message) {
        final String line = MessageFormatter.arrayFormat(message.getMsg(), message.getArgs()).getMessage();
        return line.startsWith("GetSaleshandyStats[") ? line.substring(line.indexOf("] ") + 2) : line;
    }
}
