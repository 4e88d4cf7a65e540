package io.github.nifisaleshandy.demo;

import io.github.nifisaleshandy.testapi.DemoDataSet;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * {@code run.sh --serve-demo-api}: the run command's demo Saleshandy API (both endpoints, its key, its data set) served on a
 * loopback port until stopped, so that a NiFi flow on this machine can fetch from it. Prints the Base URL and the key to set
 * as the flow's parameters, then one line per request, so a user sees NiFi's requests arrive.
 */
final class DemoApiServer {

    static final int DEFAULT_PORT = 18089;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private DemoApiServer() {
    }

    /**
     * Releases {@code stop} when the JVM shuts down (Ctrl-C), so that the server closes and says so, and lets the shutdown wait,
     * a few seconds at most, until the latch returned is released: the caller releases it once the command is done.
     */
    static CountDownLatch releaseOnShutdown(final CountDownLatch stop) {
        final CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                done.await(5, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        return done;
    }

    /** Serves on {@code port} of the loopback address until {@code stop} is released; 0 when stopped, 1 when the port is taken. */
    static int serve(final Clock clock, final int port, final CountDownLatch stop, final PrintWriter out, final PrintWriter err)
            throws IOException, InterruptedException {
        final DemoDataSet dataSet = DemoDataSet.generate(clock.instant(), DemoDataSet.DEFAULT_SIZE);
        final FakeSaleshandyApi api = FakeSaleshandyApi.demo(dataSet, FakeSaleshandyApi.DEMO_API_KEY);
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(final RecordedRequest request) {
                    final MockResponse response = api.dispatch(request);
                    // Method, path and status only: the headers hold the key, and a body could hold anything.
                    out.printf("%s %s %s -> %d%n", TIME.format(clock.instant().atZone(ZoneOffset.UTC)), request.getMethod(),
                            request.getUrl().encodedPath(), response.getCode());
                    return response;
                }
            });
            try {
                server.start(InetAddress.getLoopbackAddress(), port);
            } catch (final BindException e) {
                err.println("error: --port: port " + port + " of " + InetAddress.getLoopbackAddress().getHostAddress()
                        + " is in use; choose another with --port N");
                return 1;
            }
            final String baseUrl = FakeSaleshandyApi.baseUrl(server);
            out.println("Serving the demo Saleshandy API at " + baseUrl + " (" + dataSet.size() + " made-up records sent from "
                    + dataSet.firstDay() + " to " + dataSet.today() + "), on loopback: NiFi must run on this machine.");
            out.println("Set these parameters of an example flow (right-click its process group, Parameters):");
            out.println("  saleshandy.base.url  " + baseUrl);
            out.println("  saleshandy.api.key   " + FakeSaleshandyApi.DEMO_API_KEY);
            out.println("Leave saleshandy.sequence.ids empty: every active sequence (the records of inactive ones are left out). "
                    + "Press Ctrl-C to stop.");
            stop.await();
        }
        out.println("Demo Saleshandy API stopped.");
        return 0;
    }
}
