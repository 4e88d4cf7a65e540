package io.github.nifisaleshandy.processors;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.client.Sleeper;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.annotation.lifecycle.OnStopped;
import org.apache.nifi.annotation.lifecycle.OnUnscheduled;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.VerifiableProcessor;
import org.apache.nifi.proxy.ProxyConfiguration;

/**
 * The lifecycle both stats processors share: one {@link StatsRunner} from {@code @OnScheduled} to {@code @OnStopped},
 * cancelled from {@code @OnUnscheduled}; validation of the shared properties; Verify; and what "today" is. Each
 * subclass declares its own properties, relationships and scheduling, and its onTrigger drives a {@link StatsTrigger}.
 *
 * <p>The runner is safe for concurrent onTrigger calls: each call builds its own pager, output and progress, and shares
 * only immutable collaborators, the connection's page request threads and its account's rate-limit gate.
 */
public abstract class AbstractStatsProcessor extends AbstractProcessor implements VerifiableProcessor {

    private final Clock clock;
    private final Sleeper sleeper;
    private final PropertyDescriptor sequenceIdsProperty;
    private volatile StatsRunner runner;

    /**
     * {@code clock} says what "today" is, {@code sleeper} waits between retries: seams for tests and the run command.
     * {@code sequenceIdsProperty} is the subclass's Sequence IDs; when it is optional, empty means every sequence of the account.
     */
    protected AbstractStatsProcessor(final Clock clock, final Sleeper sleeper, final PropertyDescriptor sequenceIdsProperty) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.sequenceIdsProperty = sequenceIdsProperty;
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final List<ValidationResult> results = new ArrayList<>();
        ProxyConfiguration.validateProxySpec(context, results, SaleshandyProperties.PROXY_SPECS);
        if (new TimeZoneValidator().validate(SaleshandyProperties.TIME_ZONE.getName(), context.getProperty(SaleshandyProperties.TIME_ZONE).getValue(),
                context).isValid()) {
            results.addAll(FixedDatesValidation.validate(context, today(context)));
        }
        return results;
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        runner = StatsRunner.open(context, clock, sleeper, getLogger(), getClass().getSimpleName() + "[" + getIdentifier() + "]");
    }

    @Override
    public List<ConfigVerificationResult> verify(final ProcessContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> attributes) {
        return new StatsVerifier(new JsonFactory(), clock).verify(context, sequenceIdsProperty, attributes, today(context), verificationLogger);
    }

    /**
     * Ends every running onTrigger early, however many run at once. NiFi calls this while onTrigger may still run, and
     * {@link #onStopped()} only after every call returned: a stop during a 60-second Retry-After wait would otherwise wait it out.
     */
    @OnUnscheduled
    public void onUnscheduled() {
        final StatsRunner running = runner;
        if (running != null) {
            running.cancel();
        }
    }

    @OnStopped
    public void onStopped() throws InterruptedException {
        final StatsRunner stopping = runner;
        runner = null;
        if (stopping != null) {
            stopping.close();
        }
    }

    /** The runner of the current schedule; read once per onTrigger. */
    final StatsRunner runner() {
        return runner;
    }

    final PropertyDescriptor sequenceIdsProperty() {
        return sequenceIdsProperty;
    }

    final LocalDate today(final PropertyContext context) {
        return LocalDate.now(clock.withZone(ZoneId.of(context.getProperty(SaleshandyProperties.TIME_ZONE).getValue().strip())));
    }
}
