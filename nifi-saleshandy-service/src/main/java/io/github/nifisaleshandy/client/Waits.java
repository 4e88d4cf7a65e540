package io.github.nifisaleshandy.client;

import java.time.Duration;

/**
 * How a wait reads in a message: "3 days", "31 years", "90 seconds"; rounded down to its largest whole unit.
 */
final class Waits {

    private static final long MINUTE = 60;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long YEAR = 365 * DAY;

    private Waits() {
    }

    /** "Saleshandy asks to wait 3 days (why), longer than the longest wait of 60 seconds". */
    static String tooLong(final Duration asked, final String why, final Duration longest) {
        return "Saleshandy asks to wait " + describe(asked) + " (" + why + "), longer than the longest wait of " + describe(longest)
                + "; not retrying";
    }

    static String describe(final Duration wait) {
        final long seconds = wait.getSeconds();
        if (seconds >= 2 * YEAR) {
            return seconds / YEAR + " years";
        }
        if (seconds >= 2 * DAY) {
            return seconds / DAY + " days";
        }
        if (seconds >= 2 * HOUR) {
            return seconds / HOUR + " hours";
        }
        if (seconds >= 10 * MINUTE) {
            return seconds / MINUTE + " minutes";
        }
        return seconds == 1 ? "1 second" : seconds + " seconds";
    }
}
