package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.service.SaleshandyClient;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.PrimaryNodeOnly;
import org.apache.nifi.annotation.behavior.Stateful;
import org.apache.nifi.annotation.behavior.TriggerSerially;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.configuration.DefaultSchedule;
import org.apache.nifi.annotation.configuration.DefaultSettings;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.state.Scope;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.exception.ProcessException;
import org.apache.nifi.scheduling.SchedulingStrategy;

@Tags({"saleshandy", "email", "analytics", "engagement", "sales", "outreach", "get", "fetch", "http", "rest", "api"})
@CapabilityDescription("Fetches email engagement statistics (sends, opens, clicks, replies, bounces) of Saleshandy sequences from the "
        + "Saleshandy Open API endpoint POST /v1/analytics/consolidated-stats. Follows every page of the result and emits one FlowFile "
        + "per page: typed records (snake_case columns, UTC timestamps, booleans) or the API's JSON as returned, as a JSON array or "
        + "through any Record Writer (CSV, Avro, Parquet, ...). With Sequence IDs empty, each run first lists every (active) sequence of the "
        + "account through GET /v1/sequences. A run is all-or-nothing: when any page still fails after retries, "
        + "no FlowFile of that run is emitted. Runs on its own schedule, on the primary node of a cluster; to fetch for sequence IDs "
        + "or dates that arrive in FlowFiles, use FetchSaleshandyStats.")
@SeeAlso(FetchSaleshandyStats.class)
@InputRequirement(InputRequirement.Requirement.INPUT_FORBIDDEN)
@PrimaryNodeOnly
@TriggerSerially
@Stateful(scopes = Scope.CLUSTER, description = "In the Incremental date range mode only: '" + StatsQueryResolver.LAST_END_DATE_KEY
        + "' is the last day (YYYY-MM-DD) that a successful run covered, and '" + StatsQueryResolver.QUERY_FINGERPRINT_KEY
        + "' a digest of Base URL, Sequence IDs as configured and Initial Start Date; an empty Sequence IDs counts as one value, "
        + "not as the sequences a run lists, so that a new sequence continues from the position instead of restarting it. "
        + "The next run starts at the last end date minus Overlap. "
        + "State is written in the same session as the run's FlowFiles, so a failed run never advances it; when the fingerprint "
        + "no longer matches the properties, or the state is cleared, the next run starts again from Initial Start Date.")
@DefaultSchedule(strategy = SchedulingStrategy.TIMER_DRIVEN, period = "1 hour")
// After a rate limit or an outage the API needs time: the next run waits this long.
@DefaultSettings(yieldDuration = "30 sec")
@WritesAttributes({
    @WritesAttribute(attribute = "mime.type", description = "application/json, or the MIME type of the Record Writer"),
    @WritesAttribute(attribute = "record.count", description = "The number of records in the FlowFile"),
    @WritesAttribute(attribute = "filename", description = "saleshandy-stats_<start date>_<end date>_page-<n>, with an extension "
            + "for JSON, CSV, Avro, Parquet and XML output, e.g. saleshandy-stats_2024-11-15_2024-11-19_page-0001.json"),
    @WritesAttribute(attribute = SaleshandyAttributes.PAGE_NUMBER, description = "The API page number the FlowFile holds"),
    @WritesAttribute(attribute = SaleshandyAttributes.SEQUENCE_IDS, description = "The sequence IDs queried, comma-separated: "
            + "with an empty Sequence IDs, those the run listed"),
    @WritesAttribute(attribute = SaleshandyAttributes.START_DATE, description = "The first day (YYYY-MM-DD) of the query"),
    @WritesAttribute(attribute = SaleshandyAttributes.END_DATE, description = "The last day (YYYY-MM-DD) of the query"),
    @WritesAttribute(attribute = "fragment.identifier", description = "The same for every FlowFile of one run, for MergeContent/MergeRecord"),
    @WritesAttribute(attribute = "fragment.index", description = "The position of this FlowFile in its run, starting at 0"),
    @WritesAttribute(attribute = "fragment.count", description = "The number of FlowFiles the run emitted"),
    @WritesAttribute(attribute = SaleshandyAttributes.UNPARSED_COUNT,
            description = "Present when some values could not be converted (Normalized format): how many; their raw text is in unparsed_values")
})
@UseCase(
        description = "Load yesterday's email engagement statistics of some sequences into a data lake every day.",
        configuration = """
                Set "API Key" to the key from Saleshandy (Settings > API Key), best as a sensitive parameter.
                Set "Sequence IDs" to the IDs of the sequences, separated by commas.
                Set "Start Date" to ${now():minus(86400000):format('yyyy-MM-dd')} and "End Date" to the same expression.
                Schedule the processor with CRON "0 0 2 * * ?"; in a cluster it runs on the primary node only.
                Connect "success" to the processor that stores the JSON, e.g. PutS3Object, or to MergeRecord first.
                """)
