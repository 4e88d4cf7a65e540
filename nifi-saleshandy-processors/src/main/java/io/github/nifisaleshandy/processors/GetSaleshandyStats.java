package io.github.nifisaleshandy.processors;

import com.fasterxml.jackson.core.JsonFactory;
import io.github.nifisaleshandy.client.Failure;
import io.github.nifisaleshandy.client.RetryPolicy;
import io.github.nifisaleshandy.client.RetryingPageFetcher;
import io.github.nifisaleshandy.client.SaleshandyApiException;
import io.github.nifisaleshandy.client.SaleshandyClient;
import io.github.nifisaleshandy.client.Sleeper;
import io.github.nifisaleshandy.client.StatsPage;
import io.github.nifisaleshandy.client.StatsRequest;
import io.github.nifisaleshandy.client.StopSignal;
import io.github.nifisaleshandy.output.PageWriter;
import io.github.nifisaleshandy.output.RecordJsonPageWriter;
import io.github.nifisaleshandy.output.RecordSetPageWriter;
import io.github.nifisaleshandy.output.VerbatimJsonPageWriter;
import io.github.nifisaleshandy.paging.StatsPager;
import io.github.nifisaleshandy.query.DateRangeMode;
import io.github.nifisaleshandy.query.DateRules;
import io.github.nifisaleshandy.query.DateWindow;
import io.github.nifisaleshandy.query.IncrementalState;
import io.github.nifisaleshandy.query.InvalidQueryException;
import io.github.nifisaleshandy.query.StatsQuery;
import io.github.nifisaleshandy.record.RecordFormat;
import io.github.nifisaleshandy.record.StatsRecordReader;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
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
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.VerifiableProcessor;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.proxy.ProxyConfiguration;
import org.apache.nifi.proxy.ProxySpec;
import org.apache.nifi.serialization.RecordSetWriterFactory;
import org.apache.nifi.ssl.SSLContextProvider;
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
    @WritesAttribute(attribute = GetSaleshandyStats.PAGE_NUMBER_ATTRIBUTE, description = "The API page number the FlowFile holds"),
    @WritesAttribute(attribute = GetSaleshandyStats.SEQUENCE_IDS_ATTRIBUTE, description = "The sequence IDs queried, comma-separated"),
    @WritesAttribute(attribute = GetSaleshandyStats.START_DATE_ATTRIBUTE, description = "The first day (YYYY-MM-DD) of the query"),
    @WritesAttribute(attribute = GetSaleshandyStats.END_DATE_ATTRIBUTE, description = "The last day (YYYY-MM-DD) of the query"),
    @WritesAttribute(attribute = "fragment.identifier", description = "The same for every FlowFile of one run, for MergeContent/MergeRecord"),
    @WritesAttribute(attribute = "fragment.index", description = "The position of this FlowFile in its run, starting at 0"),
    @WritesAttribute(attribute = "fragment.count", description = "The number of FlowFiles the run emitted"),
    @WritesAttribute(attribute = GetSaleshandyStats.UNPARSED_COUNT_ATTRIBUTE,
            description = "Present when some values could not be converted (Normalized format): how many; their raw text is in unparsed_values"),
    @WritesAttribute(attribute = GetSaleshandyStats.ERROR_MESSAGE_ATTRIBUTE,
            description = "On an incoming FlowFile routed to failure: why the run failed"),
    @WritesAttribute(attribute = GetSaleshandyStats.ERROR_TYPE_ATTRIBUTE,
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

    static final String PAGE_NUMBER_ATTRIBUTE = "saleshandy.page.number";
    static final String SEQUENCE_IDS_ATTRIBUTE = "saleshandy.sequence.ids";
    static final String START_DATE_ATTRIBUTE = "saleshandy.start.date";
    static final String END_DATE_ATTRIBUTE = "saleshandy.end.date";
    static final String ERROR_MESSAGE_ATTRIBUTE = "saleshandy.error.message";
    static final String ERROR_TYPE_ATTRIBUTE = "saleshandy.error.type";
    static final String UNPARSED_COUNT_ATTRIBUTE = "saleshandy.unparsed.count";
    static final String INVALID_CONFIGURATION = "INVALID_CONFIGURATION";
    static final String OUTPUT_FAILED = "OUTPUT_FAILED";

    private static final long STOP_TIMEOUT_SECONDS = 10;

    static final String PAGES_COUNTER = "Saleshandy pages fetched";
    static final String RECORDS_COUNTER = "Saleshandy records fetched";
    static final String UNPARSED_COUNTER = "Saleshandy values not converted";

    private static final ProxySpec[] PROXY_SPECS = {ProxySpec.HTTP, ProxySpec.HTTP_AUTH};

    static final PropertyDescriptor BASE_URL = new PropertyDescriptor.Builder()
            .name("Base URL")
            .description("The Saleshandy Open API address. Must be https; plain http is accepted only for a loopback host "
                    + "(a local test server), so that the API key never travels unencrypted.")
            .required(true)
            .defaultValue("https://open-api.saleshandy.com")
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(new BaseUrlValidator())
            .build();

    static final PropertyDescriptor API_KEY = new PropertyDescriptor.Builder()
            .name("API Key")
            .description("The Saleshandy Open API key (Saleshandy: Settings > API Key). Sent in the x-api-key header of every request.")
            .required(true)
            .sensitive(true)
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor SEQUENCE_IDS = new PropertyDescriptor.Builder()
            .name("Sequence IDs")
            .description("The IDs of the sequences to report on, separated by commas and/or whitespace, e.g. 2dP27N0gZ4, 2dP27NugZ3. "
                    + "Duplicates are dropped; order is kept.")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(LiteralValueValidator.SEQUENCE_IDS)
            .build();

    static final PropertyDescriptor DATE_RANGE = new PropertyDescriptor.Builder()
            .name("Date Range")
            .description("How each run chooses its days: Fixed dates, a Rolling Window ending today, or Incremental from where the last "
                    + "successful run ended.")
            .required(true)
            .allowableValues(DateRangeMode.class)
            .defaultValue(DateRangeMode.FIXED)
            .build();

    static final PropertyDescriptor START_DATE = new PropertyDescriptor.Builder()
            .name("Start Date")
            .description("The first day to report on, as YYYY-MM-DD, e.g. 2024-11-15 or ${now():format('yyyy-MM-dd')}. "
                    + "Saleshandy serves at most 2 years back from today.")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(LiteralValueValidator.ISO_DATE)
            .dependsOn(DATE_RANGE, DateRangeMode.FIXED)
            .build();

    static final PropertyDescriptor END_DATE = new PropertyDescriptor.Builder()
            .name("End Date")
            .description("The last day to report on, as YYYY-MM-DD; empty means today (in Time Zone). Must not be before Start Date. "
                    + "A range longer than the API's 1 year is fetched as consecutive windows of at most 1 year.")
            .required(false)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .addValidator(LiteralValueValidator.ISO_DATE)
            .dependsOn(DATE_RANGE, DateRangeMode.FIXED)
            .build();

    static final PropertyDescriptor WINDOW_LENGTH = new PropertyDescriptor.Builder()
            .name("Window Length")
            .description("How many days, ending today, each run reads, as a time period in whole days, e.g. '7 days' (today and the 6 days "
                    + "before). A start more than 2 years back is moved up to the oldest day Saleshandy serves, with a warning.")
            .required(true)
            .defaultValue("7 days")
            .addValidator(new WholeDaysValidator(1))
            .dependsOn(DATE_RANGE, DateRangeMode.ROLLING_WINDOW)
            .build();

    static final PropertyDescriptor INITIAL_START_DATE = new PropertyDescriptor.Builder()
            .name("Initial Start Date")
            .description("The first day the first run reads, as YYYY-MM-DD; later runs continue from where the last successful run ended. "
                    + "A date more than 2 years back is moved up to the oldest day Saleshandy serves, with a warning.")
            .required(true)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(LiteralValueValidator.ISO_DATE)
            .dependsOn(DATE_RANGE, DateRangeMode.INCREMENTAL)
            .build();

    static final PropertyDescriptor OVERLAP = new PropertyDescriptor.Builder()
            .name("Overlap")
            .description("How many days before the last run's end date each run starts again, in whole days, e.g. '1 day', so that "
                    + "late opens, clicks and replies are picked up. '0 days' re-reads only the last end date itself.")
            .required(true)
            .defaultValue("1 day")
            .addValidator(new WholeDaysValidator(0))
            .dependsOn(DATE_RANGE, DateRangeMode.INCREMENTAL)
            .build();

    static final PropertyDescriptor TIME_ZONE = new PropertyDescriptor.Builder()
            .name("Time Zone")
            .description("The time zone whose calendar says what 'today' is, for the 2-year rule, an empty End Date, Rolling Window and "
                    + "Incremental, e.g. UTC, Europe/Berlin or Asia/Kolkata.")
            .required(true)
            .defaultValue("UTC")
            .addValidator(new TimeZoneValidator())
            .build();

    static final PropertyDescriptor PAGE_SIZE = new PropertyDescriptor.Builder()
            .name("Page Size")
            .description("How many records to request per page (the API allows 10 to 500). Larger pages mean fewer round trips; "
                    + "each page becomes one FlowFile.")
            .required(true)
            .defaultValue("500")
            .addValidator(StandardValidators.createLongValidator(10, 500, true))
            .build();

    static final PropertyDescriptor MAX_PAGES = new PropertyDescriptor.Builder()
            .name("Max Pages")
            .description("The most pages one date window may have (1 to 1,000,000). A server that keeps saying hasMore with new data "
                    + "would otherwise be paged forever; past this many pages the run fails (TOO_MANY_PAGES) and emits nothing. "
                    + "Raise it for windows with more than Max Pages x Page Size records.")
            .required(true)
            .defaultValue(String.valueOf(StatsPager.DEFAULT_MAX_PAGES))
            .addValidator(StandardValidators.createLongValidator(1, 1_000_000, true))
            .build();

    static final PropertyDescriptor RECORD_FORMAT = new PropertyDescriptor.Builder()
            .name("Record Format")
            .description("The shape of the records written: Normalized (snake_case columns, typed values, see the usage page for the "
                    + "schema) or As Returned (the API's own field names and text).")
            .required(true)
            .allowableValues(RecordFormat.class)
            .defaultValue(RecordFormat.NORMALIZED)
            .build();

    static final PropertyDescriptor RECORD_WRITER = new PropertyDescriptor.Builder()
            .name("Record Writer")
            .description("Writes each page's records in the format of your choice (JSON, CSV, Avro, Parquet, ...). The writer is offered "
                    + "the fixed schema of the Record Format, so it needs no schema registry: set its Schema Access Strategy to "
                    + "'Inherit Record Schema'. When empty, each FlowFile is a JSON array.")
            .required(false)
            .identifiesControllerService(RecordSetWriterFactory.class)
            .build();

    static final PropertyDescriptor CONCURRENT_REQUESTS = new PropertyDescriptor.Builder()
            .name("Concurrent Requests")
            .description("How many page requests may be in flight at once (1 to 8). Pages still come out in order and a run stays "
                    + "all-or-nothing; a rate limit (HTTP 429) pauses every request. Raise it for long backfills, where each page's "
                    + "round trip dominates; 1 is the gentlest on Saleshandy's rate limits.")
            .required(true)
            .defaultValue("1")
            .addValidator(StandardValidators.createLongValidator(1, 8, true))
            .build();

    static final PropertyDescriptor SSL_CONTEXT_SERVICE = new PropertyDescriptor.Builder()
            .name("SSL Context Service")
            .description("TLS settings for the connection to Saleshandy, e.g. a corporate truststore when traffic passes through a "
                    + "TLS-inspecting gateway, or a client certificate. Empty: the JVM's default truststore.")
            .required(false)
            .identifiesControllerService(SSLContextProvider.class)
            .build();

    static final PropertyDescriptor PROXY_CONFIGURATION_SERVICE = ProxyConfiguration.createProxyConfigPropertyDescriptor(PROXY_SPECS);

    static final PropertyDescriptor CONNECT_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Connect Timeout")
            .description("How long to wait for a connection to Saleshandy before the attempt counts as failed and is retried.")
            .required(true)
            .defaultValue("10 sec")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    static final PropertyDescriptor READ_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Read Timeout")
            .description("How long to wait for data from Saleshandy before the attempt counts as failed and is retried.")
            .required(true)
            .defaultValue("60 sec")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    static final PropertyDescriptor REQUEST_TIMEOUT = new PropertyDescriptor.Builder()
            .name("Request Timeout")
            .description("How long one request may take as a whole, from connecting to the last byte of the page, before the attempt "
                    + "counts as failed and is retried. Read Timeout only limits each wait for data, so a server that sends a byte now "
                    + "and then would otherwise hold a request for ever.")
            .required(true)
            .defaultValue("5 min")
            .addValidator(StandardValidators.TIME_PERIOD_VALIDATOR)
            .build();

    static final PropertyDescriptor MAX_RETRIES = new PropertyDescriptor.Builder()
            .name("Max Retries")
            .description("How often one page is retried after a rate limit (HTTP 429, waiting as Retry-After asks, else until x-ratelimit-reset, at most 60 seconds), "
                    + "a server error (HTTP 5xx) or a network error (exponential back-off from 1 second, at most 30 seconds) "
                    + "before the run fails. Rejected keys and invalid requests are never retried.")
            .required(true)
            .defaultValue("3")
            .addValidator(StandardValidators.createLongValidator(0, 10, true))
            .build();

    private static final List<PropertyDescriptor> PROPERTIES = List.of(
            BASE_URL, API_KEY, SEQUENCE_IDS, DATE_RANGE, START_DATE, END_DATE, WINDOW_LENGTH, INITIAL_START_DATE, OVERLAP, TIME_ZONE,
            PAGE_SIZE, MAX_PAGES, CONCURRENT_REQUESTS, RECORD_FORMAT, RECORD_WRITER, SSL_CONTEXT_SERVICE,
            PROXY_CONFIGURATION_SERVICE, CONNECT_TIMEOUT, READ_TIMEOUT, REQUEST_TIMEOUT, MAX_RETRIES);

    static final Relationship REL_SUCCESS = new Relationship.Builder()
            .name("success")
            .description("One FlowFile per page of records, emitted only when every page of the run was fetched")
            .build();

    static final Relationship REL_ORIGINAL = new Relationship.Builder()
            .name("original")
            .description("The incoming FlowFile, after its run succeeded")
            .build();

    static final Relationship REL_FAILURE = new Relationship.Builder()
            .name("failure")
            .description("The incoming FlowFile, penalized, when its run failed or its attributes gave invalid values; "
                    + "saleshandy.error.message says why")
            .build();

    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_ORIGINAL, REL_FAILURE);

    private final Clock clock;
    private final Sleeper sleeper;
    private final JsonFactory jsonFactory = new JsonFactory();

    private volatile OkHttpClient httpClient;
    private volatile SaleshandyClient client;
    private volatile RetryingPageFetcher fetcher;
    private volatile PageWriter pageWriter;
    private volatile int concurrentRequests;
    private volatile int maxPages;
    private volatile StopSignal stopSignal;
    private volatile ExecutorService pageExecutor;

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
        ProxyConfiguration.validateProxySpec(context, results, PROXY_SPECS);
        if (context.getProperty(DATE_RANGE).asAllowableValue(DateRangeMode.class) != DateRangeMode.FIXED
                || context.isExpressionLanguagePresent(context.getProperty(START_DATE).getValue())
                || context.isExpressionLanguagePresent(context.getProperty(END_DATE).getValue())
                || !new TimeZoneValidator().validate(TIME_ZONE.getName(), context.getProperty(TIME_ZONE).getValue(), context).isValid()) {
            return results;
        }
        final LocalDate today = today(context);
        final LocalDate start;
        final LocalDate end;
        try {
            start = DateRules.parse(START_DATE.getName(), context.getProperty(START_DATE).getValue());
            final String endText = context.getProperty(END_DATE).getValue();
            end = endText == null || endText.isBlank() ? today : DateRules.parse(END_DATE.getName(), endText);
        } catch (final InvalidQueryException unparseable) {
            // Each property's own validator already reports the unparseable date.
            return results;
        }
        DateRules.startProblem(START_DATE.getName(), start, today).ifPresent(problem -> results.add(invalid(START_DATE, problem)));
        DateRules.endProblem(START_DATE.getName(), start, END_DATE.getName(), end).ifPresent(problem -> results.add(invalid(END_DATE, problem)));
        return results;
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) {
        httpClient = createHttpClient(context);
        final HttpUrl baseUrl = HttpUrl.get(context.getProperty(BASE_URL).evaluateAttributeExpressions().getValue().strip());
        final RecordFormat format = context.getProperty(RECORD_FORMAT).asAllowableValue(RecordFormat.class);
        final StatsRecordReader reader = new StatsRecordReader(jsonFactory, format);
        // As Returned pages are passed on verbatim; other formats are converted while each page is parsed.
        client = new SaleshandyClient(httpClient, baseUrl, context.getProperty(API_KEY).getValue(), jsonFactory, clock,
                format == RecordFormat.AS_RETURNED ? null : reader);
        final RetryPolicy retryPolicy = RetryPolicy.withMaxRetries(context.getProperty(MAX_RETRIES).asInteger());
        stopSignal = new StopSignal();
        fetcher = new RetryingPageFetcher(client::fetchPage, retryPolicy, sleeper, this::logRetry, stopSignal);
        pageWriter = pageWriter(context, reader);
        concurrentRequests = context.getProperty(CONCURRENT_REQUESTS).asInteger();
        maxPages = context.getProperty(MAX_PAGES).asInteger();
        // Cached, not fixed: requests cancelled past the end of a window may still be finishing when the next window starts.
        pageExecutor = concurrentRequests == 1 ? null : Executors.newCachedThreadPool(pageThreads());
    }

    /** Builds the HTTP client of a scheduled processor; a seam for tests that inspect it after the processor stops. */
    protected OkHttpClient createHttpClient(final ProcessContext context) {
        return HttpSettingsFactory.from(context).newClient();
    }

    private ThreadFactory pageThreads() {
        final AtomicInteger count = new AtomicInteger();
        return runnable -> {
            final Thread thread = new Thread(runnable, "GetSaleshandyStats[" + getIdentifier() + "] page request " + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private PageWriter pageWriter(final ProcessContext context, final StatsRecordReader reader) {
        final RecordSetWriterFactory writerFactory = context.getProperty(RECORD_WRITER).asControllerService(RecordSetWriterFactory.class);
        if (writerFactory != null) {
            return new RecordSetPageWriter(writerFactory, reader, getLogger());
        }
        return reader.format() == RecordFormat.AS_RETURNED ? new VerbatimJsonPageWriter() : new RecordJsonPageWriter(jsonFactory, reader);
    }

    @Override
    public List<ConfigVerificationResult> verify(final ProcessContext context, final ComponentLog verificationLogger,
                                                 final Map<String, String> attributes) {
        return new StatsVerifier(jsonFactory, clock).verify(context, attributes, today(context), verificationLogger);
    }

    /**
     * Ends a running onTrigger early. NiFi calls this while onTrigger may still run, and {@link #onStopped()} only after
     * it returned: a stop during a 60-second Retry-After wait would otherwise wait it out.
     */
    @OnUnscheduled
    public void onUnscheduled() {
        final StopSignal stopping = stopSignal;
        if (stopping != null) {
            stopping.stop();
        }
        final OkHttpClient running = httpClient;
        if (running != null) {
            running.dispatcher().cancelAll();
        }
    }

    @OnStopped
    public void onStopped() throws InterruptedException {
        final OkHttpClient stopping = httpClient;
        if (stopping != null) {
            // Also cancels synchronous calls, such as look-ahead requests cancelled at the end of a window but still waiting.
            stopping.dispatcher().cancelAll();
        }
        final ExecutorService executor = pageExecutor;
        if (executor != null) {
            executor.shutdownNow();
            if (!executor.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                getLogger().warn("Page request threads did not stop within {} seconds", STOP_TIMEOUT_SECONDS);
            }
        }
        if (stopping != null) {
            stopping.dispatcher().executorService().shutdown();
            stopping.connectionPool().evictAll();
        }
        pageExecutor = null;
        httpClient = null;
        client = null;
        fetcher = null;
        pageWriter = null;
    }

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        final FlowFile input = context.hasIncomingConnection() ? session.get() : null;
        if (context.hasIncomingConnection() && input == null) {
            return;
        }
        final DateRangeMode mode = context.getProperty(DATE_RANGE).asAllowableValue(DateRangeMode.class);
        if (input != null && mode == DateRangeMode.INCREMENTAL) {
            fail(context, session, input, INVALID_CONFIGURATION, "Date Range 'Incremental' keeps one position for the "
                    + "processor's own schedule and cannot be driven by incoming FlowFiles: use Fixed dates from attributes, or remove "
                    + "the incoming connection", null);
            return;
        }
        final StatsQuery query;
        try {
            final Map<String, String> storedState = mode == DateRangeMode.INCREMENTAL ? getState(session) : Map.of();
            query = StatsQueryResolver.resolve(context, input == null ? Map.of() : input.getAttributes(), today(context), storedState);
        } catch (final InvalidQueryException e) {
            fail(context, session, input, INVALID_CONFIGURATION, e.getMessage(), null);
            return;
        }
        query.warnings().forEach(warning -> getLogger().warn("{}", warning));
        final RunProgress progress = new RunProgress(getLogger());
        final RunOutput output = new RunOutput(session, input, pageWriter);
        try {
            fetchAll(query, output, progress);
        } catch (final SaleshandyApiException e) {
            output.discard();
            if (e.getFailure() == Failure.INTERRUPTED && stopSignal.isStopped()) {
                endStopped(session, input);
                return;
            }
            fail(context, session, input, e.getFailure().name(), e.getMessage(), e);
            if (input != null && e.getFailure().isRetryable()) {
                // Rate limited or unavailable: the next FlowFile would only meet the same answer at once.
                context.yield();
            }
            return;
        } catch (final ProcessException e) {
            output.discard();
            fail(context, session, input, OUTPUT_FAILED, "Writing the records failed: " + rootMessage(e), e);
            return;
        }
        final RunOutput.Totals totals = output.commit(client.statsUrl(), progress.elapsed());
        if (totals.unparsedValues() > 0) {
            getLogger().warn("{} values could not be converted; their columns are null and their raw text is in the unparsed_values field",
                    totals.unparsedValues());
        }
        if (input != null) {
            session.transfer(input, REL_ORIGINAL);
        }
        commitState(session, query);
    }

    private void fetchAll(final StatsQuery query, final RunOutput output, final RunProgress progress) throws SaleshandyApiException {
        for (final DateWindow window : query.windows()) {
            try (StatsPager pager = new StatsPager(fetcher, query.firstRequest(window), concurrentRequests, pageExecutor, maxPages)) {
                while (pager.hasNext()) {
                    final StatsPage page = pager.next();
                    final long recordsSoFar = output.add(query, window, page);
                    getLogger().debug("Fetched page {} of {} to {}: {} records, {} so far in this run",
                            page.pageNumber(), window.start(), window.end(), page.recordCount(), recordsSoFar);
                    progress.pageWritten(recordsSoFar);
                }
                if (pager.emptyPages().any()) {
                    getLogger().warn("Saleshandy sent empty pages in the middle of {} to {}: {}",
                            window.start(), window.end(), pager.emptyPages().describe());
                }
            }
        }
    }

    /** A stop is the user's choice, not a failure: no error bulletin, and an incoming FlowFile goes back to its queue. */
    private void endStopped(final ProcessSession session, final FlowFile input) {
        getLogger().info("Stopped before the run finished; nothing of it was emitted{}", input == null ? "" : ", and its FlowFile stays queued");
        if (input != null) {
            session.rollback();
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
        FlowFile failed = session.putAllAttributes(input, Map.of(ERROR_MESSAGE_ATTRIBUTE, message, ERROR_TYPE_ATTRIBUTE, errorType));
        failed = session.penalize(failed);
        session.transfer(failed, REL_FAILURE);
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

    private void logRetry(final StatsRequest request, final SaleshandyApiException failure, final int retry, final Duration wait) {
        getLogger().warn("{}; retry {} in {} ms", failure.getMessage(), retry, wait.toMillis());
    }

    private LocalDate today(final PropertyContext context) {
        return LocalDate.now(clock.withZone(ZoneId.of(context.getProperty(TIME_ZONE).getValue().strip())));
    }

    private static ValidationResult invalid(final PropertyDescriptor property, final String explanation) {
        return new ValidationResult.Builder().subject(property.getName()).valid(false).explanation(explanation).build();
    }
}
