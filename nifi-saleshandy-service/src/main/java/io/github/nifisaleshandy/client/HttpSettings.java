package io.github.nifisaleshandy.client;

import java.net.Proxy;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionPool;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;

/**
 * How to reach Saleshandy: timeouts, how many connections to keep for concurrent requests, and optionally a custom
 * TLS context and an HTTP proxy (with credentials). Builds the one {@link OkHttpClient} a scheduled processor uses.
 */
public record HttpSettings(Duration connectTimeout, Duration readTimeout, Duration requestTimeout, int maxConnections, SSLContext sslContext,
                           X509TrustManager trustManager, Proxy proxy, String proxyUser, String proxyPassword) {

    /** The processor property's default: a whole page takes seconds; a server trickling bytes must not hold a request for ever. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(5);
    private static final int MIN_IDLE_CONNECTIONS = 5;
    private static final Duration IDLE_CONNECTION_TIMEOUT = Duration.ofMinutes(5);

    public HttpSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if ((sslContext == null) != (trustManager == null)) {
            throw new IllegalArgumentException("An SSL context needs its trust manager");
        }
    }

    /** Without TLS or proxy settings, and with the default request timeout. */
    public static HttpSettings direct(final Duration connectTimeout, final Duration readTimeout, final int maxConnections) {
        return new HttpSettings(connectTimeout, readTimeout, DEFAULT_REQUEST_TIMEOUT, maxConnections, null, null, null, null, null);
    }

    /** With a limit on a whole request, from connecting to the last byte of the response; zero means none. */
    public HttpSettings withRequestTimeout(final Duration timeout) {
        return new HttpSettings(connectTimeout, readTimeout, timeout, maxConnections, sslContext, trustManager, proxy, proxyUser, proxyPassword);
    }

    public HttpSettings withTls(final SSLContext context, final X509TrustManager manager) {
        return new HttpSettings(connectTimeout, readTimeout, requestTimeout, maxConnections, context, manager, proxy, proxyUser, proxyPassword);
    }

    public HttpSettings withProxy(final Proxy httpProxy, final String user, final String password) {
        return new HttpSettings(connectTimeout, readTimeout, requestTimeout, maxConnections, sslContext, trustManager, httpProxy, user, password);
    }

    public OkHttpClient newClient() {
        final OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                // The read timeout is per read: a server sending one byte a second would otherwise keep a request alive for ever.
                .callTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
                // A redirect would carry the x-api-key header to whatever host the Location names.
                .followRedirects(false)
                .followSslRedirects(false)
                // OkHttp keeps 5 idle connections by default; concurrent paging needs one per request in flight.
                .connectionPool(new ConnectionPool(Math.max(MIN_IDLE_CONNECTIONS, maxConnections), IDLE_CONNECTION_TIMEOUT.toMinutes(),
                        TimeUnit.MINUTES));
        if (sslContext != null) {
            builder.sslSocketFactory(sslContext.getSocketFactory(), trustManager);
        }
        if (proxy != null) {
            builder.proxy(proxy);
            if (proxyUser != null && !proxyUser.isEmpty()) {
                final String credentials = Credentials.basic(proxyUser, proxyPassword == null ? "" : proxyPassword);
                builder.proxyAuthenticator((route, response) -> response.request().header("Proxy-Authorization") != null
                        ? null
                        : response.request().newBuilder().header("Proxy-Authorization", credentials).build());
            }
        }
        return builder.build();
    }

    /** Hides the proxy password from logs and debuggers that print records. */
    @Override
    public String toString() {
        return "HttpSettings[connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", requestTimeout=" + requestTimeout
                + ", maxConnections=" + maxConnections
                + ", tls=" + (sslContext != null) + ", proxy=" + proxy + ", proxyUser=" + proxyUser + "]";
    }
}
