package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.service.ClientOptions;
import io.github.nifisaleshandy.service.DateWindow;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.Pages;
import io.github.nifisaleshandy.service.RecordFormat;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.service.SaleshandyClient;
import io.github.nifisaleshandy.service.SequencesQuery;
import io.github.nifisaleshandy.service.StatsQuery;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.SequencePages;
import io.github.nifisaleshandy.testapi.StatsPages;
import io.github.nifisaleshandy.testapi.TricklingBody;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A page body larger than the account's limit (64 MiB; a small one here) fails as a malformed response, whatever the server
 * declares: a declared Content-Length above it fails before the body is read, a chunked body is counted as it arrives.
 * Both endpoints. The short read and call timeouts only bound a test of a broken limit, which would read on and on.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ResponseSizeLimitTest {

    private static final int LIMIT = 4096;
    private static final StatsQuery QUERY = new StatsQuery(List.of("seqA"), List.of(new DateWindow(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 20))),
            10, StatsQuery.DEFAULT_MAX_PAGES, RecordFormat.AS_RETURNED, false);

    private final FakeSaleshandyApi api = FakeSaleshandyApi.pagesOf(page -> StatsPages.page(page, 0, 3, false));
    private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(5)).build();
    private MockWebServer server;
    private SaleshandyAccount account;

    @AfterEach
    void close() {
        account.close();
        server.close();
    }

    @Test
    void aChunkedBodyAtTheLimitIsReadAndOneByteMoreFailsAsMalformed() throws Exception {
        final SaleshandyClient client = connect(LIMIT);
        api.answerNext(chunked(statsPageOfSize(LIMIT)));
        assertEquals(1, drain(client.stats(QUERY)));

        api.answerNext(chunked(statsPageOfSize(LIMIT + 1)));
        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> drain(client.stats(QUERY)));

        assertEquals(Failure.MALFORMED_RESPONSE, e.getFailure());
        assertEquals("Page 1: the response is larger than the 4 KiB limit", e.getMessage());
    }

    @Test
    void aDeclaredContentLengthAboveTheLimitFailsBeforeTheBodyIsRead() throws Exception {
        final SaleshandyClient client = connect(LIMIT);
        // 8 KiB at a byte per 200 ms: reading up to the limit alone would take minutes.
        final TricklingBody slow = new TricklingBody(statsPageOfSize(2 * LIMIT), Duration.ofMillis(200));
        api.answerNext(new MockResponse.Builder().code(200).body(slow).build());

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> drain(client.stats(QUERY)));

        assertEquals(Failure.MALFORMED_RESPONSE, e.getFailure());
        assertEquals("Page 1: the response is larger than the 4 KiB limit", e.getMessage());
    }

    @Test
    void aSequencesPageLargerThanTheLimitFailsAsMalformed() throws Exception {
        final SaleshandyClient client = connect(256);
        final String page = SequencePages.page(1, 10);
        assertTrue(page.length() > 256);
        api.answerNext(chunked(page));

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> drain(client.sequences(SequencesQuery.firstPage(10))));

        assertEquals(Failure.MALFORMED_RESPONSE, e.getFailure());
        assertEquals("Sequences page 1: the response is larger than the 256 bytes limit", e.getMessage());
    }

    @Test
    void theServicesLimitIsSixtyFourMebibytes() throws Exception {
        final SaleshandyClient client = connect(0);
        api.answerNext(new MockResponse.Builder().code(200).body(declaring(64L * 1024 * 1024 + 1)).build());

        final SaleshandyApiException e = assertThrows(SaleshandyApiException.class, () -> drain(client.stats(QUERY)));

        assertEquals("Page 1: the response is larger than the 64 MiB limit", e.getMessage());
    }

    /** A client of an account on the fake API whose page bodies may hold {@code limit} bytes, 0 for the service's own limit. */
    private SaleshandyClient connect(final long limit) throws Exception {
        server = api.start();
        final HttpUrl baseUrl = HttpUrl.get(FakeSaleshandyApi.baseUrl(server));
        final Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
        final Sleeper noWaits = duration -> { };
        final Retrier.Policy noRetries = Retrier.Policy.withMaxRetries(0);
        account = limit == 0 ? new SaleshandyAccount(http, baseUrl, "sk-test", noRetries, 1, clock, noWaits)
                : new SaleshandyAccount(http, baseUrl, "sk-test", noRetries, 1, clock, noWaits, limit);
        return account.connect(new ClientOptions("Test", 1, false, ClientOptions.Events.NONE));
    }

    /** A stats page that JSON whitespace pads to exactly {@code size} bytes. */
    private static String statsPageOfSize(final int size) {
        final String page = StatsPages.page(1, 0, 3, false);
        assertTrue(page.length() < size);
        return page + " ".repeat(size - page.getBytes(StandardCharsets.UTF_8).length);
    }

    private static MockResponse chunked(final String body) {
        return FakeSaleshandyApi.json(200, "").chunkedBody(body, 100).build();
    }

    /** Declares {@code length} bytes and sends none: only a client that reads on waits for them. */
    private static MockResponseBody declaring(final long length) {
        return new MockResponseBody() {
            @Override
            public long getContentLength() {
                return length;
            }

            @Override
            public void writeTo(final BufferedSink sink) {
            }
        };
    }

    private static int drain(final Pages<?> pages) throws SaleshandyApiException {
        try (pages) {
            int count = 0;
            while (pages.hasNext()) {
                pages.next();
                count++;
            }
            return count;
        }
    }
}
