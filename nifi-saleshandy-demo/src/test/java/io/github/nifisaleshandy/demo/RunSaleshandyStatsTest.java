package io.github.nifisaleshandy.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.testapi.DemoDataSet;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run command end to end: the real processor against the demo API, files on disk, exit codes.
 */
class RunSaleshandyStatsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
    private static final String RIGHT_KEY = "the-right-key";
    private static final int DEMO_RECORDS = DemoDataSet.generate(CLOCK.instant(), DemoDataSet.DEFAULT_SIZE).size();

    @TempDir
    Path output;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void withNoSetupFetchesEveryDemoRecordIntoJsonFilesWithProgress() throws Exception {
        final int exit = run("--output", output.toString(), "--page-size", "400");

        assertEquals(0, exit, err.toString());
        final List<Path> files = files();
        assertEquals(5, files.size(), files.toString());
        int records = 0;
        for (final Path file : files) {
            assertTrue(file.getFileName().toString().matches("saleshandy-stats_2026-10-28_2026-11-26_page-000[1-5]\\.json"), file.toString());
            final JsonNode rows = mapper.readTree(file.toFile());
            records += rows.size();
            assertTrue(rows.get(0).get("email_sent_at").textValue().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)"));
        }
        assertEquals(DEMO_RECORDS, records);
        assertTrue(out.toString().contains("page 1 (2026-10-28 to 2026-11-26): 400 records, 400 so far, "), out.toString());
        assertTrue(out.toString().contains("page 5 (2026-10-28 to 2026-11-26): " + (DEMO_RECORDS - 1600) + " records, " + DEMO_RECORDS + " so far"));
        assertTrue(out.toString().contains("Wrote " + DEMO_RECORDS + " records in 5 files"), out.toString());
    }

    @Test
    void csvOutputHasASnakeCaseHeaderAndOneRowPerRecord() throws Exception {
        final int exit = run("--output", output.toString(), "--output-format", "csv");

        assertEquals(0, exit, err.toString());
        long rows = 0;
        for (final Path file : files()) {
            final List<String> lines = Files.readAllLines(file);
            assertTrue(lines.getFirst().startsWith("sequence_title,sequence_owner,step_number,sender_email,recipient_email,recipient_name,email_sent_at,"));
            assertTrue(lines.getFirst().contains(",client_id,client_first_name,"), lines.getFirst());
            rows += csvRecords(file);
        }
        assertEquals(DEMO_RECORDS, rows);
    }

    @Test
    void asReturnedJsonIsTheApisOwnShape() throws Exception {
        assertEquals(0, run("--output", output.toString(), "--record-format", "as-returned"), err.toString());

        final JsonNode first = mapper.readTree(files().getFirst().toFile()).get(0);
        assertTrue(first.has("Sequence Title"));
        assertTrue(first.get("Email Sent At").textValue().contains(" GMT"));
    }

    @Test
    void aValueThatBreaksAnApiRuleExitsWith3InTheProcessorsWords() {
        final int exit = run("--output", output.toString(), "--start-date", "2020-01-01");

        assertEquals(3, exit);
        assertTrue(err.toString().contains("error: --start-date: Start Date 2020-01-01 is more than 2 years before today (2026-11-26)"), err.toString());
        assertFalse(Files.exists(output.resolve("x")));
    }

    @Test
    void aSecondRunWritesANewFolderSoEachFolderHoldsExactlyTheRecordsItsSummaryCounts() throws Exception {
        assertEquals(0, run("--output", output.toString(), "--page-size", "400"), err.toString());
        assertEquals(0, run("--output", output.toString(), "--page-size", "500"), err.toString());

        final List<Path> runs = runFolders();
        assertEquals(2, runs.size(), runs.toString());
        assertEquals("saleshandy-stats_2026-10-28_2026-11-26_at_20261126T120000Z", runs.get(0).getFileName().toString());
        assertEquals(5, list(runs.get(0)).size());
        assertEquals(4, list(runs.get(1)).size());
        for (final Path run : runs) {
            long records = 0;
            for (final Path file : list(run)) {
                records += mapper.readTree(file.toFile()).size();
            }
            assertEquals(DEMO_RECORDS, records);
            assertTrue(out.toString().contains("Wrote " + DEMO_RECORDS + " records in " + list(run).size() + " files to " + run), out.toString());
        }
    }

    @Test
    void anOutputThatIsAFileIsAOneLineErrorWithExit1() throws Exception {
        final Path file = Files.writeString(output.resolve("not-a-folder.txt"), "x");

        assertEquals(1, run("--output", file.toString()));
        assertEquals("error: --output: " + file + " is a file, not a folder", err.toString().strip());
    }

    @Test
    void anOutputBelowAFileIsAOneLineErrorWithExit1() throws Exception {
        final Path file = Files.writeString(output.resolve("not-a-folder.txt"), "x");

        assertEquals(1, run("--output", file.resolve("below").toString()));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("error: "), err.toString());
    }

    @Test
    void aBaseUrlWithUserInfoOrAQueryIsRejectedWithoutPrintingIt() {
        for (final String url : List.of("https://user:s3cr3t@api.example.com", "https://api.example.com/?token=s3cr3t")) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);

            final int exit = run("--api-key", "live-key", "--sequence-ids", "a", "--base-url", url, "--output", output.toString());

            assertEquals(3, exit, err.toString());
            assertTrue(err.toString().contains("--base-url: Base URL must not contain"), err.toString());
            assertFalse((out.toString() + err).contains("s3cr3t"), out.toString() + err);
        }
    }

    /** The connection service's problems and the processor's come together, one line each, and nothing about the service not being enabled. */
    @Test
    void anInvalidConnectionAndAnInvalidDateAreEachOneLine() {
        final int exit = run("--api-key", "live-key", "--sequence-ids", "a", "--base-url", "http://api.example.com", "--start-date", "2020-01-01",
                "--output", output.toString());

        assertEquals(3, exit, err.toString());
        final List<String> lines = err.toString().strip().lines().toList();
        assertEquals(2, lines.size(), err.toString());
        assertTrue(lines.get(0).startsWith("error: --base-url: Base URL must use https"), err.toString());
        assertTrue(lines.get(1).startsWith("error: --start-date: Start Date 2020-01-01 is more than 2 years before today"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void anInvalidRequestTimeoutWhenListingIsOneLine() {
        assertEquals(3, run("--list-sequences", "--api-key", "live-key", "--request-timeout", "soon"));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("error: --request-timeout: "), err.toString());
    }

    @Test
    void maxPagesAndRequestTimeoutReachTheProcessor() {
        final int tooManyPages = run("--output", output.toString(), "--page-size", "500", "--max-pages", "2");

        assertEquals(4, tooManyPages, err.toString());
        assertTrue(err.toString().contains("more than 2 pages"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(3, run("--output", output.toString(), "--request-timeout", "soon"));
        assertTrue(err.toString().contains("--request-timeout: "), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(0, run("--output", output.toString(), "--max-pages", "4", "--request-timeout", "30 sec"), err.toString());
    }

    @Test
    void aKeyWithALineBreakInsideExitsWith2InOneLineInTheProcessorsWordsWithoutTheKey() throws Exception {
        try (MockWebServer server = demoApi(50)) {
            final int exit = run("--api-key", "sk-live-4f2a\n9c7e", "--base-url", FakeSaleshandyApi.baseUrl(server), "--sequence-ids", "Q2vYd7LmPa",
                    "--output", output.toString());

            assertEquals(2, exit, err.toString());
            assertEquals("error: --api-key: API Key must contain only visible ASCII characters: found a line break at position 13", err.toString().strip());
            assertFalse((out.toString() + err).contains("sk-live-4f2a") || (out.toString() + err).contains("9c7e"), out.toString() + err);
            assertEquals(0, server.getRequestCount());
        }
    }

    @Test
    void aKeyPastedWithALineBreakAfterItIsTrimmed() throws Exception {
        try (MockWebServer server = demoApi(50)) {
            final int exit = run("--api-key", RIGHT_KEY + "\n", "--base-url", FakeSaleshandyApi.baseUrl(server), "--sequence-ids", "Q2vYd7LmPa",
                    "--page-size", "10", "--output", output.toString());

            assertEquals(0, exit, err.toString());
            assertEquals(RIGHT_KEY, server.takeRequest().getHeaders().get("x-api-key"));
        }
    }

    @Test
    void badOptionsExitWith2() {
        assertEquals(2, run("--output-format", "xml"));
        assertTrue(err.toString().contains("'xml' is not json or csv"), err.toString());
        assertEquals(2, run("--no-such-option"));
    }

    /** Empty Sequence IDs: every sequence of the account, listed through GET /v1/sequences, Active Only honoured. */
    @Test
    void noSequenceIdsWithAnApiKeyFetchesEveryActiveSequenceOfTheAccount() throws Exception {
        try (MockWebServer server = demoApi(120)) {
            final int exit = run("--api-key", RIGHT_KEY, "--base-url", FakeSaleshandyApi.baseUrl(server), "--page-size", "10",
                    "--output", output.toString());

            assertEquals(0, exit, err.toString());
            assertTrue(out.toString().contains("Sequences every active sequence of the account, "), out.toString());
            final Set<String> fetched = new HashSet<>();
            long records = 0;
            for (final Path file : files()) {
                for (final JsonNode record : mapper.readTree(file.toFile())) {
                    fetched.add(record.get("sequence_id").textValue());
                    records++;
                }
            }
            // Of the four sequences with records, Renewal Reminder (mB4nWf6GtK) is inactive: 3 of every 4 records.
            assertEquals(Set.of("Q2vYd7LmPa", "k8TzR3wNbE", "Xc5HqJ9uVs"), fetched);
            assertEquals(90, records);
            assertTrue(out.toString().contains("Wrote 90 records"), out.toString());
            final RecordedRequest first = server.takeRequest();
            assertEquals(FakeSaleshandyApi.SEQUENCES_PATH, first.getUrl().encodedPath());
            assertEquals(RIGHT_KEY, first.getHeaders().get("x-api-key"));
        }
    }

    @Test
    void listSequencesPrintsTheDemoAccountsSequencesAsAnAlignedTable() throws Exception {
        final int exit = run("--list-sequences");

        assertEquals(0, exit, err.toString());
        final List<String> lines = out.toString().lines().toList();
        final int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("ID ")).findFirst().orElseThrow());
        assertEquals(List.of("ID", "TITLE", "ACTIVE", "STEPS", "CLIENT"), List.of(lines.get(header).split(" {2,}")));
        final List<List<String>> rows = lines.subList(header + 1, header + 8).stream().map(l -> List.of(l.split(" {2,}"))).toList();
        assertEquals(List.of("Q2vYd7LmPa", "Welcome Campaign", "yes", "3", "-"), rows.get(0));
        assertEquals(List.of("mB4nWf6GtK", "Renewal Reminder", "no", "3", "Acme, Inc."), rows.get(3));
        assertEquals(List.of("Hn6VbY2rMx", "Holiday Promo 2025", "no", "2", "-"), rows.get(4));
        assertEquals(List.of("Ze9KcT4pWj", "Partner Intro", "yes", "1", "Initech"), rows.get(6));
        final int activeColumn = lines.get(header).indexOf("ACTIVE");
        for (final String row : lines.subList(header + 1, header + 8)) {
            assertTrue(row.substring(activeColumn).startsWith("yes ") || row.substring(activeColumn).startsWith("no "), row);
        }
        assertEquals("7 sequences, 5 active", lines.get(header + 8));
        assertTrue(Files.readString(Path.of("..", "README.md")).contains(String.join("\n", lines.subList(header, header + 9))),
                "README.md shows the table as the command prints it");
    }

    @Test
    void optionsOnlyAFetchUsesExitWith2WhenListing() {
        assertEquals(2, run("--list-sequences", "--output", output.toString(), "--start-date", "2026-11-01"));
        assertEquals("error: --list-sequences lists sequences and fetches no statistics: remove --output, --start-date", err.toString().strip());
        assertEquals("", out.toString());
    }

    /** Without a key the demo API is used, at an address of its own: a Base URL typed anyway is an error, not silently ignored. */
    @Test
    void aBaseUrlWithoutAKeyExitsWith2InsteadOfFetchingDemoData() {
        for (final String[] args : List.of(new String[] {"--base-url", "http://example.invalid"}, new String[] {"--base-url", "foo"},
                new String[] {"--list-sequences", "--base-url", "https://open-api.saleshandy.com"})) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);

            final String[] withOutput = args[0].equals("--list-sequences") ? args : Stream.concat(Stream.of(args), Stream.of("--output", output.toString()))
                    .toArray(String[]::new);
            assertEquals(2, run(withOutput), String.join(" ", args));
            assertEquals("error: --base-url needs an API key (--api-key or SALESHANDY_API_KEY): without one the built-in demo API is used, "
                    + "at an address of its own", err.toString().strip());
            assertEquals("", out.toString());
        }
        err.getBuffer().setLength(0);
        assertEquals(2, run("--api-key", "", "--output", output.toString()));
        assertEquals("error: --api-key is empty: give the key, or leave --api-key out to use the built-in demo API", err.toString().strip());
    }

    @Test
    void aBaseUrlThatIsNoUrlWithAKeyKeepsItsOwnMessage() {
        assertEquals(3, run("--api-key", "live-key", "--base-url", "foo", "--output", output.toString()));
        assertTrue(err.toString().startsWith("error: --base-url: Base URL "), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void listSequencesWithAKeyListsFromTheGivenApiAndARejectedKeyExitsWith4() throws Exception {
        try (MockWebServer server = demoApi(50)) {
            final String url = FakeSaleshandyApi.baseUrl(server);
            assertEquals(0, run("--list-sequences", "--api-key", RIGHT_KEY, "--base-url", url), err.toString());
            assertTrue(out.toString().contains("Listing sequences from " + url), out.toString());
            assertTrue(out.toString().contains("7 sequences, 5 active"), out.toString());

            final int exit = run("--list-sequences", "--api-key", "sk-wrong-4f2a9c", "--base-url", url);

            assertEquals(4, exit);
            assertTrue(err.toString().contains("1001: Invalid token"), err.toString());
            assertFalse((out.toString() + err).contains("sk-wrong-4f2a9c"));
        }
    }

    @Test
    void helpOffersListSequencesAndNoLongerRequiresSequenceIds() {
        assertEquals(0, run("--help"));

        final String help = out.toString().replaceAll("\\s+", " ");
        assertTrue(help.contains("--list-sequences Print the account's sequences"), help);
        assertTrue(help.contains("Default with an API key: every active sequence of the account"), help);
        assertFalse(help.contains("no --sequence-ids with an API key"), help);
    }

    @Test
    void aRejectedKeyExitsWith4AndNeverPrintsTheKey() throws Exception {
        try (MockWebServer server = demoApi(50)) {
            final int exit = run("--api-key", "sk-wrong-4f2a9c", "--base-url", FakeSaleshandyApi.baseUrl(server), "--sequence-ids", "Q2vYd7LmPa",
                    "--output", output.toString());

            assertEquals(4, exit);
            assertTrue(err.toString().contains("API key rejected: 1001: Invalid token"), err.toString());
            assertFalse((out.toString() + err.toString()).contains("sk-wrong-4f2a9c"));
        }
    }

    @Test
    void fetchesFromARealApiWithAKey() throws Exception {
        try (MockWebServer server = demoApi(120)) {
            final int exit = run("--api-key", RIGHT_KEY, "--base-url", FakeSaleshandyApi.baseUrl(server), "--sequence-ids", "Q2vYd7LmPa",
                    "--page-size", "10", "--output", output.toString());

            assertEquals(0, exit, err.toString());
            assertTrue(out.toString().contains("Wrote 30 records in 3 files"), out.toString());
        }
    }

    /** The fake API serving a demo data set of {@code size} records, answering only {@link #RIGHT_KEY}. */
    private static MockWebServer demoApi(final int size) throws IOException {
        return FakeSaleshandyApi.demo(DemoDataSet.generate(CLOCK.instant(), size), RIGHT_KEY).start();
    }

    private int run(final String... args) {
        return RunSaleshandyStats.execute(CLOCK, new CountDownLatch(0), new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    /** The files of the one run folder under --output. */
    private List<Path> files() throws Exception {
        final List<Path> runs = runFolders();
        assertEquals(1, runs.size(), runs.toString());
        return list(runs.getFirst());
    }

    private List<Path> runFolders() throws Exception {
        return list(output);
    }

    private static List<Path> list(final Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    private static long csvRecords(final Path file) throws Exception {
        try (var parser = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(Files.newBufferedReader(file))) {
            return parser.stream().count();
        }
    }
}
