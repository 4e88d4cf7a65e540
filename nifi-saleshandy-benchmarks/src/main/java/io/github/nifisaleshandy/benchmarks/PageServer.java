package io.github.nifisaleshandy.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

/**
 * A loopback API for benchmarks: answers page {@code pageNum} with the body a function gives, optionally after a fixed
 * delay that stands for the round trip to a remote API.
 */
final class PageServer implements AutoCloseable {

    static {
        // The JDK server otherwise leaves Nagle's algorithm on, which adds milliseconds to every small response on loopback
        // and would be measured as paging overhead. Read once, when the first server is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16, runnable -> {
        final Thread thread = new Thread(runnable, "benchmark-api");
        thread.setDaemon(true);
        return thread;
    });
    private final IntFunction<byte[]> bodyForPage;
    private final Duration delay;

    PageServer(final IntFunction<byte[]> bodyForPage, final Duration delay) throws IOException {
        this.bodyForPage = bodyForPage;
        this.delay = delay;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final int page = mapper.readTree(exchange.getRequestBody()).get("pageNum").intValue();
            if (!delay.isZero()) {
                Thread.sleep(delay);
            }
            final byte[] body = bodyForPage.apply(page);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
