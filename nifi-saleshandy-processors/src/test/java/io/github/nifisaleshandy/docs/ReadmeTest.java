package io.github.nifisaleshandy.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.processors.GetSaleshandyStats;
import io.github.nifisaleshandy.processors.ListSaleshandySequences;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.processor.AbstractProcessor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's properties table of each processor, in that processor's own section, must list every property the
 * processor declares, with its default.
 */
class ReadmeTest {

    static Stream<AbstractProcessor> processors() {
        return Stream.of(new GetSaleshandyStats(), new ListSaleshandySequences());
    }

    @ParameterizedTest
    @MethodSource("processors")
    void propertiesTableListsEveryPropertyWithItsDefault(final AbstractProcessor processor) throws Exception {
        final String name = processor.getClass().getSimpleName();
        final String section = section(Files.readString(Path.of("..", "README.md")), name);
        for (final PropertyDescriptor property : processor.getPropertyDescriptors()) {
            final String row = "| " + property.getName() + " | " + (property.getDefaultValue() == null ? "" : "`" + property.getDefaultValue() + "`");
            assertTrue(section.contains(row), "README.md's " + name + " section has no properties-table row starting with: " + row);
        }
    }

    private static String section(final String readme, final String processorName) {
        final String heading = "\n## " + processorName + "\n";
        final int start = readme.indexOf(heading);
        assertTrue(start >= 0, "README.md has no section " + heading.strip());
        final int end = readme.indexOf("\n## ", start + heading.length());
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }
}
