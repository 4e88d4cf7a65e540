package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.client.RateLimitHeaders;
import io.github.nifisaleshandy.client.Retrier;
import io.github.nifisaleshandy.client.SaleshandyAccount;
import io.github.nifisaleshandy.client.SecretMask;
import io.github.nifisaleshandy.client.Sleeper;
import io.github.nifisaleshandy.service.ClientOptions;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.Pages;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.service.SaleshandyClient;
import io.github.nifisaleshandy.service.SaleshandyConnectionService;
import io.github.nifisaleshandy.service.SequencesPage;
import io.github.nifisaleshandy.service.SequencesQuery;
import java.net.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnDisabled;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.controller.VerifiableControllerService;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.proxy.ProxyConfiguration;
import org.apache.nifi.ssl.SSLContextProvider;

/** One Saleshandy account for every processor that references it: built when enabled, closed when disabled. */
@Tags({"saleshandy", "email", "sales engagement", "connection", "rate limit"})
@CapabilityDescription("The connection to one Saleshandy account, shared by every Saleshandy processor that references it: the API key, "
        + "the Base URL, TLS and proxy settings, timeouts and retries, and the account's one rate limit. Saleshandy limits requests per "
        + "key, so every processor on this service waits out the same pauses (HTTP 429, or no requests left until x-ratelimit-reset) "
        + "and shares one adaptive limit on requests in flight, at most Max Requests In Flight together. A key rotation is one edit here.")
public class StandardSaleshandyConnectionService extends AbstractControllerService implements SaleshandyConnectionService, VerifiableControllerService {

    static final List<PropertyDescriptor> PROPERTIES = List.of(ConnectionProperties.BASE_URL, ConnectionProperties.API_KEY,
            ConnectionProperties.SSL_CONTEXT_SERVICE, ConnectionProperties.PROXY_CONFIGURATION_SERVICE, ConnectionProperties.CONNECT_TIMEOUT,
            ConnectionProperties.READ_TIMEOUT, ConnectionProperties.REQUEST_TIMEOUT, ConnectionProperties.MAX_RETRIES, ConnectionProperties.MAX_IN_FLIGHT);

    static final String REACH = "Reach Saleshandy";
    static final String KEY = "API key accepted";
    static final String LIST_SEQUENCES = "List one page of sequences";
    static final String RATE_LIMIT_HEADERS = "Rate-limit headers";
    static final String CLOCK = "Clock agrees with Saleshandy's";
    private static final int VERIFY_PAGE_SIZE = 10;
    private static final int MIN_IDLE_CONNECTIONS = 5;

    private final Clock clock;
    private final Sleeper sleeper;
    private volatile SaleshandyAccount account;
    private volatile SecretMask secretMask = new SecretMask(null);

    public StandardSaleshandyConnectionService() {
        this(Clock.systemUTC(), Sleeper.SYSTEM);
    }

    /** A seam for tests and the run command: the clock rate-limit headers are read against, and the sleeper that waits. */
    public StandardSaleshandyConnectionService(final Clock clock, final Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTIES;
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        ProxyConfiguration.validateProxySpec(context, results, ConnectionProperties.PROXY_SPECS);
        return results;
    }

    @OnEnabled
    public void onEnabled(final ConfigurationContext context) {
        secretMask = new SecretMask(ConnectionProperties.apiKey(context));
        account = open(context);
    }

    @OnDisabled
    public void onDisabled() {
        final SaleshandyAccount closing = account;
        account = null;
        if (closing != null) {
            closing.close();
        }
    }

    @Override
    public SaleshandyClient connect(final ClientOptions options) {
        final SaleshandyAccount enabled = account;
        if (enabled == null) {
            throw new IllegalStateException("The Saleshandy connection service is not enabled");
        }
        return enabled.connect(options);
    }

    @Override
    public String mask(final String text) {
        return secretMask.mask(text);
    }

    /** How many processors hold a client of this service now; 0 when disabled. */
    int openClients() {
        final SaleshandyAccount enabled = account;
        return enabled == null ? 0 : enabled.openClients();
    }

