package io.github.nifisaleshandy.processors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.nifisaleshandy.client.Sleeper;
import io.github.nifisaleshandy.testing.RecordingSleeper;
import java.time.Clock;
import mockwebserver3.MockWebServer;
import org.apache.nifi.util.TestRunner;
import org.junit.jupiter.api.AutoClose;

/**
 * The fields a processor test works with, made once: the frozen clock {@link StatsRunners#NOW}, a recording sleeper, a
 * started MockWebServer (closed after each test) and a runner from {@link StatsRunners} against it, configured with
 * {@link #KEY}; plus a JSON mapper. A test class extends it and names the runner it drives in its constructor.
 */
abstract class StatsFixture {

    /** A key shaped like a live one, so that a leak of it would be noticed. */
    static final String KEY = "sh-live-7Qz9xK2mP4";
    static final Clock CLOCK = StatsRunners.NOW;

    /** How a runner against the fixture's server is made: {@code StatsRunners::scheduled}, {@code ::fetching}, {@code ::listing}. */
    @FunctionalInterface
    interface RunnerKind {
        TestRunner create(MockWebServer server, Clock clock, Sleeper sleeper);
    }

    final ObjectMapper mapper = new ObjectMapper();
    final RecordingSleeper sleeper = new RecordingSleeper();
    @AutoClose
    final MockWebServer server = StatsRunners.startedServer();
    final TestRunner runner;

    StatsFixture(final RunnerKind kind) {
        runner = kind.create(server, CLOCK, sleeper);
        StatsRunners.setConnectionProperty(runner, SaleshandyProperties.API_KEY, KEY);
    }
}
