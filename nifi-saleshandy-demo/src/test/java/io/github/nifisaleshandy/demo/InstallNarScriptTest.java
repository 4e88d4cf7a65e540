package io.github.nifisaleshandy.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/install-nar.sh against fake NiFi installations.
 */
class InstallNarScriptTest {

    private static final Path SCRIPT = Path.of("..", "scripts", "install-nar.sh").toAbsolutePath().normalize();

    @TempDir
    Path temp;

    private Path nar;

    @BeforeEach
    void fakeNar() throws IOException {
        nar = Files.writeString(temp.resolve("nifi-saleshandy-nar-9.9.9.nar"), "not really a NAR");
        Files.writeString(temp.resolve("nifi-saleshandy-service-api-nar-9.9.9.nar"), "not really the API NAR either");
    }

    @Test
    void copiesTheNarIntoExtensionsOfANiFi2Installation() throws Exception {
        final Path home = fakeNiFi("nifi-runtime-2.8.0.jar", "nifi-api-2.6.0.jar");

        final Result result = run(home.toString());

        assertEquals(0, result.exit, result.output);
        assertTrue(Files.exists(home.resolve("extensions/nifi-saleshandy-nar-9.9.9.nar")));
        assertTrue(Files.exists(home.resolve("extensions/nifi-saleshandy-service-api-nar-9.9.9.nar")), "nifi-saleshandy-nar's parent too");
        assertTrue(result.output.contains("(NiFi 2.8.0)"), result.output);
        assertTrue(result.output.contains("search for 'GetSaleshandyStats'"), result.output);
    }

    @Test
    void refusesNiFi1() throws Exception {
        final Path home = fakeNiFi("nifi-runtime-1.28.1.jar");

        final Result result = run(home.toString());

        assertEquals(3, result.exit);
        assertTrue(result.output.contains("NiFi 1.28.1 found; this NAR needs NiFi 2.x"), result.output);
        assertFalse(Files.exists(home.resolve("extensions")));
    }

    @Test
    void refusesAFolderThatIsNotNiFi() throws Exception {
        final Result result = run(temp.resolve("nowhere").toString());

        assertEquals(3, result.exit);
        assertTrue(result.output.contains("does not look like a NiFi installation"), result.output);
    }

    @Test
    void explainsItsUsage() throws Exception {
        final Result result = run();

        assertEquals(2, result.exit);
        assertTrue(result.output.startsWith("Usage: "), result.output);
    }

    private Path fakeNiFi(final String... libJars) throws IOException {
        final Path home = Files.createDirectories(temp.resolve("nifi"));
        Files.createDirectories(home.resolve("lib"));
        for (final String jar : libJars) {
            Files.createFile(home.resolve("lib").resolve(jar));
        }
        return home;
    }

    private Result run(final String... args) throws Exception {
        final List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString()));
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SALESHANDY_NAR", nar.toString());
        final Process process = builder.start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output);
    }

    private record Result(int exit, String output) {
    }
}