    /** Lists one small page of sequences: whether Saleshandy is reached, the key accepted, it sends rate-limit headers, and its Date agrees with this host. */
    @Override
    public List<ConfigVerificationResult> verify(final ConfigurationContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> variables) {
        final List<ConfigVerificationResult> steps = new ArrayList<>();
        try (SaleshandyAccount checked = open(context); SaleshandyAccount.Client client = checked.connect(ClientOptions.verify("Verify"))) {
            final String answered = "Saleshandy answered at " + client.sequencesUrl();
            try (Pages<SequencesPage> pages = client.sequences(SequencesQuery.firstPage(VERIFY_PAGE_SIZE))) {
                final SequencesPage page = pages.next();
                add(steps, REACH, Outcome.SUCCESSFUL, answered);
                add(steps, KEY, Outcome.SUCCESSFUL, "Saleshandy accepted the API key");
                add(steps, LIST_SEQUENCES, Outcome.SUCCESSFUL, "Listed " + page.sequences().size() + " sequences");
                final RateLimitHeaders rateLimit = client.latestRateLimit();
                add(steps, RATE_LIMIT_HEADERS, rateLimit.remaining().isPresent() ? Outcome.SUCCESSFUL : Outcome.SKIPPED, rateLimit.remaining().isPresent()
                        ? "Saleshandy says " + rateLimit.remaining().getAsLong() + " requests are left"
                                + rateLimit.limit().stream().mapToObj(limit -> " of " + limit).findFirst().orElse("") + " in the current window"
                        : "Saleshandy sent no x-ratelimit-remaining header; rate limits are learnt from HTTP 429 answers");
                addClockStep(steps, rateLimit);
            } catch (final SaleshandyApiException e) {
                // The message only: it is masked, while its cause may be a library's exception quoting what a server echoed (the key).
                verificationLogger.warn("Verification could not list sequences: {}", e.getMessage());
                failed(steps, e, answered);
                add(steps, RATE_LIMIT_HEADERS, Outcome.SKIPPED, "No answer to read them from");
                add(steps, CLOCK, Outcome.SKIPPED, "No answer to read them from");
            }
        }
        return List.copyOf(steps);
    }

    /**
     * A clock that is off is SUCCESSFUL with an explanation starting "Warning:": nifi-api 2.6.0's outcomes have no warning, runs are
     * not hurt by it (waits follow Saleshandy's clock), and SKIPPED would say it was not checked.
     */
    private static void addClockStep(final List<ConfigVerificationResult> steps, final RateLimitHeaders answer) {
        if (answer.hostClockAhead().isEmpty()) {
            add(steps, CLOCK, Outcome.SKIPPED, "Saleshandy sent no Date header; rate-limit resets are read against this host's clock");
            return;
        }
        add(steps, CLOCK, Outcome.SUCCESSFUL, answer.clockDifference()
                .map(difference -> "Warning: " + difference + " (by its Date header). Rate-limit waits follow Saleshandy's clock, "
                        + "so runs are not slowed, but dates relative to today are this host's")
                .orElse("This host's clock is within " + RateLimitHeaders.NOTABLE_CLOCK_DIFFERENCE.toSeconds() + " seconds of Saleshandy's"));
    }

