package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.NumberedPages;
import io.github.nifisaleshandy.testapi.StatsPages;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.net.Proxy;
import java.time.Clock;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.Credentials;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.proxy.ProxyConfiguration;
import org.apache.nifi.proxy.ProxyConfigurationService;
import org.apache.nifi.ssl.SSLContextProvider;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TLS through an SSL Context Service, an authenticating HTTP proxy, and a stop that leaves nothing running.
 */
class ConnectivityTest {

    private static final Clock CLOCK = StatsRunners.NOW;

    private static final String PROXY_PASSWORD = "proxy-pw-3k9";

    private final MockWebServer server = new MockWebServer();
    private TestRunner runner;

    @BeforeEach
    void setUp() {
        runner = StatsRunners.withoutServer(CLOCK, new RecordingSleeper());
        runner.setProperty(SaleshandyProperties.SEQUENCE_IDS, "a");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void talksTlsToAServerTrustedThroughTheSslContextService() throws Exception {
        final HeldCertificate certificate = new HeldCertificate.Builder().addSubjectAlternativeName("localhost").build();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificate).build().sslSocketFactory());
        server.start();
        server.enqueue(new MockResponse.Builder().code(200).body(StatsPages.page(1, 0, 3, false)).build());
        server.enqueue(new MockResponse.Builder().code(200).body(StatsPages.page(1, 0, 3, false)).build());
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.BASE_URL, "https://localhost:" + server.getPort());

        runner.run();
        assertTrue(runner.getLogger().getErrorMessages().toString().contains("network error"), "the JVM does not trust a self-made certificate");
        runner.assertTransferCount(StatsRelationships.SUCCESS, 0);

        final TrustingSslContextProvider ssl = new TrustingSslContextProvider(
                new HandshakeCertificates.Builder().addTrustedCertificate(certificate.certificate()).build());
        StatsRunners.useConnectionService(runner, SaleshandyProperties.SSL_CONTEXT_SERVICE, "ssl", ssl);
        runner.run();

        runner.assertTransferCount(StatsRelationships.SUCCESS, 1);
        final RecordedRequest request = server.takeRequest();
        assertNotNull(request.getHandshake(), "the request went over TLS");
        assertEquals("key", request.getHeaders().get("x-api-key"));
    }

    @Test
    void goesThroughAnAuthenticatingHttpProxy() throws Exception {
        server.start();
        server.enqueue(new MockResponse.Builder().code(407).setHeader("Proxy-Authenticate", "Basic realm=\"corp\"").build());
        server.enqueue(new MockResponse.Builder().code(200).body(StatsPages.page(1, 0, 2, false)).build());
        final ProxyService proxy = new ProxyService(server.getPort());
        StatsRunners.useConnectionService(runner, SaleshandyProperties.PROXY_CONFIGURATION_SERVICE, "proxy", proxy);
        // Nothing listens on port 9: only the proxy can have answered.
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.BASE_URL, "http://127.0.0.1:9");

        runner.run();

        runner.assertTransferCount(StatsRelationships.SUCCESS, 1);
        final RecordedRequest challenged = server.takeRequest();
        final RecordedRequest authenticated = server.takeRequest();
        assertEquals(null, challenged.getHeaders().get("Proxy-Authorization"));
        assertEquals(Credentials.basic("nifi", PROXY_PASSWORD), authenticated.getHeaders().get("Proxy-Authorization"));
        assertEquals("http://127.0.0.1:9/v1/analytics/consolidated-stats", authenticated.getTarget());
        assertFalse(runner.getLogger().getWarnMessages().toString().contains(PROXY_PASSWORD));
    }

    @Test
    void aStoppedProcessorLeavesNoPageRequestThreadsBehind() throws Exception {
        final NumberedPages data = new NumberedPages(5, 10, 4);
        // A look-ahead request past the end that never gets an answer: still in flight when the run ends.
        server.setDispatcher(FakeSaleshandyApi.serving(data)
                .failAlways(6, FakeSaleshandyApi.json(200, data.body(6)).onResponseStart(SocketEffect.Stall.INSTANCE).build()));
        server.start();
        final TestRunner capturing = StatsRunners.scheduled(server, CLOCK, new RecordingSleeper());
        capturing.setProperty(SaleshandyProperties.SEQUENCE_IDS, "a");
        capturing.removeProperty(SaleshandyProperties.RECORD_FORMAT);
        capturing.setProperty(SaleshandyProperties.CONCURRENT_REQUESTS, "4");

        capturing.run();

        capturing.assertTransferCount(StatsRelationships.SUCCESS, 5);
        // Only this processor's threads: other tests in the same JVM may still be closing their own.
        final String ownThreads = "GetSaleshandyStats[" + capturing.getProcessor().getIdentifier() + "]";
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().startsWith(ownThreads)),
                "page request threads remain");
    }

    private static final class TrustingSslContextProvider extends AbstractControllerService implements SSLContextProvider {
        private final HandshakeCertificates certificates;

        TrustingSslContextProvider(final HandshakeCertificates certificates) {
            this.certificates = certificates;
        }

        @Override
        public SSLContext createContext() {
            return certificates.sslContext();
        }

        @Override
        public Optional<X509ExtendedKeyManager> createKeyManager() {
            return Optional.empty();
        }

        @Override
        public X509TrustManager createTrustManager() {
            return certificates.trustManager();
        }
    }

    /** An HTTP proxy on 127.0.0.1 at {@code port}, user "nifi", password {@link #PROXY_PASSWORD}. */
    private static final class ProxyService extends AbstractControllerService implements ProxyConfigurationService {
        private final ProxyConfiguration configuration = new ProxyConfiguration();

        ProxyService(final int port) {
            configuration.setProxyType(Proxy.Type.HTTP);
            configuration.setProxyServerHost("127.0.0.1");
            configuration.setProxyServerPort(port);
            configuration.setProxyUserName("nifi");
            configuration.setProxyUserPassword(PROXY_PASSWORD);
        }

        @Override
        public ProxyConfiguration getConfiguration() {
            return configuration;
        }
    }
}
