package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.service.ClientOptions;
import io.github.nifisaleshandy.service.Failure;
import io.github.nifisaleshandy.service.SaleshandyApiException;
import io.github.nifisaleshandy.service.SaleshandyClient;
import io.github.nifisaleshandy.service.SaleshandyConnectionService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.annotation.lifecycle.OnStopped;
import org.apache.nifi.annotation.lifecycle.OnUnscheduled;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.migration.PropertyConfiguration;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.VerifiableProcessor;

/**
 * What every Saleshandy processor shares: a client of its own from {@code @OnScheduled} to {@code @OnStopped}, the migration
 * of flows saved before the connection service existed, Verify, and the guard that keeps the API key out of everything NiFi
 * shows: every log line goes through a {@link MaskingComponentLog}, and whatever escapes a trigger, schedule or Verify is masked.
 */
public abstract class AbstractSaleshandyProcessor extends AbstractProcessor implements VerifiableProcessor {

    /** The service a migrated flow gets; named, not imported, since it lives in the implementation's module. */
    static final String STANDARD_SERVICE = "io.github.nifisaleshandy.processors.StandardSaleshandyConnectionService";
    /** The processors' connection properties before the service existed: exactly the service's, less what is new there. */
    static final List<String> MOVED_PROPERTIES = List.of("Base URL", "API Key", "SSL Context Service", "Proxy Configuration Service",
            "Connect Timeout", "Read Timeout", "Request Timeout", "Max Retries");

    private final List<PropertyDescriptor> properties;
    private final Set<Relationship> relationships;
    private volatile SaleshandyClient client;
    private volatile MaskingComponentLog log;

    AbstractSaleshandyProcessor(final List<PropertyDescriptor> properties, final Set<Relationship> relationships) {
        this.properties = properties;
        this.relationships = relationships;
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return properties;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return relationships;
    }

    /**
     * A flow saved before the connection service existed: its connection properties become a new connection service with the
     * same values (sensitive ones and parameter references included), as NiFi's AWS processors did when credentials moved.
     */
    @Override
    public void migrateProperties(final PropertyConfiguration config) {
        if (config.isPropertySet(SaleshandyProperties.CONNECTION) || !config.hasProperty("API Key")) {
            return;
        }
        final Map<String, String> serviceProperties = new LinkedHashMap<>();
        for (final String moved : MOVED_PROPERTIES) {
            config.getRawPropertyValue(moved).ifPresent(value -> serviceProperties.put(moved, value));
        }
        config.setProperty(SaleshandyProperties.CONNECTION, config.createControllerService(STANDARD_SERVICE, serviceProperties));
        MOVED_PROPERTIES.forEach(config::removeProperty);
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        final SaleshandyConnectionService service = service(context);
        final MaskingComponentLog scheduledLog = new MaskingComponentLog(getLogger(), service);
        log = scheduledLog;
        if (service == null) {
            throw new IllegalStateException(SaleshandyProperties.CONNECTION.getName() + " names no enabled connection service");
        }
        try {
            scheduled(context, scheduledLog);
            client = service.connect(new ClientOptions(getClass().getSimpleName() + "[" + getIdentifier() + "]",
                    concurrentRequests(context), true, events(scheduledLog)));
        } catch (final RuntimeException e) {
            // NiFi logs what @OnScheduled throws as a bulletin, message and causes included.
            throw (RuntimeException) scheduledLog.mask((Throwable) e);
        }
    }

    /** Whatever {@link #trigger} throws unexpectedly (a library, a Record Writer, state) is logged masked, rolled back and yielded on. */
    @Override
    public final void onTrigger(final ProcessContext context, final ProcessSession session) {
        final MaskingComponentLog triggerLog = log == null ? new MaskingComponentLog(getLogger(), service(context)) : log;
        try {
            trigger(context, session, client, triggerLog);
        } catch (final RuntimeException e) {
            triggerLog.error("The run failed unexpectedly; nothing of it was emitted and it will be tried again: {}", e.toString(), e);
            session.rollback(true);
            context.yield();
        }
    }

    /** Verify, with a client of its own (one request at a time, no retries); nothing it logs, returns or throws shows the key. */
    @Override
    public final List<ConfigVerificationResult> verify(final ProcessContext context, final ComponentLog verificationLogger,
                                                       final Map<String, String> attributes) {
        final SaleshandyConnectionService service = service(context);
        final MaskingComponentLog verifyLog = new MaskingComponentLog(verificationLogger, service);
        SaleshandyClient verifyClient = null;
        try {
            verifyClient = service == null ? null : service.connect(ClientOptions.verify("Verify"));
        } catch (final IllegalStateException notEnabled) {
            // Disabled since the service was looked up: as if none were enabled.
        }
        if (verifyClient == null) {
            return List.of(result(SaleshandyProperties.CONNECTION.getName(), Outcome.FAILED,
                    "Needs an enabled Saleshandy connection service: enable the one it names, or name one"));
        }
        try (SaleshandyClient closing = verifyClient) {
            return verifyWith(context, closing, verifyLog, attributes).stream()
                    .map(r -> result(r.getVerificationStepName(), r.getOutcome(), verifyLog.mask(r.getExplanation())))
                    .toList();
        } catch (final RuntimeException e) {
            verifyLog.error("Verification failed unexpectedly: {}", e.toString(), e);
            return List.of(result("Verify", Outcome.FAILED, "Failed unexpectedly: " + verifyLog.mask(e.toString())));
        }
    }

