package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.processors.SaleshandyValidators.InvalidValueException;
import io.github.nifisaleshandy.service.DateWindow;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What makes a stats processor invalid, in the words a user reads, and the API's rules behind it: dates, windows and
 * lists of IDs, checked on literal values when validating and on Expression Language values when a run reads them.
 */
class ValidationTest {

    private static final LocalDate TODAY = Fixture.today();

    private final TestRunner runner = Fixture.scheduled().runner;

    @BeforeEach
    void setUp() {
        runner.setProperty(SaleshandyProperties.START_DATE, TODAY.minusDays(7).toString());
        runner.removeProperty(SaleshandyProperties.RECORD_FORMAT);
    }

    @Test
    void aMinimalConfigurationIsValid() {
        runner.assertValid();
    }

    @Test
    void startMayBeExactlyTwoYearsBackButNotADayMore() {
        runner.setProperty(SaleshandyProperties.START_DATE, TODAY.minusYears(2).toString());
        runner.setProperty(SaleshandyProperties.END_DATE, TODAY.minusYears(1).toString());
        runner.assertValid();

        runner.setProperty(SaleshandyProperties.START_DATE, TODAY.minusYears(2).minusDays(1).toString());
        assertInvalid("Start Date", "is more than 2 years before today");
    }

    @Test
    void rejectsUnparseableDates() {
        runner.setProperty(SaleshandyProperties.START_DATE, "15/11/2024");
        assertInvalid("Start Date", "'15/11/2024' is not a valid date in YYYY-MM-DD form");
        runner.setProperty(SaleshandyProperties.START_DATE, TODAY.minusDays(7).toString());
        runner.setProperty(SaleshandyProperties.END_DATE, "2024-02-30");
        assertInvalid("End Date", "'2024-02-30' is not a valid date in YYYY-MM-DD form");
    }

    @Test
    void rejectsAnEndBeforeTheStartAndAnEmptyEndMeansToday() {
        runner.setProperty(SaleshandyProperties.END_DATE, TODAY.minusDays(8).toString());
        assertInvalid("End Date", "is before Start Date");
        runner.removeProperty(SaleshandyProperties.END_DATE);
        runner.setProperty(SaleshandyProperties.START_DATE, TODAY.plusDays(1).toString());
        assertInvalid("End Date", "End Date " + TODAY + " is before Start Date " + TODAY.plusDays(1));
    }

    @Test
    void acceptsARangeLongerThanAYearBecauseItIsSplit() {
        runner.setProperty(SaleshandyProperties.START_DATE, TODAY.minusYears(2).toString());
        runner.setProperty(SaleshandyProperties.END_DATE, TODAY.toString());
        runner.assertValid();
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
    @ValueSource(strings = {"a,,b", " , ", "a\u0000b"})
    void rejectsBrokenSequenceIds(final String ids) {
        runner.setProperty(SaleshandyProperties.SEQUENCE_IDS, ids);
        assertInvalid("Sequence IDs", "Sequence IDs");
    }

    @Test
    void leavesExpressionLanguageToRunTime() {
        runner.setProperty(SaleshandyProperties.SEQUENCE_IDS, "${ids}");
        runner.setProperty(SaleshandyProperties.START_DATE, "${start}");
        runner.setProperty(SaleshandyProperties.END_DATE, "${now():format('yyyy-MM-dd')}");
        runner.assertValid();
    }

    @Test
    void needsAnEnabledConnectionService() {
        runner.removeProperty(SaleshandyProperties.CONNECTION);
        runner.assertNotValid();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a,b,c", "a, b, c", " a b\tc ", "a,\nb\n c", "a,b,a,c,b"})
    void sequenceIdsSplitOnCommasAndWhitespaceKeepingOrderWithoutDuplicates(final String value) throws Exception {
        assertEquals(List.of("a", "b", "c"), SaleshandyValidators.sequenceIds(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n"})
    void sequenceIdsNameAtLeastOneId(final String value) {
        final InvalidValueException e = assertThrows(InvalidValueException.class, () -> SaleshandyValidators.sequenceIds(value));
        assertEquals("Sequence IDs must name at least one sequence ID", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-30", "2023-02-29", "24-11-15", "2024/11/15", "2024-11-15T00:00", "today", ""})
    void datesAreRealIsoDays(final String text) {
        final InvalidValueException e = assertThrows(InvalidValueException.class, () -> StatsQueryResolver.parseDate("Start Date", text));
        assertEquals("Start Date '" + text + "' is not a valid date in YYYY-MM-DD form", e.getMessage());
    }

    @Test
    void windowsCoverEveryDayOnceInSpansOfAtMostAYear() {
        assertEquals(List.of(window("2024-03-10", "2025-03-10")), StatsQueryResolver.split(LocalDate.parse("2024-03-10"), LocalDate.parse("2025-03-10")));
        assertEquals(List.of(window("2024-03-10", "2025-03-10"), window("2025-03-11", "2025-03-11")),
                StatsQueryResolver.split(LocalDate.parse("2024-03-10"), LocalDate.parse("2025-03-11")));
        assertEquals(List.of(window("2024-02-29", "2025-02-28"), window("2025-03-01", "2025-06-01")),
                StatsQueryResolver.split(LocalDate.parse("2024-02-29"), LocalDate.parse("2025-06-01")));
        assertEquals(List.of(window("2024-06-01", "2024-06-01")), StatsQueryResolver.split(LocalDate.parse("2024-06-01"), LocalDate.parse("2024-06-01")));
        final List<DateWindow> twoYears = StatsQueryResolver.split(LocalDate.parse("2023-01-01"), LocalDate.parse("2024-12-31"));
        long days = 0;
        for (int i = 0; i < twoYears.size(); i++) {
            days += twoYears.get(i).end().toEpochDay() - twoYears.get(i).start().toEpochDay() + 1;
            if (i > 0) {
                assertEquals(twoYears.get(i - 1).end().plusDays(1), twoYears.get(i).start());
            }
        }
        assertEquals(LocalDate.parse("2024-12-31").toEpochDay() - LocalDate.parse("2023-01-01").toEpochDay() + 1, days);
    }

    private void assertInvalid(final String property, final String expected) {
        final Collection<ValidationResult> results = runner.validate();
        final String invalid = results.stream().filter(r -> !r.isValid()).map(ValidationResult::toString).collect(Collectors.joining("\n"));
        assertTrue(results.stream().anyMatch(r -> !r.isValid() && r.getSubject().equals(property) && r.getExplanation().contains(expected)),
                "expected '" + property + "' to be invalid because of '" + expected + "', got:\n" + invalid);
    }

    private static DateWindow window(final String start, final String end) {
        return new DateWindow(LocalDate.parse(start), LocalDate.parse(end));
    }
}
