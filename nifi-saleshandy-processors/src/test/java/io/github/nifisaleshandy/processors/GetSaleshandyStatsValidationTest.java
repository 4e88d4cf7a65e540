package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.query.DateRangeMode;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.util.MockProcessContext;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every rule of the API is enforced before the processor can start; dates are relative to today so the tests don't rot.
 */
class GetSaleshandyStatsValidationTest {

    private static final Clock CLOCK = StatsRunners.NOW;
    private static final LocalDate TODAY = StatsRunners.today(CLOCK);

    private TestRunner runner;

    @BeforeEach
    void setUp() {
        runner = StatsRunners.withoutServer(CLOCK, new RecordingSleeper());
        runner.setIncomingConnection(true);
        runner.setProperty(SaleshandyProperties.SEQUENCE_IDS, "a,b");
        runner.setProperty(SaleshandyProperties.START_DATE, TODAY.minusDays(7).toString());
        runner.removeProperty(SaleshandyProperties.RECORD_FORMAT);
    }

    @Test
    void aMinimalConfigurationIsValid() {
        runner.assertValid();
    }

    @Test
    void startMayBeExactlyTwoYearsBack() {
        runner.setProperty(SaleshandyProperties.START_DATE, TODAY.minusYears(2).toString());
        runner.setProperty(SaleshandyProperties.END_DATE, TODAY.minusYears(1).toString());
        runner.assertValid();
    }

    @Test
    void rejectsAStartOlderThanTwoYears() {
        runner.setProperty(SaleshandyProperties.START_DATE, TODAY.minusYears(2).minusDays(1).toString());
        runner.setProperty(SaleshandyProperties.END_DATE, TODAY.minusYears(2).plusMonths(1).toString());
        assertInvalid("Start Date", "is more than 2 years before today");
    }

    @Test
    void rejectsAnUnparseableStartDate() {
        runner.setProperty(SaleshandyProperties.START_DATE, "15/11/2024");
        assertInvalid("Start Date", "'15/11/2024' is not a valid date in YYYY-MM-DD form");
    }

    @Test
    void rejectsAnUnparseableEndDate() {
        runner.setProperty(SaleshandyProperties.END_DATE, "2024-02-30");
        assertInvalid("End Date", "'2024-02-30' is not a valid date in YYYY-MM-DD form");
    }

    @Test
    void rejectsAnEndBeforeTheStart() {
        runner.setProperty(SaleshandyProperties.END_DATE, TODAY.minusDays(8).toString());
        assertInvalid("End Date", "is before Start Date");
    }

    @Test
    void acceptsARangeLongerThanAYearBecauseItIsSplit() {
        runner.setProperty(SaleshandyProperties.START_DATE, TODAY.minusYears(2).toString());
        runner.setProperty(SaleshandyProperties.END_DATE, TODAY.toString());
        runner.assertValid();
    }

    @Test
    void anEmptyEndDateMeansTodayAndIsCheckedAgainstTheStart() {
        runner.setProperty(SaleshandyProperties.START_DATE, TODAY.plusDays(1).toString());
        assertInvalid("End Date", "End Date " + TODAY + " is before Start Date " + TODAY.plusDays(1));
    }

