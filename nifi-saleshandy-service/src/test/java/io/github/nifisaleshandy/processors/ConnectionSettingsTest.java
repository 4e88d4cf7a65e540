package io.github.nifisaleshandy.processors;

import static io.github.nifisaleshandy.processors.ServiceTestKit.KEY;
import static io.github.nifisaleshandy.processors.ServiceTestKit.query;
import static io.github.nifisaleshandy.processors.ServiceTestKit.recipients;
import static io.github.nifisaleshandy.testapi.FakeSaleshandyApi.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import io.github.nifisaleshandy.testapi.NumberedPages;
import java.net.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Credentials;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.proxy.ProxyConfiguration;
import org.apache.nifi.proxy.ProxyConfigurationService;
import org.apache.nifi.ssl.SSLContextProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The service's connection settings at work: TLS through an SSL Context Service, an authenticating HTTP proxy, and the
 * rules for values HTTP can carry (the key in a header, the Base URL), whose messages never show the key.
 */
class ConnectionSettingsTest {

    private static final NumberedPages DATA = new NumberedPages(1, 10, 3);
    private static final String PROXY_PASSWORD = "proxy-pw-3k9";

    @Test
    void talksTlsToAServerTrustedThroughTheSslContextService() throws Exception {
        final HeldCertificate certificate = new HeldCertificate.Builder().addSubjectAlternativeName("localhost").build();
        final HandshakeCertificates serverSide = new HandshakeCertificates.Builder().heldCertificate(certificate).build();
        final TrustingSslContextProvider trusting = new TrustingSslContextProvider(
                new HandshakeCertificates.Builder().addTrustedCertificate(certificate.certificate()).build());
        try (ServiceTestKit kit = new ServiceTestKit(FakeSaleshandyApi.serving(DATA), Map.of("Max Retries", "0"), Map.of("ssl", trusting),
                serverSide.sslSocketFactory())) {
            final String https = "https://localhost:" + kit.server.getPort();
            final StandardSaleshandyConnectionService untrusted = kit.add("untrusted", KEY, Map.of("Base URL", https, "Max Retries", "0"));
            try (var client = kit.connect(untrusted, 1)) {
                final var e = org.junit.jupiter.api.Assertions.assertThrows(io.github.nifisaleshandy.service.SaleshandyApiException.class,
                        () -> ServiceTestKit.drain(client.stats(query())));
                assertEquals(Failure.TRANSIENT, e.getFailure());
                assertTrue(e.getMessage().contains("network error"), "the JVM does not trust a self-made certificate: " + e.getMessage());
            }

            final StandardSaleshandyConnectionService trusted = kit.add("trusted", KEY, Map.of("Base URL", https, "SSL Context Service", "ssl"));
            try (var client = kit.connect(trusted, 1)) {
                assertEquals(DATA.recipients(), recipients(ServiceTestKit.drain(client.stats(query()))));
            }

            final List<RecordedRequest> requests = kit.requests();
            final RecordedRequest served = requests.getLast();
            assertNotNull(served.getHandshake(), "the request went over TLS");
            assertEquals(KEY, served.getHeaders().get("x-api-key"));
        }
    }

    @Test
    void goesThroughAnAuthenticatingHttpProxy() throws Exception {
        final FakeSaleshandyApi proxy = FakeSaleshandyApi.serving(DATA);
        proxy.answerNext(new MockResponse.Builder().code(407).setHeader("Proxy-Authenticate", "Basic realm=\"corp\"").build());
        try (ServiceTestKit kit = new ServiceTestKit(proxy)) {
            final ProxyService proxyService = new ProxyService(kit.server.getPort());
            kit.runner.addControllerService("proxy", proxyService);
            kit.runner.enableControllerService(proxyService);
            // Nothing listens on port 9: only the proxy can have answered.
            final StandardSaleshandyConnectionService proxied = kit.add("proxied", KEY,
                    Map.of("Base URL", "http://127.0.0.1:9", ConnectionProperties.PROXY_CONFIGURATION_SERVICE.getName(), "proxy"));

            try (var client = kit.connect(proxied, 1)) {
                assertEquals(DATA.recipients(), recipients(ServiceTestKit.drain(client.stats(query()))));
            }

            final RecordedRequest challenged = kit.server.takeRequest();
            final RecordedRequest authenticated = kit.server.takeRequest();
            assertEquals(null, challenged.getHeaders().get("Proxy-Authorization"));
            assertEquals(Credentials.basic("nifi", PROXY_PASSWORD), authenticated.getHeaders().get("Proxy-Authorization"));
            assertEquals("http://127.0.0.1:9/v1/analytics/consolidated-stats", authenticated.getTarget());
        }
    }

    // What HTTP can carry

