package io.github.nifisaleshandy.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Not a measurement: proves the suite still starts and produces every section, with tiny sizes.
 */
class BenchmarkSuiteSmokeTest {

    @Test
    void quickRunProducesEverySection() throws Exception {
        final ByteArrayOutputStream report = new ByteArrayOutputStream();

        BenchmarkSuite.run(BenchmarkSuite.Sizes.QUICK, new PrintStream(report, true, StandardCharsets.UTF_8));

        final String text = report.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("| Floor: Jackson streaming parse + re-serialize | "), text);
        assertTrue(text.contains("| Normalized + NiFi JsonRecordSetWriter | "), text);
        assertTrue(text.matches("(?s).*\\| 8 \\| 8 \\(default\\) \\| \\d+ \\| \\d+ \\| \\d+ \\| [\\d.]+x \\| \\d+ \\| [\\d.]+x \\|.*"), text);
        assertTrue(text.matches("(?s).*\\| 8 \\| 2 \\| \\d+ \\| \\d+ \\| \\d+ \\| [\\d.]+x \\| - \\| - \\|.*"), text);
        assertTrue(text.contains("| 2,000 | "), text);
        assertTrue(text.contains("| sent | "), text);
        assertTrue(text.contains("| not sent | "), text);
        assertTrue(text.matches("(?s).*\\| 5 \\| 5 \\| 8 \\| \\d+ \\(\\d+-\\d+\\) \\| \\d+ \\| \\d+ \\| \\d+ \\(\\d+-\\d+\\) \\|.*"), text);
        assertTrue(text.contains("| 2 | 1 s | "), text);
        assertTrue(text.contains("| 2 | none | "), text);
        assertTrue(text.matches("(?s).*\\| 5 \\| first, fresh processor \\| \\d+ \\(\\d+\\) \\| \\d+ \\|.*"), text);
        assertTrue(text.contains("| 0 | second, same processor | "), text);
    }
}
