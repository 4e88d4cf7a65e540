package io.github.nifisaleshandy.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.record.RecordFormat;
import io.github.nifisaleshandy.record.StatsRowConverter;
import io.github.nifisaleshandy.testapi.StatsPages;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever bytes arrive, the outcome is a page or a {@link SaleshandyApiException}: never an unchecked exception that
 * would escape the processor's failure handling. Mutations of a valid page, with a fixed seed so that a failure repeats.
 */
class AnyBytesTest {

    private static final long SEED = 20261126L;
    private static final String PAGE = StatsPages.page(1, 0, 3, true);
    private static final List<String> ENCODINGS = List.of("UTF-8", "UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32BE", "UTF-32LE", "UTF-32");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32BE", "UTF-32LE", "UTF-32", "UTF-8 with BOM"})
    void aPageInAnyJsonEncodingIsReadLikeUtf8(final String encoding) throws Exception {
        final StatsPageParser<Void> parser = StatsPageParser.verbatim(new JsonFactory());
        final StatsPage expected = parser.parse(1, PAGE.getBytes(StandardCharsets.UTF_8));

        final StatsPage page = parser.parse(1, encode(PAGE, encoding));

        assertEquals(expected.recordCount(), page.recordCount());
        assertEquals(expected.dataFingerprint(), page.dataFingerprint());
        assertEquals(expected.hasMore(), page.hasMore());
    }

    @Test
    void thousandsOfMutatedBodiesGiveAPageOrAMalformedResponseOnly() {
        final Random random = new Random(SEED);
        final List<StatsPageParser<?>> parsers = List.of(StatsPageParser.verbatim(new JsonFactory()),
                new StatsPageParser<>(new JsonFactory(), new StatsRowConverter(new JsonFactory(), RecordFormat.NORMALIZED)),
                new StatsPageParser<>(new JsonFactory(), new StatsRowConverter(new JsonFactory(), RecordFormat.NORMALIZED_FLAT)));
        int pages = 0;
        int malformed = 0;
        for (int i = 0; i < 6000; i++) {
            final byte[] body = mutate(random);
            for (final StatsPageParser<?> parser : parsers) {
                try {
                    parser.parse(1, body);
                    pages++;
                } catch (final SaleshandyApiException e) {
                    assertEquals(Failure.MALFORMED_RESPONSE, e.getFailure(), e.getMessage());
                    assertTrue(e.getMessage().startsWith("Page 1: "), e.getMessage());
                    malformed++;
                }
            }
        }
        assertTrue(pages > 100 && malformed > 1000, pages + " pages, " + malformed + " malformed");
    }

    @Test
    void mutatedBodiesThroughTheClientGiveAPageOrAClassifiedFailureOnly() throws Exception {
        final Random random = new Random(SEED + 1);
        final OkHttpClient http = new OkHttpClient.Builder().readTimeout(5, TimeUnit.SECONDS).build();
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            final SaleshandyClient<Void> client = SaleshandyClient.verbatim(http, server.url("/"), "key", new JsonFactory(),
                    Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC));
            final StatsRequest request = new StatsRequest(List.of("seqA"), LocalDate.of(2024, 11, 15), LocalDate.of(2024, 11, 19), 1, 25);
            for (int i = 0; i < 60; i++) {
                final MockResponse.Builder response = new MockResponse.Builder().code(200);
                final byte[] body = mutate(random);
                if (random.nextBoolean()) {
                    response.chunkedBody(new Buffer().write(body), 64 + random.nextInt(1024));
                } else {
                    response.body(new Buffer().write(body));
                }
                server.enqueue(response.build());
                try {
                    client.fetchPage(request);
                } catch (final SaleshandyApiException e) {
                    assertEquals(Failure.MALFORMED_RESPONSE, e.getFailure(), e.getMessage());
                }
            }
        } finally {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    private static byte[] mutate(final Random random) {
        final byte[] body = encode(PAGE, ENCODINGS.get(random.nextInt(ENCODINGS.size())));
        return switch (random.nextInt(6)) {
            case 0 -> Arrays.copyOf(body, random.nextInt(body.length + 1));
            case 1 -> flip(body, random, 1 + random.nextInt(8));
            case 2 -> insert(body, random);
            case 3 -> randomBytes(random);
            case 4 -> flip(Arrays.copyOf(body, random.nextInt(body.length + 1)), random, 1);
            default -> body;
        };
    }

    private static byte[] flip(final byte[] body, final Random random, final int times) {
        final byte[] copy = body.clone();
        for (int i = 0; i < times && copy.length > 0; i++) {
            copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return copy;
    }

    private static byte[] insert(final byte[] body, final Random random) {
        final byte[] extra = randomBytes(random);
        final int at = random.nextInt(body.length + 1);
        final byte[] result = new byte[body.length + extra.length];
        System.arraycopy(body, 0, result, 0, at);
        System.arraycopy(extra, 0, result, at, extra.length);
        System.arraycopy(body, at, result, at + extra.length, body.length - at);
        return result;
    }

    private static byte[] randomBytes(final Random random) {
        final byte[] bytes = new byte[random.nextInt(40)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] encode(final String text, final String encoding) {
        if (encoding.equals("UTF-8 with BOM")) {
            return concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text.getBytes(StandardCharsets.UTF_8));
        }
        // Java's "UTF-16" and "UTF-32" encoders write big-endian with (UTF-16) or without (UTF-32) a byte order mark.
        return text.getBytes(Charset.forName(encoding));
    }

    private static byte[] concat(final byte[] first, final byte[] second) {
        final byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
