package io.github.nifisaleshandy.processors;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.client.Failure;
import io.github.nifisaleshandy.client.SaleshandyApiException;
import io.github.nifisaleshandy.client.Sleeper;
import io.github.nifisaleshandy.query.DateRangeMode;
import io.github.nifisaleshandy.query.IncrementalState;
import io.github.nifisaleshandy.query.InvalidQueryException;
import io.github.nifisaleshandy.query.StatsQuery;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.Stateful;
import org.apache.nifi.annotation.behavior.TriggerSerially;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.configuration.DefaultSchedule;
import org.apache.nifi.annotation.configuration.DefaultSettings;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.annotation.lifecycle.OnStopped;
import org.apache.nifi.annotation.lifecycle.OnUnscheduled;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.context.PropertyContext;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.VerifiableProcessor;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.proxy.ProxyConfiguration;
import org.apache.nifi.scheduling.SchedulingStrategy;

@Tags({"saleshandy", "email", "analytics", "engagement", "sales", "outreach", "get", "fetch", "http", "rest", "api"})
@CapabilityDescription("Fetches email engagement statistics (sends, opens, clicks, replies, bounces) of Saleshandy sequences from the "
        + "Saleshandy Open API endpoint POST /v1/analytics/consolidated-stats. Follows every page of the result and emits one FlowFile "
        + "per page: typed records (snake_case columns, UTC timestamps, booleans) or the API's JSON as returned, as a JSON array or "
        + "through any Record Writer (CSV, Avro, Parquet, ...). A run is all-or-nothing: when any page still fails after retries, "
        + "no FlowFile of that run is emitted. Runs on its schedule when it has no incoming connection; with one, every incoming "
        + "FlowFile drives one run, with Expression Language evaluated against its attributes.")
@InputRequirement(InputRequirement.Requirement.INPUT_ALLOWED)
@TriggerSerially
@Stateful(scopes = Scope.CLUSTER, description = "In the Incremental date range mode only: '" + IncrementalState.LAST_END_DATE_KEY
        + "' is the last day (YYYY-MM-DD) that a successful run covered, and '" + IncrementalState.QUERY_FINGERPRINT_KEY
        + "' a digest of Base URL, Sequence IDs and Initial Start Date. The next run starts at the last end date minus Overlap. "
        + "State is written in the same session as the run's FlowFiles, so a failed run never advances it; when the fingerprint "
        + "no longer matches the properties, or the state is cleared, the next run starts again from Initial Start Date.")
@DefaultSchedule(strategy = SchedulingStrategy.TIMER_DRIVEN, period = "1 hour")
// After a rate limit or an outage the API needs time: the next run (or the next incoming FlowFile) waits this long.
@DefaultSettings(yieldDuration = "30 sec")
@WritesAttributes({
    @WritesAttribute(attribute = "mime.type", description = "application/json, or the MIME type of the Record Writer"),
    @WritesAttribute(attribute = "record.count", description = "The number of records in the FlowFile"),
    @WritesAttribute(attribute = "filename", description = "saleshandy-stats_<start date>_<end date>_page-<n>, with an extension "
            + "for JSON, CSV, Avro, Parquet and XML output, e.g. saleshandy-stats_2024-11-15_2024-11-19_page-0001.json"),
    @WritesAttribute(attribute = SaleshandyAttributes.PAGE_NUMBER, description = "The API page number the FlowFile holds"),
    @WritesAttribute(attribute = SaleshandyAttributes.SEQUENCE_IDS, description = "The sequence IDs queried, comma-separated"),
    @WritesAttribute(attribute = SaleshandyAttributes.START_DATE, description = "The first day (YYYY-MM-DD) of the query"),
    @WritesAttribute(attribute = SaleshandyAttributes.END_DATE, description = "The last day (YYYY-MM-DD) of the query"),
    @WritesAttribute(attribute = "fragment.identifier", description = "The same for every FlowFile of one run, for MergeContent/MergeRecord"),
    @WritesAttribute(attribute = "fragment.index", description = "The position of this FlowFile in its run, starting at 0"),
    @WritesAttribute(attribute = "fragment.count", description = "The number of FlowFiles the run emitted"),
    @WritesAttribute(attribute = SaleshandyAttributes.UNPARSED_COUNT,
            description = "Present when some values could not be converted (Normalized format): how many; their raw text is in unparsed_values"),
    @WritesAttribute(attribute = SaleshandyAttributes.ERROR_MESSAGE,
            description = "On an incoming FlowFile routed to failure: why the run failed"),
    @WritesAttribute(attribute = SaleshandyAttributes.ERROR_TYPE,
            description = "On an incoming FlowFile routed to failure: INVALID_CONFIGURATION, RATE_LIMITED, TRANSIENT, KEY_REJECTED, "
                    + "INVALID_REQUEST, REDIRECTED, MALFORMED_RESPONSE, TOO_MANY_PAGES, INTERRUPTED or OUTPUT_FAILED")
})
@UseCase(
        description = "Load yesterday's email engagement statistics of some sequences into a data lake every day.",
        configuration = """
                Set "API Key" to the key from Saleshandy (Settings > API Key), best as a sensitive parameter.
                Set "Sequence IDs" to the IDs of the sequences, separated by commas.
                Set "Start Date" to ${now():minus(86400000):format('yyyy-MM-dd')} and "End Date" to the same expression.
                Schedule the processor with CRON "0 0 2 * * ?" and, in a cluster, on the primary node only.
                Connect "success" to the processor that stores the JSON, e.g. PutS3Object, or to MergeRecord first.
                """)