    /**
     * Ends every running onTrigger early. NiFi calls {@link #onStopped()} only after every onTrigger returned: a stop during a
     * 60-second Retry-After wait would otherwise wait it out.
     */
    @OnUnscheduled
    public void onUnscheduled() {
        final SaleshandyClient running = client;
        if (running != null) {
            running.cancel();
        }
    }

    @OnStopped
    public void onStopped() {
        final SaleshandyClient stopping = client;
        client = null;
        if (stopping != null) {
            stopping.close();
        }
    }

    abstract int concurrentRequests(PropertyContext context);

    abstract void scheduled(ProcessContext context, MaskingComponentLog log);

    abstract void trigger(ProcessContext context, ProcessSession session, SaleshandyClient client, MaskingComponentLog log);

    abstract List<ConfigVerificationResult> verifyWith(ProcessContext context, SaleshandyClient client, MaskingComponentLog log,
                                                       Map<String, String> attributes);

    /** Whether {@code failure} ended a run because of a stop ({@link SaleshandyClient#cancel()}), not because Saleshandy failed. */
    static boolean endedByStop(final SaleshandyClient client, final SaleshandyApiException failure) {
        return failure.getFailure() == Failure.INTERRUPTED && client.isCancelled();
    }

    static ConfigVerificationResult result(final String step, final Outcome outcome, final String explanation) {
        return new ConfigVerificationResult.Builder().verificationStepName(step).outcome(outcome).explanation(explanation).build();
    }

    /** The service the processor names; null when none is named or it is not enabled. */
    private static SaleshandyConnectionService service(final PropertyContext context) {
        if (!context.getProperty(SaleshandyProperties.CONNECTION).isSet()) {
            return null;
        }
        try {
            return context.getProperty(SaleshandyProperties.CONNECTION).asControllerService(SaleshandyConnectionService.class);
        } catch (final IllegalStateException | IllegalArgumentException notEnabled) {
            return null;
        }
    }

    /** Tells the user, as a warning, why a run is slow (each retry and its wait) or odd. */
    private static ClientOptions.Events events(final ComponentLog logger) {
        return new ClientOptions.Events() {
            @Override
            public void retrying(final SaleshandyApiException failure, final int retry, final Duration wait) {
                if (retry == 0) {
                    logger.warn("{} while other requests were in flight; fewer are sent at once from now on, and this one is sent again in {} ms "
                            + "(not counted against Max Retries)", failure.getMessage(), wait.toMillis());
                } else {
                    logger.warn("{}; retry {} in {} ms", failure.getMessage(), retry, wait.toMillis());
                }
            }

            @Override
            public void warning(final String message) {
                logger.warn("{}", message);
            }
        };
    }

    /** The results of one Verify: the first request reports whether Saleshandy was reached and took the key, each its own step. */
    static final class VerificationSteps {

        static final String REACH = "Reach Saleshandy";
        static final String KEY = "API key accepted";

        private final List<ConfigVerificationResult> results = new ArrayList<>();
        private boolean keyAccepted;

        void add(final String step, final Outcome outcome, final String explanation) {
            results.add(result(step, outcome, explanation));
        }

        void skip(final String reason, final String... steps) {
            for (final String step : steps) {
                add(step, Outcome.SKIPPED, reason);
            }
        }

        void succeeded(final String step, final String url, final String explanation) {
            if (!keyAccepted) {
                add(REACH, Outcome.SUCCESSFUL, answeredAt(url));
                add(KEY, Outcome.SUCCESSFUL, "Saleshandy accepted the API key");
                keyAccepted = true;
            }
            add(step, Outcome.SUCCESSFUL, explanation);
        }

        /** The request of {@code step} to {@code url} failed: says what it tells about reach and key, and what about the step. */
        void failed(final String step, final String url, final SaleshandyApiException e) {
            final boolean reached = e.getHttpStatus() != 0 || e.getFailure() != Failure.TRANSIENT;
            final boolean listed = keyAccepted || reached && e.getFailure() != Failure.KEY_REJECTED;
            if (!keyAccepted) {
                add(REACH, reached ? Outcome.SUCCESSFUL : Outcome.FAILED, reached ? answeredAt(url) : e.getMessage());
                switch (reached ? e.getFailure() : Failure.INTERRUPTED) {
                    case INVALID_REQUEST, MALFORMED_RESPONSE -> {
                        add(KEY, Outcome.SUCCESSFUL, "Saleshandy accepted the API key");
                        keyAccepted = true;
                    }
                    case KEY_REJECTED -> add(KEY, Outcome.FAILED, e.getMessage());
                    case REDIRECTED -> add(KEY, Outcome.SKIPPED, "Not sent: Saleshandy answered with a redirect, which is not followed");
                    default -> add(KEY, Outcome.SKIPPED, reached ? "Could not be checked: " + e.getMessage() : "Saleshandy was not reached");
                }
            }
            add(step, listed ? Outcome.FAILED : Outcome.SKIPPED, listed ? e.getMessage() : reached ? "The API key was rejected" : "Saleshandy was not reached");
        }

        List<ConfigVerificationResult> results() {
            return results;
        }

        private static String answeredAt(final String url) {
            return "Saleshandy answered at " + url;
        }
    }
}
