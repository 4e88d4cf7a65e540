package io.github.nifisaleshandy.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.processors.GetSaleshandyStats;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.nifi.components.PropertyDescriptor;
import org.junit.jupiter.api.Test;

/**
 * The README's properties table must list every property the processor declares, with its default.
 */
class ReadmeTest {

    @Test
    void propertiesTableListsEveryPropertyWithItsDefault() throws Exception {
        final String readme = Files.readString(Path.of("..", "README.md"));
        for (final PropertyDescriptor property : new GetSaleshandyStats().getPropertyDescriptors()) {
            final String row = "| " + property.getName() + " | " + (property.getDefaultValue() == null ? "" : "`" + property.getDefaultValue() + "`");
            assertTrue(readme.contains(row), "README.md has no properties-table row starting with: " + row);
        }
    }
}