    @ParameterizedTest(name = "{1} at {2}")
    @CsvSource(delimiter = '|', value = {
        "\\n| a line break| 12", "\\r| a line break| 12", "\\t| a tab| 12", "' '| a space| 12", "\\0| a NUL character| 12",
        "\\u007f| a DEL character| 12", "\\u0007| a control character| 12", "\\u0085| a control character| 12", "é| a non-ASCII character| 12",
        "\\u00a0| a non-ASCII character| 12", "\\ud83d\\udd11| a non-ASCII character| 12"})
    void aKeyHttpCannotCarryIsNamedByKindAndPositionNeverByItsCharacters(final String inside, final String kind, final int position) {
        final String start = "sk-Live9f3Q";
        final String end = "Zt7wXy";
        final String key = start + unescape(inside) + end;

        final Optional<String> problem = ConnectionProperties.apiKeyProblem(key);

        assertEquals(Optional.of("API Key must contain only visible ASCII characters: found " + kind.strip() + " at position " + position), problem);
        assertFalse(problem.get().contains(start) || problem.get().contains(end));
    }

    @Test
    void aPositionCountsTheWhitespaceBeforeTheKeySoItPointsIntoWhatTheUserTyped() {
        assertEquals(Optional.of("API Key must contain only visible ASCII characters: found a line break at position 5"),
                ConnectionProperties.apiKeyProblem("  ab\ncd"));
    }

    @Test
    void aServiceWithAKeyHttpCannotCarryIsInvalidAndCannotBeEnabled() throws Exception {
        try (ServiceTestKit kit = new ServiceTestKit(FakeSaleshandyApi.serving(DATA))) {
            final StandardSaleshandyConnectionService broken = new StandardSaleshandyConnectionService();
            kit.runner.addControllerService("broken", broken);
            kit.runner.setProperty(broken, ConnectionProperties.BASE_URL, FakeSaleshandyApi.baseUrl(kit.server));
            kit.runner.setProperty(broken, ConnectionProperties.API_KEY, "sh-live-7Qz9xK2mP4a\n9f3QZt7wXy");

            kit.runner.assertNotValid(broken);
            assertEquals(0, kit.server.getRequestCount());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n", "\r\n", " ", "\t", " \n "})
    void whitespaceAroundAKeyIsTrimmedAndTheKeySentWithoutIt(final String around) throws Exception {
        assertEquals(Optional.empty(), ConnectionProperties.apiKeyProblem(around + KEY + around));
        try (ServiceTestKit kit = new ServiceTestKit(FakeSaleshandyApi.serving(DATA))) {
            final StandardSaleshandyConnectionService pasted = kit.add("pasted", around + KEY + around, Map.of());
            try (var client = kit.connect(pasted, 1)) {
                ServiceTestKit.drain(client.stats(query()));
            }

            assertEquals(KEY, kit.server.takeRequest().getHeaders().get("x-api-key"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://open-api.saleshandy.com", "https://gateway.example.com/api/open-api", "http://localhost:18089",
        "http://127.0.0.1:18089", "http://[::1]:18089"})
    void aBaseUrlIsHttpsOrPlainHttpToALoopbackHost(final String url) {
        assertEquals(null, ConnectionProperties.baseUrlProblem(url));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://open-api.saleshandy.com|must use https: plain http is only allowed to a loopback host",
        "http://10.0.0.5:8080|must use https: plain http is only allowed to a loopback host",
        "https://user:s3kr1t@open-api.saleshandy.com|must not contain user info",
        "https://open-api.saleshandy.com?token=s3kr1t|must not contain a query",
        "ftp://open-api.saleshandy.com|must be an absolute https URL",
        "open-api.saleshandy.com|must be an absolute https URL"})
    void aBaseUrlThatWouldSendTheKeyUnencryptedOrCarriesASecretIsInvalidWithoutEchoingIt(final String url, final String problem) {
        final String found = ConnectionProperties.baseUrlProblem(url);
        assertTrue(found.startsWith(problem), found);
        assertFalse(found.contains("s3kr1t"), found);
    }

    @Test
    void aBaseUrlWithALineBreakInsideIsInvalid() {
        assertEquals("must not contain control characters: found a line break at position 18",
                ConnectionProperties.baseUrlProblem("https://open-api.\nsaleshandy.com"));
    }

    private static String unescape(final String text) {
        return text.replace("\\n", "\n").replace("\\r", "\r").replace("\\t", "\t").replace("\\0", "\0")
                .replace("\\u007f", "\u007f").replace("\\u0007", "\u0007").replace("\\u0085", "\u0085").replace("\\u00a0", "\u00a0")
                .replace("\\ud83d\\udd11", "\ud83d\udd11").replace("'", "");
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
