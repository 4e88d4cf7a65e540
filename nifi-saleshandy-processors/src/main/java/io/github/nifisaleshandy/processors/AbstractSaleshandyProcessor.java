package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.client.Sleeper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.annotation.lifecycle.OnStopped;
import org.apache.nifi.annotation.lifecycle.OnUnscheduled;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.VerifiableProcessor;
import org.apache.nifi.proxy.ProxyConfiguration;

/**
 * The lifecycle every Saleshandy processor shares: one runner of type {@code R} from {@code @OnScheduled} to
 * {@code @OnStopped}, cancelled from {@code @OnUnscheduled}; its properties and relationships; validation of the proxy.
 * Each subclass says how its runner is opened, how it is verified, and what one onTrigger does.
 */
public abstract class AbstractSaleshandyProcessor<R extends ConnectedRunner> extends AbstractProcessor implements VerifiableProcessor {

    /** How a processor's runner is opened from its properties; {@code owner} names the runner's threads. */
    @FunctionalInterface
    interface RunnerOpener<R> {
        R open(PropertyContext context, Clock clock, Sleeper sleeper, ComponentLog logger, String owner);
    }

    private final RunnerOpener<R> opener;
    private final Clock clock;
    private final Sleeper sleeper;
    private final List<PropertyDescriptor> properties;
    private final Set<Relationship> relationships;
    private volatile R runner;

    /** {@code clock} and {@code sleeper} are seams for tests and the run command; the runner reads its rate-limit headers and waits with them. */
    AbstractSaleshandyProcessor(final RunnerOpener<R> opener, final Clock clock, final Sleeper sleeper, final List<PropertyDescriptor> properties,
                                final Set<Relationship> relationships) {
        this.opener = opener;
        this.clock = clock;
        this.sleeper = sleeper;
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

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        ProxyConfiguration.validateProxySpec(context, results, SaleshandyProperties.PROXY_SPECS);
        return results;
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        runner = opener.open(context, clock, sleeper, getLogger(), getClass().getSimpleName() + "[" + getIdentifier() + "]");
    }

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
}
