package io.github.nifisaleshandy.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DateRulesTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-30", "2023-02-29", "24-11-15", "2024/11/15", "2024-11-15T00:00", "today", ""})
    void rejectsTextThatIsNotARealIsoDay(final String text) {
        final InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> DateRules.parse("Start Date", text));
        assertEquals("Start Date '" + text + "' is not a valid date in YYYY-MM-DD form", e.getMessage());
    }

    @Test
    void acceptsALeapDay() throws Exception {
        assertEquals(LocalDate.of(2024, 2, 29), DateRules.parse("Start Date", "2024-02-29"));
    }

    @Test
    void acceptsAStartExactlyTwoYearsBackButNotADayMore() {
        assertEquals(List.of(), DateRules.problems("Start Date", TODAY.minusYears(2), "End Date", TODAY.minusYears(1), TODAY));

        final LocalDate tooOld = TODAY.minusYears(2).minusDays(1);
        final List<String> problems = DateRules.problems("Start Date", tooOld, "End Date", tooOld.plusMonths(1), TODAY);
        assertEquals(1, problems.size());
        assertTrue(problems.getFirst().startsWith("Start Date " + tooOld + " is more than 2 years before today"));
    }

    @Test
    void rejectsAnEndBeforeTheStart() {
        assertEquals(List.of("End Date " + TODAY.minusDays(2) + " is before Start Date " + TODAY.minusDays(1)),
                DateRules.problems("Start Date", TODAY.minusDays(1), "End Date", TODAY.minusDays(2), TODAY));
    }

    @Test
    void leavesLongSpansToTheWindowSplitter() {
        final LocalDate start = TODAY.minusYears(1).minusMonths(6);
        assertEquals(List.of(), DateRules.problems("Start Date", start, "End Date", start.plusYears(1).plusDays(1), TODAY));
        assertEquals(start.plusYears(1), DateRules.latestEnd(start));
    }
}
