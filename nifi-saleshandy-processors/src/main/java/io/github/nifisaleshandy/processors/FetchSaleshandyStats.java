package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.service.SaleshandyClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.configuration.DefaultSettings;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.MultiProcessorUseCase;
import org.apache.nifi.annotation.documentation.ProcessorConfiguration;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;

@Tags({"saleshandy", "email", "analytics", "engagement", "sales", "outreach", "fetch", "http", "rest", "api"})
@CapabilityDescription("For every incoming FlowFile, fetches the email engagement statistics (sends, opens, clicks, replies, bounces) of "
        + "the Saleshandy sequences it names from the Saleshandy Open API endpoint POST /v1/analytics/consolidated-stats, with Expression "
        + "Language evaluated against its attributes. Follows every page of the result and emits one FlowFile per page, as "
        + "GetSaleshandyStats does. A run is all-or-nothing: when any page still fails after retries, no FlowFile of that run is "
        + "emitted and the incoming FlowFile goes to failure. Stateless and safe to run with several concurrent tasks and on every "
        + "node of a cluster, e.g. behind ListSaleshandySequences and a load-balanced connection.")
@InputRequirement(InputRequirement.Requirement.INPUT_REQUIRED)
@SeeAlso(value = GetSaleshandyStats.class, classNames = "io.github.nifisaleshandy.processors.ListSaleshandySequences")
// After a rate limit or an outage the API needs time: the next incoming FlowFile waits this long.
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
                    + "INVALID_REQUEST, REDIRECTED, MALFORMED_RESPONSE, TOO_MANY_PAGES, WAIT_TOO_LONG, INTERRUPTED or OUTPUT_FAILED")
})
@UseCase(
        description = "Fetch statistics for sequence IDs and date ranges that arrive as FlowFile attributes.",
        configuration = """
                Connect an upstream processor (e.g. GenerateFlowFile or ListenHTTP) whose FlowFiles carry attributes such as
                sequence.ids, start.date and end.date. Set "Sequence IDs" to ${sequence.ids}, "Start Date" to ${start.date} and
                "End Date" to ${end.date}. Each incoming FlowFile drives one run; it goes to "original" when the run succeeds and to
                "failure", with the reason in saleshandy.error.message, when it does not.
                """)
@MultiProcessorUseCase(
        description = "Fetch the statistics of every Saleshandy sequence of an account across all nodes of a NiFi cluster: list the "
                + "sequences once, on the primary node, and spread the fetching of their statistics over every node.",
        keywords = {"saleshandy", "cluster", "list", "fetch", "load balance", "sequences", "statistics"},
        configurations = {
            @ProcessorConfiguration(
                    processorClassName = "io.github.nifisaleshandy.processors.ListSaleshandySequences",
                    configuration = """
                            Set "API Key" to the key from Saleshandy (Settings > API Key), best as a sensitive parameter, and the
                            filters you need ("Sequence Name Filter", "Active Only"). Schedule it daily, e.g. CRON "0 0 2 * * ?";
                            it runs on the primary node only. Each FlowFile it emits names sequences in its saleshandy.sequence.ids
                            attribute ("Batch Size" sequences per FlowFile).
                            Connect "success" to FetchSaleshandyStats, and on that connection set "Load Balance Strategy" to
                            "Round robin" so that the FlowFiles are spread over every node of the cluster.
                            """),
            @ProcessorConfiguration(
                    processorClass = FetchSaleshandyStats.class,
                    configuration = """
                            Set "API Key" to the same parameter as the lister: both then share one rate-limit gate per node.
                            Leave "Sequence IDs" at its default ${saleshandy.sequence.ids}. Set "Date Range" to "Rolling Window" and
                            "Window Length" to "30 days" so that late opens, clicks and replies are picked up on every run.
                            Give it 2 to 4 Concurrent Tasks. Connect "success" to PutDatabaseRecord (upsert on sequence_id +
                            recipient_email + step_number), "original" to auto-terminate, and "failure" to a retry loop or an alert.
                            """)
        })
public class FetchSaleshandyStats extends AbstractStatsProcessor {

    private static final List<PropertyDescriptor> PROPERTIES = List.of(
            SaleshandyProperties.CONNECTION, SaleshandyProperties.FETCH_SEQUENCE_IDS, SaleshandyProperties.FETCH_DATE_RANGE,
            SaleshandyProperties.START_DATE, SaleshandyProperties.END_DATE, SaleshandyProperties.WINDOW_LENGTH, SaleshandyProperties.TIME_ZONE,
            SaleshandyProperties.PAGE_SIZE, SaleshandyProperties.MAX_PAGES, SaleshandyProperties.CONCURRENT_REQUESTS, SaleshandyProperties.RECORD_FORMAT,
            SaleshandyProperties.RECORD_WRITER);

    private static final Set<Relationship> RELATIONSHIPS = Set.of(SUCCESS, ORIGINAL, FAILURE);

    public FetchSaleshandyStats() {
        this(Clock.systemUTC());
    }

    public FetchSaleshandyStats(final Clock clock) {
        super(clock, SaleshandyProperties.FETCH_SEQUENCE_IDS, PROPERTIES, RELATIONSHIPS);
    }

    @Override
    void trigger(final ProcessContext context, final ProcessSession session, final SaleshandyClient client, final MaskingComponentLog log) {
        final FlowFile input = session.get();
        if (input != null) {
            run(client, context, session, input, log, Map.of());
        }
    }
}
