package io.github.nifisaleshandy.demo;

import io.github.nifisaleshandy.demo.RunSaleshandyStats.OutputFormat;
import io.github.nifisaleshandy.record.RecordFormat;
import java.util.Locale;
import picocli.CommandLine;

/** The run command's option values that are words a user types: lower case, with a one-line message for anything else. */
final class OptionConverters {

    private OptionConverters() {
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
