package io.github.nifisaleshandy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.client.SecretMask;
import io.github.nifisaleshandy.processors.GetSaleshandyStats;
import io.github.nifisaleshandy.processors.ListSaleshandySequences;
import io.github.nifisaleshandy.service.RecordFormat;
import io.github.nifisaleshandy.testapi.DemoDataSet;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import mockwebserver3.MockWebServer;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.csv.CSVRecordSetWriter;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.reporting.InitializationException;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The README's run command: runs the real GetSaleshandyStats processor, through NiFi's mock framework, against a
 * built-in demo API (no key given) or the real Saleshandy API, and writes what it fetches to files. With
 * {@code --list-sequences} it runs the real ListSaleshandySequences instead and prints the account's sequences; with
 * {@code --serve-demo-api} it serves the demo API for a NiFi flow until stopped ({@link DemoApiServer}).
 */
@Command(name = "run.sh", mixinStandardHelpOptions = true, version = "nifi-saleshandy 0.1.0",
        description = {
            "Fetches Saleshandy consolidated email statistics with the GetSaleshandyStats NiFi processor and writes them to files.",
            "Without an API key it starts a demo Saleshandy API on loopback and fetches its made-up records, so it works with no setup.",
            "With --list-sequences it lists the account's sequences (ID, title, active, steps, client) instead, to find their IDs.",
            "With --serve-demo-api it serves the demo API on loopback until Ctrl-C, for a NiFi flow to fetch from."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:records fetched and written (or none matched), or sequences listed",
            "2:invalid command line (unknown option, missing value, options that do not go together, an API key an HTTP header cannot carry)",
            "3:a value breaks a rule of the API (the message names the option and the rule)",
            "4:fetching or listing failed: key rejected, rate limited, Saleshandy unavailable, network error",
            "1:anything else (e.g. the output folder cannot be written, the port is in use)",
            "130:the demo API stopped by Ctrl-C"})
public final class RunSaleshandyStats implements Callable<Integer> {

    static final int INVALID_COMMAND_LINE = 2;
    static final int INVALID_VALUES = 3;
    static final int FETCH_FAILED = 4;
    static final String ISO_TIMESTAMP = "yyyy-MM-dd'T'HH:mm:ssXXX";
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Output formats and the NiFi writer behind each. */
    enum OutputFormat { JSON, CSV }

    @Option(names = "--api-key", defaultValue = "${env:SALESHANDY_API_KEY}",
            description = "Saleshandy API key; default: the SALESHANDY_API_KEY environment variable. Without one, the demo API is used.")
    private String apiKey;

    @Option(names = "--base-url", defaultValue = "https://open-api.saleshandy.com",
            description = "API address, used with an API key (default: ${DEFAULT-VALUE}); without a key it is an error.")
    private String baseUrl;

    @Option(names = "--sequence-ids", description = {"Sequence IDs, comma-separated (--list-sequences shows them). Default with an API key: "
            + "every active sequence of the account; in the demo: the four demo sequences that have records."})
    private String sequenceIds;

    @Option(names = "--list-sequences", description = "Print the account's sequences (ID, title, active, steps, client) as a table and exit.")
    private boolean listSequences;

    @Option(names = "--serve-demo-api", description = "Serve the demo API (its key, its made-up records) on loopback until Ctrl-C, "
            + "and print the Base URL and API key to set in a NiFi flow's parameters; takes no other option but --port.")
    private boolean serveDemoApi;

    @Option(names = "--port", description = "The port of --serve-demo-api, 1 to 65535, or 0 for any free one (default: " + DemoApiServer.DEFAULT_PORT + ").")
    private Integer port;

    @Option(names = "--start-date", description = "First day, YYYY-MM-DD (default: 29 days before today, UTC).")
    private String startDate;

    @Option(names = "--end-date", description = "Last day, YYYY-MM-DD (default: today, UTC).")
    private String endDate;

    @Option(names = "--page-size", defaultValue = "500", description = "Records per request, 10 to 500 (default: ${DEFAULT-VALUE}).")
    private String pageSize;