    /** What a failed first request tells about reach and key, and about the listing itself. */
    private static void failed(final List<ConfigVerificationResult> steps, final SaleshandyApiException e, final String answered) {
        final boolean reached = e.getHttpStatus() != 0 || e.getFailure() != Failure.TRANSIENT;
        add(steps, REACH, reached ? Outcome.SUCCESSFUL : Outcome.FAILED, reached ? answered : e.getMessage());
        switch (reached ? e.getFailure() : Failure.INTERRUPTED) {
            case INVALID_REQUEST, MALFORMED_RESPONSE -> add(steps, KEY, Outcome.SUCCESSFUL, "Saleshandy accepted the API key");
            case KEY_REJECTED -> add(steps, KEY, Outcome.FAILED, e.getMessage());
            case REDIRECTED -> add(steps, KEY, Outcome.SKIPPED, "Not sent: Saleshandy answered with a redirect, which is not followed");
            default -> add(steps, KEY, Outcome.SKIPPED, reached ? "Could not be checked: " + e.getMessage() : "Saleshandy was not reached");
        }
        final boolean listed = reached && e.getFailure() != Failure.KEY_REJECTED;
        add(steps, LIST_SEQUENCES, listed ? Outcome.FAILED : Outcome.SKIPPED,
                listed ? e.getMessage() : reached ? "The API key was rejected" : "Saleshandy was not reached");
    }

    private static void add(final List<ConfigVerificationResult> steps, final String step, final Outcome outcome, final String explanation) {
        steps.add(new ConfigVerificationResult.Builder().verificationStepName(step).outcome(outcome).explanation(explanation).build());
    }

    private SaleshandyAccount open(final PropertyContext context) {
        final int maxInFlight = context.getProperty(ConnectionProperties.MAX_IN_FLIGHT).asInteger();
        final HttpUrl baseUrl = HttpUrl.get(context.getProperty(ConnectionProperties.BASE_URL).evaluateAttributeExpressions().getValue().strip());
        return new SaleshandyAccount(httpClient(context, maxInFlight), baseUrl, ConnectionProperties.apiKey(context),
                Retrier.Policy.withMaxRetries(context.getProperty(ConnectionProperties.MAX_RETRIES).asInteger()), maxInFlight, clock, sleeper);
    }

    /** The account's one HTTP client: timeouts, a pool with a connection per request in flight, TLS and proxy; SaleshandyHttp refuses redirects. */
    private static OkHttpClient httpClient(final PropertyContext context, final int maxConnections) {
        final long readTimeout = millis(context, ConnectionProperties.READ_TIMEOUT);
        final OkHttpClient.Builder builder = new OkHttpClient.Builder()
                .connectTimeout(millis(context, ConnectionProperties.CONNECT_TIMEOUT), TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout, TimeUnit.MILLISECONDS)
                .writeTimeout(readTimeout, TimeUnit.MILLISECONDS)
                // The read timeout is per read: a server sending one byte a second would otherwise keep a request alive for ever.
                .callTimeout(millis(context, ConnectionProperties.REQUEST_TIMEOUT), TimeUnit.MILLISECONDS)
                // OkHttp keeps 5 idle connections by default; concurrent paging needs one per request in flight.
                .connectionPool(new ConnectionPool(Math.max(MIN_IDLE_CONNECTIONS, maxConnections), 5, TimeUnit.MINUTES));
        final SSLContextProvider ssl = context.getProperty(ConnectionProperties.SSL_CONTEXT_SERVICE).asControllerService(SSLContextProvider.class);
        if (ssl != null) {
            builder.sslSocketFactory(ssl.createContext().getSocketFactory(), ssl.createTrustManager());
        }
        final ProxyConfiguration proxy = ProxyConfiguration.getConfiguration(context);
        if (proxy != null && proxy.getProxyType() != Proxy.Type.DIRECT) {
            builder.proxy(proxy.createProxy());
            if (proxy.hasCredential() && proxy.getProxyUserName() != null && !proxy.getProxyUserName().isEmpty()) {
                final String password = proxy.getProxyUserPassword() == null ? "" : proxy.getProxyUserPassword();
                final String credentials = Credentials.basic(proxy.getProxyUserName(), password);
                builder.proxyAuthenticator((route, response) -> response.request().header("Proxy-Authorization") != null
                        ? null
                        : response.request().newBuilder().header("Proxy-Authorization", credentials).build());
            }
        }
        return builder.build();
    }

    private static long millis(final PropertyContext context, final PropertyDescriptor property) {
        return context.getProperty(property).asTimePeriod(TimeUnit.MILLISECONDS);
    }
}
