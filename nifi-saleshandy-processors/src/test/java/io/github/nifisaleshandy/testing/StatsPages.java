package io.github.nifisaleshandy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/**
 * Builds consolidated-stats response bodies in the API's exact shape, with records numbered across pages.
 */
public final class StatsPages {

    private StatsPages() {
    }

    /** A page holding records {@code first .. first + count - 1}. */
    public static String page(final int pageNumber, final int first, final int count, final boolean hasMore) {
        final StringJoiner records = new StringJoiner(",\n", "[\n", "\n]");
        for (int i = first; i < first + count; i++) {
            records.add(record(i));
        }
        return envelope(records.toString(), hasMore, hasMore ? pageNumber + 1 : 1);
    }

    public static String envelope(final String dataArray, final boolean hasMore, final int nextPageNumber) {
        return "{\"message\":\"Sequence prospects & emails stats fetched successfully\",\"payload\":{\"data\":" + dataArray
                + ",\"hasMore\":" + hasMore + ",\"nextPageNumber\":" + nextPageNumber + "}}";
    }

    public static String record(final int i) {
        return """
                {"Sequence Title":"Campaign %1$d","Sequence Owner":"Owner %1$d","Step Number":%2$d,"Sender Email":"sender%1$d@example.com",\
                "Recipient Email":"recipient%1$d@example.com","Recipient name":"Recipient %1$d",\
                "Email Sent At":"Wed Dec 18 2024 10:59:29 GMT+0530 (India Standard Time)","Open Count":%3$d,\
                "Last Opened At":"Thu Dec 19 2024 12:04:40 GMT+5:30 (Asia/Kolkata)","Replied":"%4$s","Replied At":"","Conversation Id":"",\
                "Current Sentiment":"Neutral","Click Count":%5$d,"Last Clicked At":"","Last Link Clicked":"","Bounced":"No","Bounced At":"",\
                "Unsubscribed":"No","Deleted":"No","Sequence Id":"seq%6$d","Client":{}}""".formatted(
                i, 1 + i % 3, i % 7, i % 2 == 0 ? "Yes" : "No", i % 5, i % 4);
    }

    public static String resource(final String name) {
        try (InputStream in = StatsPages.class.getResourceAsStream("/pages/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No test resource /pages/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
