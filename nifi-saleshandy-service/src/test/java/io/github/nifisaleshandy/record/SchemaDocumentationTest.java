package io.github.nifisaleshandy.record;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
        final String usagePage;
        try (InputStream in = getClass().getResourceAsStream("/docs/io.github.nifisaleshandy.processors.GetSaleshandyStats/additionalDetails.md")) {
            usagePage = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertDocumented(format.schema(), schemaDoc, usagePage);
    }

    private static void assertDocumented(final RecordSchema schema, final String... documents) {
        for (final RecordField field : schema.getFields()) {
            for (final String document : documents) {
                assertTrue(document.contains("`" + field.getFieldName() + "`"), "column `" + field.getFieldName() + "` is not documented");
            }
        }
        for (final ApiField field : ApiField.values()) {
            for (final String document : documents) {
                assertTrue(document.contains("| " + field.apiName() + " |"), "API field " + field.apiName() + " has no row");
            }
        }
    }
}
