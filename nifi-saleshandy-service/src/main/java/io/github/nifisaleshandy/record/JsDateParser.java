package io.github.nifisaleshandy.record;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/** Reads JavaScript {@code Date.toString()} text into an instant, or null; hand-written, since it runs for every timestamp of every record. */
public final class JsDateParser {

    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";
    private static final String WEEKDAYS = "sunmontuewedthufrisat";
    private static final String ZONES = "gmtutc";
    private static final int MAX_OFFSET_HOURS = 18;

    private JsDateParser() {
    }

    public static Instant parse(final CharSequence text) {
        final Scanner in = new Scanner(text);
        in.skipSpaces();
        // The weekday is skipped, not checked: the vendor's own examples carry wrong weekdays.
        if (in.isWord(3, WEEKDAYS) >= 0) {
            in.pos += 3;
            in.spaces();
        }
        final int month = in.word(MONTHS) / 3 + 1;
        in.spaces();
        final int day = in.number(1, 2, 1, 31);
        in.spaces();
        final int year = in.number(4, 4, 0, 9999);
        in.spaces();
        final int hour = in.number(1, 2, 0, 23);
        in.expect(':');
        final int minute = in.number(2, 2, 0, 59);
        in.expect(':');
        final int second = in.number(2, 2, 0, 59);
        in.skipSpaces();
        final int offsetSeconds = in.offsetSeconds();
        if (in.failed || offsetSeconds == Integer.MIN_VALUE || !in.atZoneNameOrEnd() || day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        return Instant.ofEpochSecond(LocalDate.of(year, month, day).toEpochDay() * 86_400 + hour * 3_600L + minute * 60L + second - offsetSeconds);
    }

    /** Reads on past a mismatch, which only sets {@link #failed}, so that {@link #parse} reads as the format it accepts. */
    private static final class Scanner {
        private final CharSequence text;
        private int pos;
        private boolean failed;

        private Scanner(final CharSequence text) {
            this.text = text;
        }

        private boolean skipSpaces() {
            final int start = pos;
            while (pos < text.length() && text.charAt(pos) == ' ') {
                pos++;
            }
            return pos > start;
        }

        private boolean skip(final char expected) {
            if (pos < text.length() && text.charAt(pos) == expected) {
                pos++;
                return true;
            }
            return false;
        }

        private void spaces() {
            failed |= !skipSpaces();
        }

        private void expect(final char expected) {
            failed |= !skip(expected);
        }

        private int word(final String words) {
            final int index = isWord(3, words);
            failed |= index < 0;
            pos += 3;
            return index;
        }

        private int number(final int min, final int max, final int low, final int high) {
            final int value = digits(min, max);
            failed |= value < low || value > high;
            return value;
        }

        /** The index in {@code words} (concatenated, {@code length} letters each, lower case) of the word here, or -1. */
        private int isWord(final int length, final String words) {
            if (pos + length > text.length() || (pos + length < text.length() && Character.isLetter(text.charAt(pos + length)))) {
                return -1;
            }
            for (int start = 0; start < words.length(); start += length) {
                boolean matches = true;
                for (int i = 0; i < length && matches; i++) {
                    matches = Character.toLowerCase(text.charAt(pos + i)) == words.charAt(start + i);
                }
                if (matches) {
                    return start;
                }
            }
            return -1;
        }

        /** A number of {@code min} to {@code max} digits, or -1. */
        private int digits(final int min, final int max) {
            int value = 0;
            int count = 0;
            while (count < max && pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                value = value * 10 + (text.charAt(pos) - '0');
                pos++;
                count++;
            }
            return count >= min ? value : -1;
        }

        /** "GMT", "GMT+5:30", "GMT+0530", "GMT-08:00", "UTC+1" ...: the offset in seconds; MIN_VALUE when malformed. */
        private int offsetSeconds() {
            if (isWord(3, ZONES) < 0) {
                return Integer.MIN_VALUE;
            }
            pos += 3;
            if (pos >= text.length() || (text.charAt(pos) != '+' && text.charAt(pos) != '-')) {
                return 0;
            }
            final int sign = text.charAt(pos++) == '-' ? -1 : 1;
            final int digitsStart = pos;
            final int run = digits(1, 4);
            if (run < 0) {
                return Integer.MIN_VALUE;
            }
            final int runLength = pos - digitsStart;
            final int hours;
            int minutes = 0;
            if (runLength <= 2) {
                hours = run;
                if (skip(':')) {
                    minutes = digits(2, 2);
                }
            } else if (runLength == 4) {
                hours = run / 100;
                minutes = run % 100;
            } else {
                return Integer.MIN_VALUE;
            }
            if (hours > MAX_OFFSET_HOURS || minutes < 0 || minutes > 59) {
                return Integer.MIN_VALUE;
            }
            return sign * (hours * 3_600 + minutes * 60);
        }

        /** Only spaces and an optional "(zone name)" may follow. */
        private boolean atZoneNameOrEnd() {
            skipSpaces();
            if (skip('(')) {
                while (pos < text.length() && text.charAt(pos) != ')') {
                    pos++;
                }
                if (!skip(')')) {
                    return false;
                }
                skipSpaces();
            }
            return pos == text.length();
        }
    }
}
