package io.github.nifisaleshandy.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.processors.FetchSaleshandyStats;
import io.github.nifisaleshandy.processors.GetSaleshandyStats;
import io.github.nifisaleshandy.processors.ListSaleshandySequences;
import io.github.nifisaleshandy.processors.StandardSaleshandyConnectionService;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.nifi.components.ConfigurableComponent;
import org.apache.nifi.components.PropertyDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's properties table of each processor and of the connection service, in the section named after it, must
 * list every property the component declares, with its default, and no property it does not declare (the descriptions
 * live in the descriptors, which NiFi shows); every troubleshooting row must quote a message the code prints.
 */
class ReadmeTest {

    private static final String TABLE_HEADER = "| Property | Default |";
    private static final String TROUBLESHOOTING_HEADER = "| You see | Meaning | What to do |";
    private static final Pattern QUOTE = Pattern.compile("`([^`]+)`");
    /** What stands for a value the code inserts into a message: "...", "N", or a number. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\.\\.\\.|\\bN\\b|\\d+");
    private static final int SHORTEST_SEARCHABLE_PART = 8;
    private static final Set<String> NOT_SOURCE_FOLDERS = Set.of("target", ".git", "node_modules", "output");

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
        for (final String row : tableRows(section(Files.readString(Path.of("..", "README.md")), name), TABLE_HEADER)) {
            final String property = row.substring(1, row.indexOf('|', 1)).trim();
            assertTrue(declared.contains(property), "README.md's " + name + " section lists '" + property + "', which " + name + " does not declare");
        }
    }

    /**
     * A user searches for the message they see: each troubleshooting row quotes, in backticks in its first column, what the
     * code prints, with "...", "N" or a number where the code inserts a value. Every literal part between those must occur
     * in a main Java source of some module of the project (any folder's src/main/java, wherever the code moves), and each
     * quote must hold a part long enough to search for.
     */
    @Test
    void everyTroubleshootingRowQuotesAMessageTheCodePrints() throws Exception {
        final String code = mainJavaSources(Path.of(".."));
        for (final String row : tableRows(section(Files.readString(Path.of("..", "README.md")), "Troubleshooting"), TROUBLESHOOTING_HEADER)) {
            final String youSee = row.substring(1, row.indexOf(" | ", 1));
            final Matcher quote = QUOTE.matcher(youSee);
            assertTrue(quote.find(), "a troubleshooting row quotes no message: " + row);
            do {
                final List<String> parts = PLACEHOLDER.splitAsStream(quote.group(1)).map(String::strip).filter(part -> !part.isEmpty()).toList();
                assertTrue(parts.stream().anyMatch(part -> part.length() >= SHORTEST_SEARCHABLE_PART), "nothing to search for in: " + quote.group());
                for (final String part : parts) {
                    assertTrue(code.contains(part), "no main Java source prints '" + part + "', quoted in the troubleshooting row: " + youSee);
                }
            } while (quote.find());
        }
    }

    /** The text of every .java file under a src/main/java folder below {@code root}. */
    private static String mainJavaSources(final Path root) throws IOException {
        final StringBuilder text = new StringBuilder();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(final Path dir, final BasicFileAttributes attributes) {
                return NOT_SOURCE_FOLDERS.contains(String.valueOf(dir.getFileName())) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes) throws IOException {
                if (file.toString().endsWith(".java") && file.toString().replace('\\', '/').contains("/src/main/java/")) {
                    text.append(Files.readString(file)).append('\n');
                }
                return FileVisitResult.CONTINUE;
            }
        });
        assertFalse(text.isEmpty(), "no main Java sources under " + root.toAbsolutePath().normalize());
        return text.toString();
    }

    private static List<String> tableRows(final String section, final String header) {
        final int start = section.indexOf(header);
        assertTrue(start >= 0, "no table (" + header + ")");
        final List<String> rows = section.substring(start).lines().skip(2).takeWhile(line -> line.startsWith("|")).toList();
        assertFalse(rows.isEmpty(), "an empty table (" + header + ")");
        return rows;
    }

    private static String section(final String readme, final String heading) {
        final int start = readme.indexOf("\n## " + heading + "\n");
        assertTrue(start >= 0, "README.md has no section '## " + heading + "'");
        final int end = readme.indexOf("\n## ", start + 1);
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }
}
