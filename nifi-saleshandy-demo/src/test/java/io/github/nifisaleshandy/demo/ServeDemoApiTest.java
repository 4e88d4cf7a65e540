package io.github.nifisaleshandy.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code run.sh --serve-demo-api}: the demo API a NiFi flow can point at, served until stopped, with the Base URL and key it
 * prints; and the options it refuses.
 */
class ServeDemoApiTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
    private static final Pattern BASE_URL = Pattern.compile("saleshandy\\.base\\.url +(http://127\\.0\\.0\\.1:\\d+)\\n");
    private static final Pattern API_KEY = Pattern.compile("saleshandy\\.api\\.key +(\\S+)\\n");
    private static final String ONLY_PORT = "error: --serve-demo-api serves the demo API with its own key and data, and takes no option but --port: remove ";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final StringWriter err = new StringWriter();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void servesBothEndpointsToThePrintedKeyUntilStoppedThenExits0() throws Exception {
        final ReadyWriter out = new ReadyWriter();
        final CountDownLatch stop = new CountDownLatch(1);
        final CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(stop, out, "--serve-demo-api", "--port", "0"));
        assertTrue(out.ready.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "never ready: " + out + err);

        final String printed = out.toString();
        final Matcher baseUrl = BASE_URL.matcher(printed);
        final Matcher key = API_KEY.matcher(printed);
        assertTrue(baseUrl.find() && key.find(), printed);
        assertEquals(FakeSaleshandyApi.DEMO_API_KEY, key.group(1));
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(PATIENCE).build()) {
            final HttpResponse<String> sequences = http.send(HttpRequest.newBuilder(URI.create(baseUrl.group(1) + FakeSaleshandyApi.SEQUENCES_PATH))
                    .header("x-api-key", key.group(1)).timeout(PATIENCE).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, sequences.statusCode(), sequences.body());
            assertEquals(7, mapper.readTree(sequences.body()).at("/payload").size(), sequences.body());

            final String statsRequest = "{\"sequenceIds\":[\"Q2vYd7LmPa\"],\"startDate\":\"2026-10-28\",\"endDate\":\"2026-11-26\","
                    + "\"pageNum\":1,\"pageLimit\":500}";
            final HttpResponse<String> stats = http.send(stats(baseUrl.group(1), key.group(1), statsRequest), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, stats.statusCode(), stats.body());
            final JsonNode records = mapper.readTree(stats.body()).at("/payload/data");
            assertTrue(records.size() > 100, stats.body());
            assertEquals("Q2vYd7LmPa", records.get(0).get("Sequence Id").textValue(), records.get(0).toString());

            final HttpResponse<String> wrongKey = http.send(stats(baseUrl.group(1), "my-real-key", statsRequest), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, wrongKey.statusCode());
            assertTrue(wrongKey.body().contains("1001: Invalid token"), wrongKey.body());

            stop.countDown();
            assertEquals(0, exit.get(PATIENCE.toSeconds(), TimeUnit.SECONDS), err.toString());
            assertThrows(ConnectException.class, () -> http.send(stats(baseUrl.group(1), key.group(1), statsRequest), HttpResponse.BodyHandlers.ofString()));
        }
        assertTrue(out.toString().contains(" POST " + FakeSaleshandyApi.STATS_PATH + " -> 200\n"), out.toString());
        assertTrue(out.toString().contains(" GET " + FakeSaleshandyApi.SEQUENCES_PATH + " -> 200\n"), out.toString());
        assertTrue(out.toString().endsWith("Demo Saleshandy API stopped.\n"), out.toString());
        assertTrue(!out.toString().contains("my-real-key"), out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void aPortInUseIsAOneLineErrorWithExit1() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final StringWriter out = new StringWriter();
            final int exit = run(new CountDownLatch(0), out, "--serve-demo-api", "--port", String.valueOf(taken.getLocalPort()));

            assertEquals(1, exit, out.toString());
            assertEquals("error: --port: port " + taken.getLocalPort() + " of 127.0.0.1 is in use; choose another with --port N", err.toString().strip());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--serve-demo-api --port 70000 | error: --port: 70000 is not a port, 0 to 65535",
        "--serve-demo-api --port next | Invalid value for option '--port': 'next' is not an int",
        "--port 18089 | error: --port is the port of --serve-demo-api: add --serve-demo-api, or remove --port",
        "--serve-demo-api --sequence-ids Q2vYd7LmPa --output out | " + ServeDemoApiTest.ONLY_PORT + "--sequence-ids, --output",
        "--serve-demo-api --api-key live-key | " + ServeDemoApiTest.ONLY_PORT + "--api-key"})
    void optionsTheDemoApiWouldIgnoreExitWith2InOneLine(final String args, final String message) {
        final StringWriter out = new StringWriter();

        assertEquals(2, run(new CountDownLatch(0), out, args.split(" ")));
        assertEquals(message, err.toString().strip().lines().findFirst().orElseThrow());
        assertEquals("", out.toString());
    }

    private static HttpRequest stats(final String baseUrl, final String key, final String body) {
        return HttpRequest.newBuilder(URI.create(baseUrl + FakeSaleshandyApi.STATS_PATH)).header("x-api-key", key)
                .header("Content-Type", "application/json").timeout(PATIENCE).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private int run(final CountDownLatch stop, final StringWriter out, final String... args) {
        return RunSaleshandyStats.execute(CLOCK, stop, new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /** Output that says when the server has printed its parameters, so the test waits for that and not for a time. */
    private static final class ReadyWriter extends StringWriter {
        private final CountDownLatch ready = new CountDownLatch(1);

        @Override
        public void write(final String text, final int offset, final int length) {
            super.write(text, offset, length);
            if (getBuffer().indexOf("Ctrl-C") >= 0) {
                ready.countDown();
            }
        }
    }
}
