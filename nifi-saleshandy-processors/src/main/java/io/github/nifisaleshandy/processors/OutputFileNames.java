package io.github.nifisaleshandy.processors;

import io.github.nifisaleshandy.query.DateWindow;
import java.util.Locale;

/**
 * Names output FlowFiles after what they hold, so that PutFile or PutS3Object write self-describing files.
 */
final class OutputFileNames {

    private OutputFileNames() {
    }

    static String of(final DateWindow window, final int pageNumber, final String mimeType) {
        return "saleshandy-stats_%s_%s_page-%04d%s".formatted(window.start(), window.end(), pageNumber, extension(mimeType));
    }

    private static String extension(final String mimeType) {
        final String type = mimeType == null ? "" : mimeType.toLowerCase(Locale.ROOT);
        if (type.contains("json")) {
            return ".json";
        }
        if (type.contains("csv")) {
            return ".csv";
        }
        if (type.contains("avro")) {
            return ".avro";
        }
        if (type.contains("parquet")) {
            return ".parquet";
        }
        if (type.contains("xml")) {
            return ".xml";
        }
        return "";
    }
}
