package io.github.nifisaleshandy.query;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a range of days into consecutive windows that each obey the API's span rule (end at most 1 year after start),
 * with no gap and no overlap between them.
 */
public final class DateWindows {

    private DateWindows() {
    }

    public static List<DateWindow> split(final DateWindow range) {
        if (range.end().isBefore(range.start())) {
            throw new IllegalArgumentException("Range ends before it starts: " + range);
        }
        final List<DateWindow> windows = new ArrayList<>();
        DateWindow remaining = range;
        while (remaining.end().isAfter(DateRules.latestEnd(remaining.start()))) {
            final DateWindow window = new DateWindow(remaining.start(), DateRules.latestEnd(remaining.start()));
            windows.add(window);
            remaining = new DateWindow(window.end().plusDays(1), remaining.end());
        }
        windows.add(remaining);
        return windows;
    }
}