    @Option(names = "--record-format", converter = OptionRules.RecordFormatConverter.class,
            description = "normalized, normalized-flat or as-returned (default: normalized for JSON, normalized-flat for CSV).")
    private RecordFormat recordFormat;

    @Option(names = "--output-format", defaultValue = "json", converter = OptionRules.OutputFormatConverter.class,
            description = "json or csv, written by NiFi's JsonRecordSetWriter / CSVRecordSetWriter (default: ${DEFAULT-VALUE}).")
    private OutputFormat outputFormat;

    @Option(names = "--max-pages", description = "Stop with an error past this many pages per date window (default: the processor's, 10000).")
    private String maxPages;

    @Option(names = "--request-timeout", description = "Longest time one request may take, e.g. '30 sec' (default: the processor's, 5 min).")
    private String requestTimeout;

    @Option(names = "--output", defaultValue = "output",
            description = "Folder under which each run writes a new folder of its own, named by dates and time (default: ${DEFAULT-VALUE}).")
    private Path output;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private final Clock clock;
    private final CountDownLatch stop;

    RunSaleshandyStats(final Clock clock, final CountDownLatch stop) {
        this.clock = clock;
        this.stop = stop;
    }

    public static void main(final String[] args) {
        final CountDownLatch stop = new CountDownLatch(1);
        final CountDownLatch done = DemoApiServer.releaseOnShutdown(stop);
        final int exitCode = execute(Clock.systemUTC(), stop, new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        done.countDown();
        System.exit(exitCode);
    }

    /** Runs the command and returns its exit code; --serve-demo-api serves until {@code stop} is released. */
    static int execute(final Clock clock, final CountDownLatch stop, final PrintWriter out, final PrintWriter err, final String... args) {
        final RunSaleshandyStats command = new RunSaleshandyStats(clock, stop);
        final CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(out);
        commandLine.setErr(err);
        // Whatever a user typed or a server sent, and whatever failed with it: one line, the key masked, no stack trace.
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("error: " + command.masked(e.getClass().getSimpleName() + ": " + e.getMessage()));
            return 1;
        });
        try {
            return commandLine.execute(args);
        } catch (final Error e) {
            // nifi-mock's TestRunner reports a processor that threw as an AssertionError, which picocli does not handle.
            err.println("error: " + command.masked(e.getClass().getSimpleName() + ": " + e.getMessage()));
            return 1;
        }
    }

    private String masked(final String text) {
        return new SecretMask(apiKey == null ? null : apiKey.strip()).mask(text);
    }

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final boolean demo = apiKey == null || apiKey.isBlank();
        final Optional<String> optionProblem = OptionRules.problem(spec.commandLine().getParseResult(), !demo);
        if (optionProblem.isPresent()) {
            spec.commandLine().getErr().println("error: " + optionProblem.get());
            return INVALID_COMMAND_LINE;
        }
        if (serveDemoApi) {
            return DemoApiServer.serve(clock, port == null ? DemoApiServer.DEFAULT_PORT : port, stop, out, spec.commandLine().getErr());
        }
        final Optional<String> keyProblem = demo ? Optional.empty() : ConnectionSetup.keyProblem(apiKey);
        if (keyProblem.isPresent()) {
            // Before anything starts, in the connection service's own words, as its validation says it (ConnectionSetup maps the same
            // problem to this exit code, should it ever get that far).
            spec.commandLine().getErr().println("error: --api-key: " + keyProblem.get());
            return INVALID_COMMAND_LINE;
        }
        if (listSequences) {
            return demo ? listDemoSequences(out) : listSequences(baseUrl, apiKey, true);
        }
        if (Files.exists(output) && !Files.isDirectory(output)) {
            spec.commandLine().getErr().println("error: --output: " + output + " is a file, not a folder");
            return 1;
        }
        final LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (!demo) {
            return run(baseUrl, apiKey, sequenceIds == null || sequenceIds.isBlank() ? null : sequenceIds, today, true);
        }
        final DemoDataSet dataSet = DemoDataSet.generate(clock.instant(), DemoDataSet.DEFAULT_SIZE);
        try (MockWebServer server = FakeSaleshandyApi.demo(dataSet, FakeSaleshandyApi.DEMO_API_KEY).start()) {
            out.println("No API key given: fetching from the built-in demo Saleshandy API at " + FakeSaleshandyApi.baseUrl(server)
                    + " (" + dataSet.size() + " made-up records). Set SALESHANDY_API_KEY to fetch your own.");
            final String ids = sequenceIds == null || sequenceIds.isBlank() ? String.join(",", dataSet.sequenceIds()) : sequenceIds;
            return run(FakeSaleshandyApi.baseUrl(server), FakeSaleshandyApi.DEMO_API_KEY, ids, today, false);
        }
    }

    private int listDemoSequences(final PrintWriter out) throws IOException, InitializationException {
        final DemoDataSet dataSet = DemoDataSet.generate(clock.instant(), DemoDataSet.DEFAULT_SIZE);
        try (MockWebServer server = FakeSaleshandyApi.demo(dataSet, FakeSaleshandyApi.DEMO_API_KEY).start()) {
            out.println("No API key given: listing the sequences of the built-in demo Saleshandy API at " + FakeSaleshandyApi.baseUrl(server)
                    + ". Set SALESHANDY_API_KEY to list your own.");
            return listSequences(FakeSaleshandyApi.baseUrl(server), FakeSaleshandyApi.DEMO_API_KEY, false);
        }
    }

    /** Runs ListSaleshandySequences once, every sequence active or not, and prints what it emitted as a table. */
    private int listSequences(final String url, final String key, final boolean announceUrl) throws IOException, InitializationException {
        final PrintWriter out = spec.commandLine().getOut();
        final ListSaleshandySequences processor = new ListSaleshandySequences();
        final ProgressLog log = new ProgressLog(out, processor);
        final TestRunner runner = TestRunners.newTestRunner(processor, log);
        runner.setProperty("Active Only", "false");
        runner.setProperty("Batch Size", "500");
        try (ConnectionSetup connection = ConnectionSetup.add(runner, Clock.systemUTC(), url, key, requestTimeout)) {
            if (invalid(connection)) {
                return connection.exitCode();
            }
            if (announceUrl) {
                out.println("Listing sequences from " + url);
            }
            runner.run();
        }
        if (failed(log)) {
            return FETCH_FAILED;
        }
        final List<JsonNode> sequences = new ArrayList<>();
        for (final MockFlowFile flowFile : runner.getFlowFilesForRelationship(ListSaleshandySequences.SUCCESS)) {
            MAPPER.readTree(flowFile.toByteArray()).forEach(sequences::add);
        }
        SequenceTable.print(sequences, out);
        return 0;
    }

    /** Fetches the statistics of {@code ids}, or, when null, of every sequence the processor lists for the account. */
    private int run(final String url, final String key, final String ids, final LocalDate today, final boolean announceUrl)
            throws IOException, InitializationException {
        final PrintWriter out = spec.commandLine().getOut();
        final GetSaleshandyStats processor = new GetSaleshandyStats(clock);
        final ProgressLog log = new ProgressLog(out, processor);
        final TestRunner runner = TestRunners.newTestRunner(processor, log);
        runner.setIncomingConnection(false);
        final Map<String, String> properties = new LinkedHashMap<>();
        if (ids != null) {
            properties.put("Sequence IDs", ids);
        }
        properties.put("Start Date", startDate == null ? today.minusDays(DemoDataSet.DAYS - 1L).toString() : startDate);
        properties.put("End Date", endDate == null ? today.toString() : endDate);
        properties.put("Page Size", pageSize);
        if (maxPages != null) {
            properties.put("Max Pages", maxPages);
        }
        final RecordFormat format = recordFormat != null ? recordFormat
                : outputFormat == OutputFormat.CSV ? RecordFormat.NORMALIZED_FLAT : RecordFormat.NORMALIZED;
        properties.put("Record Format", format.getValue());
        properties.forEach(runner::setProperty);
        useWriter(runner, format);

        try (ConnectionSetup connection = ConnectionSetup.add(runner, clock, url, key, requestTimeout)) {
            if (invalid(connection)) {
                return connection.exitCode();
            }
            if (announceUrl) {
                // Printed only once validated: a URL with user info or a query, which could hold a secret, never gets here.
                out.println("Fetching from " + url);
            }
            out.printf("Sequences %s, %s to %s, pages of %s, %s records as %s%n", ids == null ? "every active sequence of the account" : ids,
                    properties.get("Start Date"), properties.get("End Date"), pageSize, format.getDisplayName(), outputFormat.name());
            runner.run();
        }
        if (failed(log)) {
            return FETCH_FAILED;
        }
        return write(runner.getFlowFilesForRelationship(relationship(runner, "success")), runFolder(properties), out);
    }

    /** Prints what keeps the service or the processor from running, one line each; whether there was anything. */
    private boolean invalid(final ConnectionSetup connection) {
        final List<String> problems = connection.problems();
        problems.forEach(problem -> spec.commandLine().getErr().println("error: " + problem));
        return !problems.isEmpty();
    }

    /** Prints the errors the processor logged while it ran, one line each; whether there were any. */
    private boolean failed(final ProgressLog log) {
        final List<LogMessage> errors = log.getErrorMessages();
        errors.forEach(message -> spec.commandLine().getErr().println("error: " + ProgressLog.withoutComponentAndCause(message)));
        return !errors.isEmpty();
    }

    private void useWriter(final TestRunner runner, final RecordFormat format) throws InitializationException {
        final boolean passThrough = outputFormat == OutputFormat.JSON && format == RecordFormat.AS_RETURNED;
        if (passThrough) {
            return;
        }
        final ControllerService writer = outputFormat == OutputFormat.CSV ? new CSVRecordSetWriter() : new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.setProperty(writer, "Timestamp Format", ISO_TIMESTAMP);
        if (outputFormat == OutputFormat.JSON) {
            runner.setProperty(writer, "Pretty Print JSON", "true");
        } else {
            // NiFi's default CSV dialect escapes quotes with a backslash; RFC 4180 doubles them, as spreadsheets and databases expect.
            runner.setProperty(writer, "CSV Format", "rfc-4180");
        }
        runner.enableControllerService(writer);
        runner.setProperty("Record Writer", "writer");
    }

    /**
     * A new folder under --output for this run alone, so that the folder the summary names holds exactly the files of the run
     * it summarizes: saleshandy-stats_START_END_at_TIME, with a numeric suffix if a run in the same second took that name.
     */
    private Path runFolder(final Map<String, String> properties) throws IOException {
        final String time = RUN_TIME.format(clock.instant().atOffset(ZoneOffset.UTC));
        final String name = "saleshandy-stats_" + properties.get("Start Date") + "_" + properties.get("End Date") + "_at_" + time;
        Files.createDirectories(output);
        for (int attempt = 1; ; attempt++) {
            final Path folder = output.resolve(attempt == 1 ? name : name + "-" + attempt);
            try {
                return Files.createDirectory(folder);
            } catch (final FileAlreadyExistsException taken) {
                // Another run in the same second: try the next suffix.
            }
        }
    }

    private static int write(final List<MockFlowFile> flowFiles, final Path folder, final PrintWriter out) throws IOException {
        long records = 0;
        for (final MockFlowFile flowFile : flowFiles) {
            Files.write(folder.resolve(flowFile.getAttribute("filename")), flowFile.toByteArray());
            records += Long.parseLong(flowFile.getAttribute("record.count"));
        }
        out.printf("Wrote %d records in %d %s to %s%n", records, flowFiles.size(), flowFiles.size() == 1 ? "file" : "files",
                folder.toAbsolutePath().normalize());
        return 0;
    }

    private static Relationship relationship(final TestRunner runner, final String name) {
        return runner.getProcessor().getRelationships().stream().filter(r -> r.getName().equals(name)).findFirst().orElseThrow();
    }
}