@UseCase(
        description = "Fetch statistics for sequence IDs and date ranges that arrive as FlowFile attributes.",
        configuration = """
                Connect an upstream processor (e.g. GenerateFlowFile or ListenHTTP) whose FlowFiles carry attributes such as
                sequence.ids, start.date and end.date. Set "Sequence IDs" to ${sequence.ids}, "Start Date" to ${start.date} and
                "End Date" to ${end.date}. Each incoming FlowFile drives one run; it goes to "original" when the run succeeds and to
                "failure", with the reason in saleshandy.error.message, when it does not.
                """)
public class GetSaleshandyStats extends AbstractProcessor implements VerifiableProcessor {

    private static final List<PropertyDescriptor> PROPERTIES = List.of(
            SaleshandyProperties.BASE_URL, SaleshandyProperties.API_KEY, SaleshandyProperties.SEQUENCE_IDS, SaleshandyProperties.DATE_RANGE,
            SaleshandyProperties.START_DATE, SaleshandyProperties.END_DATE, SaleshandyProperties.WINDOW_LENGTH, SaleshandyProperties.INITIAL_START_DATE,
            SaleshandyProperties.OVERLAP, SaleshandyProperties.TIME_ZONE, SaleshandyProperties.PAGE_SIZE, SaleshandyProperties.MAX_PAGES,
            SaleshandyProperties.CONCURRENT_REQUESTS, SaleshandyProperties.RECORD_FORMAT, SaleshandyProperties.RECORD_WRITER,
            SaleshandyProperties.SSL_CONTEXT_SERVICE, SaleshandyProperties.PROXY_CONFIGURATION_SERVICE, SaleshandyProperties.CONNECT_TIMEOUT,
            SaleshandyProperties.READ_TIMEOUT, SaleshandyProperties.REQUEST_TIMEOUT, SaleshandyProperties.MAX_RETRIES);

    private static final Set<Relationship> RELATIONSHIPS = Set.of(StatsRelationships.SUCCESS, StatsRelationships.ORIGINAL, StatsRelationships.FAILURE);

    private final Clock clock;
    private final Sleeper sleeper;
    private volatile StatsRunner runner;

    public GetSaleshandyStats() {
        this(Clock.systemUTC(), Sleeper.SYSTEM);
    }

    /** A seam for tests and the run command: the clock that says what "today" is, and the sleeper that waits between retries. */
    public GetSaleshandyStats(final Clock clock, final Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTIES;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
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
        runner = StatsRunner.open(context, clock, sleeper, getLogger(), "GetSaleshandyStats[" + getIdentifier() + "]");
    }

    @Override
    public List<ConfigVerificationResult> verify(final ProcessContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> attributes) {
        return new StatsVerifier(new JsonFactory(), clock).verify(context, attributes, today(context), verificationLogger);
    }

