package io.github.nifisaleshandy.demo;

import io.github.nifisaleshandy.client.Sleeper;
import io.github.nifisaleshandy.processors.ConnectionProperties;
import io.github.nifisaleshandy.processors.SaleshandyProperties;
import io.github.nifisaleshandy.processors.StandardSaleshandyConnectionService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.MockProcessContext;
import org.apache.nifi.util.MockValidationContext;
import org.apache.nifi.util.TestRunner;

/**
 * The run command's Saleshandy Connection, set up as a flow would: a {@link StandardSaleshandyConnectionService} added to
 * the processor's TestRunner, its properties set from the options, enabled if valid, and named in the processor's
 * Saleshandy Connection property. Closing it disables the service, which closes the account's connections.
 */
final class ConnectionSetup implements AutoCloseable {

    static final String SERVICE_ID = "saleshandy-connection";

    /** The option a user typed for each property of the service and the processors, so validation messages can name it. */
    private static final Map<String, String> OPTION_FOR_PROPERTY = Map.of(
            "Base URL", "--base-url", "Sequence IDs", "--sequence-ids", "Start Date", "--start-date", "End Date", "--end-date",
            "Page Size", "--page-size", "API Key", "--api-key", "Max Pages", "--max-pages", "Request Timeout", "--request-timeout");

    private final TestRunner runner;
    private final StandardSaleshandyConnectionService service;
    private final List<ValidationResult> serviceProblems;

    private ConnectionSetup(final TestRunner runner, final StandardSaleshandyConnectionService service, final List<ValidationResult> serviceProblems) {
        this.runner = runner;
        this.service = service;
        this.serviceProblems = serviceProblems;
    }

    /**
     * Adds the connection service to {@code runner} with {@code url}, {@code key} and {@code requestTimeout} (null: the
     * service's default), {@code clock} to read rate-limit headers against, and names it in the processor; enables it if valid.
     */
    static ConnectionSetup add(final TestRunner runner, final Clock clock, final String url, final String key, final String requestTimeout)
            throws InitializationException {
        final StandardSaleshandyConnectionService service = new StandardSaleshandyConnectionService(clock, Sleeper.SYSTEM);
        runner.addControllerService(SERVICE_ID, service);
        runner.setProperty(service, ConnectionProperties.BASE_URL, url);
        runner.setProperty(service, ConnectionProperties.API_KEY, key);
        if (requestTimeout != null) {
            runner.setProperty(service, ConnectionProperties.REQUEST_TIMEOUT, requestTimeout);
        }
        runner.setProperty(SaleshandyProperties.CONNECTION, SERVICE_ID);
        // A service with invalid properties cannot be enabled: its validation says why.
        final List<ValidationResult> problems = runner.validate(service).stream().filter(result -> !result.isValid()).toList();
        if (problems.isEmpty()) {
            runner.enableControllerService(service);
        }
        return new ConnectionSetup(runner, service, problems);
    }

    /** Why the connection service would refuse {@code key}, in its own words, before anything starts; empty when it takes it. */
    static Optional<String> keyProblem(final String key) {
        final MockProcessContext context = new MockProcessContext(new StandardSaleshandyConnectionService());
        final ValidationResult result = ConnectionProperties.API_KEY.validate(key, new MockValidationContext(context));
        return result.isValid() ? Optional.empty() : Optional.of(result.getExplanation());
    }

    /**
     * What keeps the run from starting, the connection service's problems first, then the processor's, each as
     * "option: explanation"; empty when the service is enabled and the processor valid.
     */
    List<String> problems() {
        final List<ValidationResult> problems = new ArrayList<>(serviceProblems);
        for (final ValidationResult result : ((MockProcessContext) runner.getProcessContext()).validate()) {
            if (!result.isValid() && !(notEnabled(result) && !serviceProblems.isEmpty())) {
                problems.add(result);
            }
        }
        return problems.stream().map(result -> OPTION_FOR_PROPERTY.getOrDefault(result.getSubject(), result.getSubject())
                + ": " + result.getExplanation()).toList();
    }

    /**
     * Whether {@code result} says only that the service is not enabled, which its own problems explain: the processor's
     * Saleshandy Connection, or nifi-mock's result without a subject for a service of the runner that is not enabled.
     */
    private static boolean notEnabled(final ValidationResult result) {
        return result.getSubject() == null || result.getSubject().isBlank() || SaleshandyProperties.CONNECTION.getName().equals(result.getSubject());
    }

    /** The exit code for {@link #problems()}: an API key an HTTP header cannot carry is an invalid command line, the rest invalid values. */
    int exitCode() {
        final boolean badKey = serviceProblems.stream().anyMatch(result -> ConnectionProperties.API_KEY.getName().equals(result.getSubject()));
        return badKey ? RunSaleshandyStats.INVALID_COMMAND_LINE : RunSaleshandyStats.INVALID_VALUES;
    }

    /** Disables the service if it was enabled, as NiFi does when a flow stops using it. */
    @Override
    public void close() {
        if (runner.isControllerServiceEnabled(service)) {
            runner.disableControllerService(service);
        }
    }
}
