package io.github.nifisaleshandy.processors;

import java.time.Clock;
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
 * The lifecycle every Saleshandy processor shares: one runner of type {@code R} from {@code @OnScheduled} to
 * {@code @OnStopped}, cancelled from {@code @OnUnscheduled}; its properties and relationships; the migration of flows saved
 * before the connection service existed;
 * and the guard that keeps the API key out of everything NiFi shows: every log line goes through a {@link MaskingComponentLog},
 * and whatever a trigger, a schedule or a Verify throws unexpectedly is masked before NiFi sees it.
 * Each subclass says how its runner is opened, how it is verified, and what one trigger does.
 */
public abstract class AbstractSaleshandyProcessor<R extends ConnectedRunner> extends AbstractProcessor implements VerifiableProcessor {

    /** How a processor's runner is opened from its properties; {@code owner} names the runner's threads. */
    @FunctionalInterface
    interface RunnerOpener<R> {
        R open(PropertyContext context, Clock clock, ComponentLog logger, String owner);
    }

    private final RunnerOpener<R> opener;
    private final Clock clock;
    private final List<PropertyDescriptor> properties;
    private final Set<Relationship> relationships;
    private volatile R runner;
    private volatile MaskingComponentLog log;

    /** {@code clock} is a seam for tests and the run command: what "today" is. */
    AbstractSaleshandyProcessor(final RunnerOpener<R> opener, final Clock clock, final List<PropertyDescriptor> properties,
                                final Set<Relationship> relationships) {
        this.opener = opener;
        this.clock = clock;
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

    /** A flow saved before the connection service existed gets a service with its connection properties. */
    @Override
    public void migrateProperties(final PropertyConfiguration config) {
        ConnectionMigration.migrate(config);
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        final MaskingComponentLog scheduledLog = maskingLog(context, getLogger());
        log = scheduledLog;
        try {
            runner = opener.open(context, clock, scheduledLog, getClass().getSimpleName() + "[" + getIdentifier() + "]");
        } catch (final RuntimeException e) {
            // NiFi logs what @OnScheduled throws as a bulletin, message and causes included.
            throw MaskedException.unchecked(e, ApiKeyValidator.mask(context));
        }
    }

    /**
     * Runs one {@link #trigger}. Whatever it throws unexpectedly (a library, a Record Writer, the state manager) is logged
     * masked, with a masked copy of the exception, instead of reaching NiFi as it was: NiFi would show its message and
     * causes in a bulletin. The session is rolled back (an incoming FlowFile returns to its queue, penalized) and the
     * processor yields.
     */
    @Override
    public final void onTrigger(final ProcessContext context, final ProcessSession session) {
        final MaskingComponentLog triggerLog = log == null ? maskingLog(context, getLogger()) : log;
        try {
            trigger(context, session, triggerLog);
        } catch (final RuntimeException e) {
            triggerLog.error("The run failed unexpectedly; nothing of it was emitted and it will be tried again: {}", e.toString(), e);
            session.rollback(true);
            context.yield();
        }
    }

    /** One onTrigger: {@code log} masks the key in everything logged. */
    abstract void trigger(ProcessContext context, ProcessSession session, MaskingComponentLog log);

    /**
     * NiFi's Verify: first the key, in the words validation uses (Verify may run on a configuration that is not valid),
     * then {@link #verifyWith}; nothing it logs or returns, nor anything it throws, shows the key.
     */
    @Override
    public final List<ConfigVerificationResult> verify(final ProcessContext context, final ComponentLog verificationLogger,
                                                       final Map<String, String> attributes) {
        if (Connections.account(context).isEmpty()) {
            return List.of(result(SaleshandyProperties.CONNECTION.getName(), Outcome.FAILED,
                    "Needs an enabled Saleshandy connection service: enable the one it names, or name one"));
        }
        final MaskingComponentLog verifyLog = maskingLog(context, verificationLogger);
        try {
            return verifyWith(context, verifyLog, attributes).stream()
                    .map(r -> result(r.getVerificationStepName(), r.getOutcome(), verifyLog.mask(r.getExplanation())))
                    .toList();
        } catch (final RuntimeException e) {
            verifyLog.error("Verification failed unexpectedly: {}", e.toString(), e);
            return List.of(result("Verify", Outcome.FAILED, "Failed unexpectedly: " + verifyLog.mask(e.toString())));
        }
    }

    /** The steps of Verify; {@code log} masks the key in everything logged. */
    abstract List<ConfigVerificationResult> verifyWith(ProcessContext context, MaskingComponentLog log, Map<String, String> attributes);

    /**
     * Ends every running onTrigger early, however many run at once. NiFi calls this while onTrigger may still run, and
     * {@link #onStopped()} only after every call returned: a stop during a 60-second Retry-After wait would otherwise wait it out.
     */
    @OnUnscheduled
    public void onUnscheduled() {
        final R running = runner;
        if (running != null) {
            running.cancel();
        }
    }

    @OnStopped
    public void onStopped() throws InterruptedException {
        final R stopping = runner;
        runner = null;
        if (stopping != null) {
            stopping.close();
        }
    }

    /** The runner of the current schedule; read once per onTrigger. */
    final R runner() {
        return runner;
    }

    final Clock clock() {
        return clock;
    }

    private static MaskingComponentLog maskingLog(final PropertyContext context, final ComponentLog logger) {
        return new MaskingComponentLog(logger, ApiKeyValidator.mask(context));
    }

    private static ConfigVerificationResult result(final String step, final Outcome outcome, final String explanation) {
        return new ConfigVerificationResult.Builder().verificationStepName(step).outcome(outcome).explanation(explanation).build();
    }
}
