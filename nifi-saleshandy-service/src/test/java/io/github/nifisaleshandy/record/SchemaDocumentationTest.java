package io.github.nifisaleshandy.record;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.service.RecordFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.nifi.serialization.record.RecordField;
import org.apache.nifi.serialization.record.RecordSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The schema tables in docs/SCHEMA.md and in NiFi's usage page must name every column the code writes.
 */
class SchemaDocumentationTest {

    @ParameterizedTest
    @EnumSource(RecordFormat.class)
    void everyColumnIsDocumented(final RecordFormat format) throws Exception {
        final String schemaDoc = Files.readString(Path.of("..", "docs", "SCHEMA.md"));
        // The processors' usage page, read from the source tree: it ships in the processors' jar, not this module's.
        final String usagePage = Files.readString(Path.of("..", "nifi-saleshandy-processors", "src", "main", "resources", "docs",
                "io.github.nifisaleshandy.processors.GetSaleshandyStats", "additionalDetails.md"));
        assertDocumented(StatsSchemas.of(format), schemaDoc, usagePage);
    }

    private static void assertDocumented(final RecordSchema schema, final String... documents) {
        for (final RecordField field : schema.getFields()) {
            for (final String document : documents) {
                assertTrue(document.contains("`" + field.getFieldName() + "`"), "column `" + field.getFieldName() + "` is not documented");
            }
        }
        for (final ApiField field : ApiField.values()) {
            for (final String document : documents) {
                assertTrue(document.contains("| " + field.apiName + " |"), "API field " + field.apiName + " has no row");
            }
        }
    }
}