@UseCase(
        description = "Keep the statistics of every active sequence of the account up to date, including sequences created later.",
        configuration = """
                Set "API Key" to the key from Saleshandy, best as a sensitive parameter, and leave "Sequence IDs" empty.
                Keep "Active Only" true to leave paused and inactive sequences out.
                Set "Date Range" to Incremental and "Initial Start Date" to the first day to load; keep "Overlap" at 1 day.
                Schedule the processor every hour; each run lists the sequences again, so a new one is fetched from the current position on.
                """)
public class GetSaleshandyStats extends AbstractStatsProcessor {

    private static final List<PropertyDescriptor> PROPERTIES = List.of(
            SaleshandyProperties.CONNECTION, SaleshandyProperties.SEQUENCE_IDS, SaleshandyProperties.GET_ACTIVE_ONLY,
            SaleshandyProperties.DATE_RANGE,
            SaleshandyProperties.START_DATE, SaleshandyProperties.END_DATE, SaleshandyProperties.WINDOW_LENGTH, SaleshandyProperties.INITIAL_START_DATE,
            SaleshandyProperties.OVERLAP, SaleshandyProperties.TIME_ZONE, SaleshandyProperties.PAGE_SIZE, SaleshandyProperties.MAX_PAGES,
            SaleshandyProperties.CONCURRENT_REQUESTS, SaleshandyProperties.RECORD_FORMAT, SaleshandyProperties.RECORD_WRITER);

    private static final Set<Relationship> RELATIONSHIPS = Set.of(SUCCESS);

    public GetSaleshandyStats() {
        this(Clock.systemUTC());
    }

    /** A seam for tests and the run command: the clock that says what "today" is. */
    public GetSaleshandyStats(final Clock clock) {
        super(clock, SaleshandyProperties.SEQUENCE_IDS, PROPERTIES, RELATIONSHIPS);
    }

    @Override
    void trigger(final ProcessContext context, final ProcessSession session, final SaleshandyClient client, final MaskingComponentLog log) {
        run(client, context, session, null, log, storedPosition(context, session)).ifPresent(query -> savePosition(session, query.stateOnSuccess()));
    }

    private static Map<String, String> storedPosition(final ProcessContext context, final ProcessSession session) {
        if (context.getProperty(SaleshandyProperties.DATE_RANGE).asAllowableValue(DateRangeMode.class) != DateRangeMode.INCREMENTAL) {
            return Map.of();
        }
        try {
            return session.getState(Scope.CLUSTER).toMap();
        } catch (final IOException e) {
            throw new ProcessException("Reading the Incremental position from cluster state failed", e);
        }
    }

    /** Written in the same session as the FlowFiles: it becomes visible only if they are committed. */
    private static void savePosition(final ProcessSession session, final Map<String, String> position) {
        if (position.isEmpty()) {
            return;
        }
        try {
            session.setState(position, Scope.CLUSTER);
        } catch (final IOException e) {
            throw new ProcessException("Saving the Incremental position to cluster state failed", e);
        }
    }
}