    /**
     * Ends a running onTrigger early. NiFi calls this while onTrigger may still run, and {@link #onStopped()} only after
     * it returned: a stop during a 60-second Retry-After wait would otherwise wait it out.
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

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        final FlowFile input = context.hasIncomingConnection() ? session.get() : null;
        if (context.hasIncomingConnection() && input == null) {
            return;
        }
        final StatsQuery query = resolveQuery(context, session, input);
        if (query == null) {
            return;
        }
        final RunProgress progress = new RunProgress(getLogger());
        final RunOutput output = new RunOutput(session, input);
        try {
            runner.fetchInto(query, output, progress);
        } catch (final SaleshandyApiException e) {
            output.discard();
            endFailed(context, session, input, e);
            return;
        } catch (final ProcessException e) {
            output.discard();
            fail(context, session, input, SaleshandyAttributes.OUTPUT_FAILED, "Writing the records failed: " + rootMessage(e), e);
            return;
        }
        final RunOutput.Totals totals = output.commit(runner.statsUrl(), progress.elapsed());
        if (totals.unparsedValues() > 0) {
            getLogger().warn("{} values could not be converted; their columns are null and their raw text is in the unparsed_values field",
                    totals.unparsedValues());
        }
        if (input != null) {
            session.transfer(input, StatsRelationships.ORIGINAL);
        }
        commitState(session, query);
    }

    /** The query of this run, or null when the configuration or the FlowFile's attributes break a rule (then already failed). */
    private StatsQuery resolveQuery(final ProcessContext context, final ProcessSession session, final FlowFile input) {
        final DateRangeMode mode = context.getProperty(SaleshandyProperties.DATE_RANGE).asAllowableValue(DateRangeMode.class);
        if (input != null && mode == DateRangeMode.INCREMENTAL) {
            fail(context, session, input, SaleshandyAttributes.INVALID_CONFIGURATION, "Date Range 'Incremental' keeps one position for the "
                    + "processor's own schedule and cannot be driven by incoming FlowFiles: use Fixed dates from attributes, or remove "
                    + "the incoming connection", null);
            return null;
        }
        try {
            final Map<String, String> storedState = mode == DateRangeMode.INCREMENTAL ? getState(session) : Map.of();
            final StatsQuery query = StatsQueryResolver.resolve(context, input == null ? Map.of() : input.getAttributes(), today(context), storedState);
            query.warnings().forEach(warning -> getLogger().warn("{}", warning));
            return query;
        } catch (final InvalidQueryException e) {
            fail(context, session, input, SaleshandyAttributes.INVALID_CONFIGURATION, e.getMessage(), null);
            return null;
        }
    }

    private void endFailed(final ProcessContext context, final ProcessSession session, final FlowFile input, final SaleshandyApiException e) {
        if (e.getFailure() == Failure.INTERRUPTED && runner.isCancelled()) {
            // A stop is the user's choice, not a failure: no error bulletin, and an incoming FlowFile goes back to its queue.
            getLogger().info("Stopped before the run finished; nothing of it was emitted{}", input == null ? "" : ", and its FlowFile stays queued");
            if (input != null) {
                session.rollback();
            }
            return;
        }
        fail(context, session, input, e.getFailure().name(), e.getMessage(), e);
        if (input != null && e.getFailure().isRetryable()) {
            // Rate limited or unavailable: the next FlowFile would only meet the same answer at once.
            context.yield();
        }
    }

    private Map<String, String> getState(final ProcessSession session) {
        try {
            return session.getState(Scope.CLUSTER).toMap();
        } catch (final IOException e) {
            throw new ProcessException("Reading the Incremental position from cluster state failed", e);
        }
    }

    /** Written in the same session as the FlowFiles: it becomes visible only if they are committed. */
    private void commitState(final ProcessSession session, final StatsQuery query) {
        if (query.stateOnSuccess().isEmpty()) {
            return;
        }
        try {
            session.setState(query.stateOnSuccess().get().toMap(), Scope.CLUSTER);
        } catch (final IOException e) {
            throw new ProcessException("Saving the Incremental position to cluster state failed", e);
        }
    }

    /** Logs the failure with its exception (null for a configuration problem), so that its stack trace reaches the log. */
    private void fail(final ProcessContext context, final ProcessSession session, final FlowFile input, final String errorType,
                      final String message, final Exception cause) {
        if (input == null) {
            logError(cause, "Fetching Saleshandy statistics failed; no FlowFile was emitted for this run: {}", message);
            context.yield();
            return;
        }
        logError(cause, "Fetching Saleshandy statistics for {} failed; routing it to failure: {}", input, message);
        FlowFile failed = session.putAllAttributes(input, Map.of(SaleshandyAttributes.ERROR_MESSAGE, message, SaleshandyAttributes.ERROR_TYPE, errorType));
        failed = session.penalize(failed);
        session.transfer(failed, StatsRelationships.FAILURE);
    }

    private void logError(final Exception cause, final String format, final Object... arguments) {
        if (cause == null) {
            getLogger().error(format, arguments);
        } else {
            getLogger().error(format, Stream.concat(Arrays.stream(arguments), Stream.of(cause)).toArray());
        }
    }

    private static String rootMessage(final Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private LocalDate today(final PropertyContext context) {
        return LocalDate.now(clock.withZone(ZoneId.of(context.getProperty(SaleshandyProperties.TIME_ZONE).getValue().strip())));
    }
}
