package io.github.nifisaleshandy.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DateWindowsTest {

    @Test
    void keepsARangeOfExactlyOneYearWhole() {
        final DateWindow range = window("2024-03-01", "2025-03-01");
        assertEquals(List.of(range), DateWindows.split(range));
    }

    @Test
    void splitsOneYearAndOneDayIntoTwoWindowsWithoutGapOrOverlap() {
        assertEquals(List.of(window("2024-03-01", "2025-03-01"), window("2025-03-02", "2025-03-02")),
                DateWindows.split(window("2024-03-01", "2025-03-02")));
    }

    @Test
    void coversTwoYearsInOrder() {
        final List<DateWindow> windows = DateWindows.split(window("2024-11-26", "2026-11-26"));

        assertEquals(List.of(window("2024-11-26", "2025-11-26"), window("2025-11-27", "2026-11-26")), windows);
    }

    @Test
    void aLeapDayStartEndsItsYearOnTheLastDayOfFebruary() {
        assertEquals(List.of(window("2024-02-29", "2025-02-28"), window("2025-03-01", "2025-06-30")),
                DateWindows.split(window("2024-02-29", "2025-06-30")));
    }

    @Test
    void aRangeThroughALeapDayIsNotSplitEarly() {
        assertEquals(List.of(window("2023-03-01", "2024-03-01")), DateWindows.split(window("2023-03-01", "2024-03-01")));
    }

    @Test
    void aSingleDayIsOneWindow() {
        assertEquals(List.of(window("2026-01-01", "2026-01-01")), DateWindows.split(window("2026-01-01", "2026-01-01")));
    }

    @Test
    void everyDayIsCoveredExactlyOnce() {
        final DateWindow range = window("2020-01-15", "2026-07-04");
        LocalDate expectedNext = range.start();
        for (final DateWindow window : DateWindows.split(range)) {
            assertEquals(expectedNext, window.start());
            assertEquals(true, !window.end().isAfter(window.start().plusYears(1)));
            expectedNext = window.end().plusDays(1);
        }
        assertEquals(range.end().plusDays(1), expectedNext);
    }

    private static DateWindow window(final String start, final String end) {
        return new DateWindow(LocalDate.parse(start), LocalDate.parse(end));
    }
}
