package io.github.nifisaleshandy.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.processors.FetchSaleshandyStats;
import io.github.nifisaleshandy.processors.GetSaleshandyStats;
import io.github.nifisaleshandy.processors.ListSaleshandySequences;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.processor.Processor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's properties table of each processor, in the section named after it, must list every property the
 * processor declares, with its default.
 */
class ReadmeTest {

    static Stream<Processor> processors() {
        return Stream.of(new GetSaleshandyStats(), new FetchSaleshandyStats(), new ListSaleshandySequences());
    }

    @ParameterizedTest
    @MethodSource("processors")
    void propertiesTableListsEveryPropertyWithItsDefault(final Processor processor) throws Exception {
        final String section = section(Files.readString(Path.of("..", "README.md")), processor.getClass().getSimpleName());
        for (final PropertyDescriptor property : processor.getPropertyDescriptors()) {
            final String row = "| " + property.getName() + " | " + (property.getDefaultValue() == null ? "" : "`" + property.getDefaultValue() + "`");
            assertTrue(section.contains(row), "README.md's " + processor.getClass().getSimpleName() + " section has no properties-table row "
                    + "starting with: " + row);
        }
    }

    private static String section(final String readme, final String heading) {
        final int start = readme.indexOf("\n## " + heading + "\n");
        assertTrue(start >= 0, "README.md has no section '## " + heading + "'");
        final int end = readme.indexOf("\n## ", start + 1);
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }
}
