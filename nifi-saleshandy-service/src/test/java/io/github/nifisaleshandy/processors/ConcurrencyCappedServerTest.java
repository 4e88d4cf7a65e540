package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.nifisaleshandy.testapi.ConcurrencyCappedApi;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.NumberedPages;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A gateway that refuses more than N requests in flight (HTTP 429, no rate-limit headers), met with the processor's
 * defaults: Concurrent Requests 8, Max Retries 3.
 */
class ConcurrencyCappedServerTest extends StatsFixture {

    private static final int PAGES = 40;
    /**
     * 429s one 40-page run may meet: the ramp's overshoot past the cap and a few slow probes (measured: 2 to 7 for caps of
     * 1 to 3). See docs/DECISIONS.md.
     */
    static final int MOST_429S_PER_RUN = 12;

    private final NumberedPages pages = new NumberedPages(PAGES, 10, 10);

    ConcurrencyCappedServerTest() {
        super(StatsRunners::scheduled);
        runner.removeProperty(SaleshandyProperties.CONCURRENT_REQUESTS);
        StatsRunners.removeConnectionProperty(runner, SaleshandyProperties.MAX_RETRIES);
    }

    @ParameterizedTest(name = "at most {0} in flight, Retry-After {1}")
    @CsvSource(value = {"1, none", "2, none", "3, none", "1, 1", "2, 1", "3, 1"})
    void aServerThatCapsRequestsInFlightGetsEveryRecordExactlyOnceWithDefaults(final int cap, final String retryAfter) throws Exception {
        final ConcurrencyCappedApi gateway = new ConcurrencyCappedApi(FakeSaleshandyApi.serving(pages), cap,
                "none".equals(retryAfter) ? null : retryAfter, Duration.ofMillis(15));
        server.setDispatcher(gateway);

        runner.run();

        runner.assertTransferCount(StatsRelationships.SUCCESS, PAGES);
        final Set<String> recipients = new HashSet<>();
        for (final MockFlowFile page : runner.getFlowFilesForRelationship(StatsRelationships.SUCCESS)) {
            for (final JsonNode record : mapper.readTree(page.getContent())) {
                assertTrue(recipients.add(record.get("Recipient Email").textValue()), "duplicate " + record);
            }
        }
        assertEquals(PAGES * 10, recipients.size());
        assertTrue(gateway.refused() <= MOST_429S_PER_RUN, gateway.refused() + " 429s");
        assertTrue(runner.getLogger().getErrorMessages().isEmpty(), runner.getLogger().getErrorMessages().toString());
    }
}
