package io.github.nifisaleshandy.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.processors.FetchSaleshandyStats;
import io.github.nifisaleshandy.processors.GetSaleshandyStats;
import io.github.nifisaleshandy.processors.ListSaleshandySequences;
import io.github.nifisaleshandy.processors.StandardSaleshandyConnectionService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.nifi.components.ConfigurableComponent;
import org.apache.nifi.components.PropertyDescriptor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's properties table of each processor and of the connection service, in the section named after it, must
 * list every property the component declares, with its default, and no property it does not declare.
 */
class ReadmeTest {

    private static final String TABLE_HEADER = "| Property | Default | Description |";

    static Stream<ConfigurableComponent> components() {
        return Stream.of(new GetSaleshandyStats(), new FetchSaleshandyStats(), new ListSaleshandySequences(), new StandardSaleshandyConnectionService());
    }

    @ParameterizedTest
    @MethodSource("components")
    void propertiesTableListsEveryPropertyWithItsDefault(final ConfigurableComponent component) throws Exception {
        final String name = component.getClass().getSimpleName();
        final String section = section(Files.readString(Path.of("..", "README.md")), name);
        for (final PropertyDescriptor property : component.getPropertyDescriptors()) {
            final String row = "| " + property.getName() + " | " + (property.getDefaultValue() == null ? "" : "`" + property.getDefaultValue() + "`");
            assertTrue(section.contains(row), "README.md's " + name + " section has no properties-table row starting with: " + row);
        }
    }

    @ParameterizedTest
    @MethodSource("components")
    void propertiesTableListsNoPropertyTheComponentLacks(final ConfigurableComponent component) throws Exception {
        final String name = component.getClass().getSimpleName();
        final Set<String> declared = component.getPropertyDescriptors().stream().map(PropertyDescriptor::getName).collect(Collectors.toSet());
        for (final String row : tableRows(section(Files.readString(Path.of("..", "README.md")), name))) {
            final String property = row.substring(1, row.indexOf('|', 1)).trim();
            assertTrue(declared.contains(property), "README.md's " + name + " section lists '" + property + "', which " + name + " does not declare");
        }
    }

    private static List<String> tableRows(final String section) {
        final int header = section.indexOf(TABLE_HEADER);
        assertTrue(header >= 0, "no properties table (" + TABLE_HEADER + ")");
        final List<String> rows = section.substring(header).lines().skip(2).takeWhile(line -> line.startsWith("|")).toList();
        assertFalse(rows.isEmpty(), "an empty properties table");
        return rows;
    }

    private static String section(final String readme, final String heading) {
        final int start = readme.indexOf("\n## " + heading + "\n");
        assertTrue(start >= 0, "README.md has no section '## " + heading + "'");
        final int end = readme.indexOf("\n## ", start + 1);
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }
}