    @Test
    void todayFollowsTheTimeZone() {
        runner.setProperty(SaleshandyProperties.START_DATE, TODAY.minusYears(2).toString());
        runner.setProperty(SaleshandyProperties.END_DATE, TODAY.minusYears(1).toString());
        runner.setProperty(SaleshandyProperties.TIME_ZONE, "Pacific/Kiritimati");
        final boolean kiritimatiIsAlreadyTomorrow = !LocalDate.now(CLOCK.withZone(java.time.ZoneId.of("Pacific/Kiritimati"))).equals(TODAY);
        if (kiritimatiIsAlreadyTomorrow) {
            assertInvalid("Start Date", "is more than 2 years before today");
        } else {
            runner.assertValid();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mars/Olympus", "GMT+25", ""})
    void rejectsAnUnknownTimeZone(final String zone) {
        runner.setProperty(SaleshandyProperties.TIME_ZONE, zone);
        runner.assertNotValid();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 days", "36 hours", "seven days", "-1 days"})
    void rejectsAWindowLengthThatIsNotWholeDays(final String length) {
        runner.setProperty(SaleshandyProperties.DATE_RANGE, DateRangeMode.ROLLING_WINDOW);
        runner.setProperty(SaleshandyProperties.WINDOW_LENGTH, length);
        runner.assertNotValid();
    }

    @Test
    void incrementalNeedsAnInitialStartDateButNoFixedDates() {
        runner.setProperty(SaleshandyProperties.DATE_RANGE, DateRangeMode.INCREMENTAL);
        runner.removeProperty(SaleshandyProperties.START_DATE);
        runner.assertNotValid();
        runner.setProperty(SaleshandyProperties.INITIAL_START_DATE, TODAY.minusYears(5).toString());
        runner.assertValid();
        runner.setProperty(SaleshandyProperties.OVERLAP, "12 hours");
        runner.assertNotValid();
    }

    @ParameterizedTest
    @ValueSource(strings = {"9", "501", "0", "-1", "abc"})
    void rejectsAPageSizeOutsideTenToFiveHundred(final String pageSize) {
        runner.setProperty(SaleshandyProperties.PAGE_SIZE, pageSize);
        runner.assertNotValid();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "500"})
    void acceptsTheEdgesOfThePageSizeRange(final String pageSize) {
        runner.setProperty(SaleshandyProperties.PAGE_SIZE, pageSize);
        runner.assertValid();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a,,b", " , "})
    void rejectsEmptySequenceIds(final String ids) {
        runner.setProperty(SaleshandyProperties.SEQUENCE_IDS, ids);
        assertInvalid("Sequence IDs", "Sequence IDs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://open-api.saleshandy.com", "http://10.0.0.8:8080", "ftp://open-api.saleshandy.com", "open-api.saleshandy.com",
        "https://user:pw@open-api.saleshandy.com", "https://open-api.saleshandy.com?key=1"})
    void rejectsABaseUrlThatIsNotHttpsToARemoteHost(final String url) {
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.BASE_URL, url);
        assertInvalid("Base URL", "Base URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://user:s3cr3t-pw@open-api.saleshandy.com", "https://s3cr3t-pw@open-api.saleshandy.com/v1",
        "https://open-api.saleshandy.com/?api_key=s3cr3t-pw", "https://open-api.saleshandy.com/#s3cr3t-pw", "https://user:s3cr3t pw@host"})
    void rejectsUserInfoOrAQueryWithoutEchoingTheSecretPart(final String url) {
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.BASE_URL, url);

        final List<ValidationResult> invalid = StatsRunners.problems(runner);
        assertEquals(1, invalid.size(), invalid.toString());
        assertEquals("Base URL", invalid.getFirst().getSubject());
        assertFalse(invalid.getFirst().toString().contains("s3cr3t"), invalid.getFirst().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://open-api.saleshandy.com", "https://eu.example.com:8443/", "http://localhost:8080", "http://127.0.0.1:1234",
        "http://[::1]:9000"})
    void acceptsHttpsAnywhereAndHttpOnLoopback(final String url) {
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.BASE_URL, url);
        runner.assertValid();
    }

    @Test
    void leavesExpressionLanguageToRunTime() {
        runner.setProperty(SaleshandyProperties.SEQUENCE_IDS, "${ids}");
        runner.setProperty(SaleshandyProperties.START_DATE, "${start}");
        runner.setProperty(SaleshandyProperties.END_DATE, "${now():format('yyyy-MM-dd')}");
        runner.assertValid();
    }

    private void assertInvalid(final String property, final String expected) {
        final Collection<ValidationResult> results = StatsRunners.problems(runner);
        final String invalid = results.stream().filter(r -> !r.isValid()).map(ValidationResult::toString).collect(Collectors.joining("\n"));
        assertTrue(results.stream().anyMatch(r -> !r.isValid() && r.getSubject().equals(property) && r.getExplanation().contains(expected)),
                "expected '" + property + "' to be invalid because of '" + expected + "', got:\n" + invalid);
        assertEquals(false, invalid.isEmpty());
    }
}
