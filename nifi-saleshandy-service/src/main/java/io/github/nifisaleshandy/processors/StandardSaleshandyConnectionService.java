package io.github.nifisaleshandy.processors;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.client.SaleshandyAccount;
import io.github.nifisaleshandy.client.SaleshandyApiException;
import io.github.nifisaleshandy.client.SaleshandyConnection;
import io.github.nifisaleshandy.client.SequencesClient;
import io.github.nifisaleshandy.client.SequencesPage;
import io.github.nifisaleshandy.client.SequencesRequest;
import io.github.nifisaleshandy.client.Sleeper;
import io.github.nifisaleshandy.service.SaleshandyConnectionService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnDisabled;
import org.apache.nifi.annotation.lifecycle.OnEnabled;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.controller.AbstractControllerService;
import org.apache.nifi.controller.ConfigurationContext;
import org.apache.nifi.controller.VerifiableControllerService;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.proxy.ProxyConfiguration;

/**
 * One Saleshandy account for every processor that references it. Built when enabled, closed when disabled.
 */
@Tags({"saleshandy", "email", "sales engagement", "connection", "rate limit"})
@CapabilityDescription("The connection to one Saleshandy account, shared by every Saleshandy processor that references it: the API key, "
        + "the Base URL, TLS and proxy settings, timeouts and retries, and the account's one rate limit. Saleshandy limits requests per "
        + "key, so every processor on this service waits out the same pauses (HTTP 429, or no requests left until x-ratelimit-reset) "
        + "and shares one adaptive limit on requests in flight, at most Max Requests In Flight together. A key rotation is one edit here.")
public class StandardSaleshandyConnectionService extends AbstractControllerService implements SaleshandyConnectionService, VerifiableControllerService {

    public static final PropertyDescriptor MAX_IN_FLIGHT = new PropertyDescriptor.Builder()
            .name("Max Requests In Flight")
            .description("The most requests to this account in flight at once, from every processor that uses this service together "
                    + "(1 to 64). Each processor's own Concurrent Requests bounds its run within this. The service lowers the number "
                    + "it actually allows when Saleshandy answers HTTP 429 while several requests are in flight, and raises it again slowly.")
            .required(true)
            .defaultValue("16")
            .addValidator(StandardValidators.createLongValidator(1, 64, true))
            .build();

    static final List<PropertyDescriptor> PROPERTIES = List.of(SaleshandyProperties.BASE_URL, SaleshandyProperties.API_KEY,
            SaleshandyProperties.SSL_CONTEXT_SERVICE, SaleshandyProperties.PROXY_CONFIGURATION_SERVICE, SaleshandyProperties.CONNECT_TIMEOUT,
            SaleshandyProperties.READ_TIMEOUT, SaleshandyProperties.REQUEST_TIMEOUT, SaleshandyProperties.MAX_RETRIES, MAX_IN_FLIGHT);

    static final String LIST_SEQUENCES = "List one page of sequences";
    static final String RATE_LIMIT_HEADERS = "Rate-limit headers";
    private static final int VERIFY_PAGE_SIZE = 10;

    private final Clock clock;
    private final Sleeper sleeper;
    private volatile SaleshandyAccount account;

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
        ProxyConfiguration.validateProxySpec(context, results, SaleshandyProperties.PROXY_SPECS);
        return results;
    }

    @OnEnabled
    public void onEnabled(final ConfigurationContext context) {
        account = new SaleshandyAccount(ConnectionSettingsFactory.from(context, clock, sleeper));
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
    public SaleshandyAccount account() {
        final SaleshandyAccount enabled = account;
        if (enabled == null) {
            throw new IllegalStateException("The Saleshandy connection service is not enabled");
        }
        return enabled;
    }

    /** Lists one small page of sequences: whether Saleshandy is reached, the key accepted, and whether it sends rate-limit headers. */
    @Override
    public List<ConfigVerificationResult> verify(final ConfigurationContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> variables) {
        final VerificationSteps steps = new VerificationSteps();
        try (SaleshandyAccount checked = new SaleshandyAccount(ConnectionSettingsFactory.from(context, clock, sleeper));
             SaleshandyConnection connection = checked.connect("Verify", 1)) {
            final SequencesClient client = connection.sequencesClient(new JsonFactory());
            try {
                final SequencesPage page = client.fetchPage(SequencesRequest.all(VERIFY_PAGE_SIZE), 1);
                steps.succeeded(LIST_SEQUENCES, client.sequencesUrl(), "Listed " + page.sequences().size() + " sequences");
                steps.add(RATE_LIMIT_HEADERS, page.rateLimit().remaining().isPresent() ? Outcome.SUCCESSFUL : Outcome.SKIPPED,
                        page.rateLimit().remaining().isPresent()
                                ? "Saleshandy says " + page.rateLimit().remaining().getAsLong() + " requests are left"
                                        + page.rateLimit().limit().stream().mapToObj(limit -> " of " + limit).findFirst().orElse("")
                                        + " in the current window"
                                : "Saleshandy sent no x-ratelimit-remaining header; rate limits are learnt from HTTP 429 answers");
            } catch (final SaleshandyApiException e) {
                verificationLogger.warn("Verification could not list sequences: {}", e.getMessage(), e);
                steps.failed(LIST_SEQUENCES, client.sequencesUrl(), e);
                steps.skip("No answer to read them from", RATE_LIMIT_HEADERS);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return steps.results();
    }
}
