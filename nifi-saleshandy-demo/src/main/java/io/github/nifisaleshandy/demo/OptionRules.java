package io.github.nifisaleshandy.demo;

import io.github.nifisaleshandy.demo.RunSaleshandyStats.OutputFormat;
import io.github.nifisaleshandy.service.RecordFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The run command's rules for what a user types. Which options go together: an option typed where the command would not
 * use it is an error (exit 2), never ignored. The demo serves no other option than --port, listing fetches no statistics,
 * and --base-url names an API only a key can use. Options whose values are words: lower case, with a one-line message for
 * anything else.
 */
final class OptionRules {

    private static final List<String> FETCH_ONLY = List.of("--sequence-ids", "--start-date", "--end-date", "--page-size", "--record-format",
            "--output-format", "--max-pages", "--output");

    private OptionRules() {
    }

    /** The one-line reason why the typed options do not go together, or empty; {@code keyGiven}: --api-key or SALESHANDY_API_KEY holds a key. */
    static Optional<String> problem(final ParseResult parsed, final boolean keyGiven) {
        final List<String> typed = parsed.matchedOptions().stream().map(OptionSpec::longestName).distinct().toList();
        final Integer port = parsed.matchedOptionValue("--port", null);
        if (port != null && (port < 0 || port > 65535)) {
            return Optional.of("--port: " + port + " is not a port, 0 to 65535");
        }
        if (typed.contains("--serve-demo-api")) {
            final List<String> others = typed.stream().filter(name -> !name.equals("--serve-demo-api") && !name.equals("--port")).toList();
            return others.isEmpty() ? Optional.empty()
                    : Optional.of("--serve-demo-api serves the demo API with its own key and data, and takes no option but --port: remove "
                    + String.join(", ", others));
        }
        if (typed.contains("--port")) {
            return Optional.of("--port is the port of --serve-demo-api: add --serve-demo-api, or remove --port");
        }
        if (typed.contains("--list-sequences")) {
            final List<String> fetchOnly = typed.stream().filter(FETCH_ONLY::contains).toList();
            if (!fetchOnly.isEmpty()) {
                return Optional.of("--list-sequences lists sequences and fetches no statistics: remove " + String.join(", ", fetchOnly));
            }
        }
        if (typed.contains("--api-key") && !keyGiven) {
            return Optional.of("--api-key is empty: give the key, or leave --api-key out to use the built-in demo API");
        }
        if (typed.contains("--base-url") && !keyGiven) {
            return Optional.of("--base-url needs an API key (--api-key or SALESHANDY_API_KEY): without one the built-in demo API is used,"
                    + " at an address of its own");
        }
        return Optional.empty();
    }

    static final class RecordFormatConverter implements CommandLine.ITypeConverter<RecordFormat> {
        @Override
        public RecordFormat convert(final String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "normalized" -> RecordFormat.NORMALIZED;
                case "normalized-flat" -> RecordFormat.NORMALIZED_FLAT;
                case "as-returned" -> RecordFormat.AS_RETURNED;
                default -> throw new CommandLine.TypeConversionException("'" + value + "' is not normalized, normalized-flat or as-returned");
            };
        }
    }

    static final class OutputFormatConverter implements CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(final String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "json" -> OutputFormat.JSON;
                case "csv" -> OutputFormat.CSV;
                default -> throw new CommandLine.TypeConversionException("'" + value + "' is not json or csv");
            };
        }
    }
}
