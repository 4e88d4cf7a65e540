package io.github.nifisaleshandy.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.nifi.util.MockPropertyConfiguration;
import org.apache.nifi.util.MockPropertyConfiguration.CreatedControllerService;
import org.apache.nifi.util.PropertyMigrationResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A flow saved before the connection service existed loads with this NAR and runs unchanged: each processor's own
 * connection properties become a new connection service with the same values, which the processor then references.
 */
class ConnectionMigrationTest {

    static Stream<Arguments> processors() {
        return Stream.of(
                Arguments.of("GetSaleshandyStats", (Function<Clock, AbstractSaleshandyProcessor>) GetSaleshandyStats::new),
                Arguments.of("FetchSaleshandyStats", (Function<Clock, AbstractSaleshandyProcessor>) FetchSaleshandyStats::new),
                Arguments.of("ListSaleshandySequences", (Function<Clock, AbstractSaleshandyProcessor>) clock -> new ListSaleshandySequences()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("processors")
    void theOldConnectionPropertiesBecomeAServiceWithTheSameValuesAndParameterReferences(final String name,
                                                                                        final Function<Clock, AbstractSaleshandyProcessor> create) {
        final Map<String, String> saved = new LinkedHashMap<>();
        saved.put("Base URL", "#{saleshandy.base.url}");
        saved.put("API Key", "#{saleshandy.api.key}");
        saved.put("SSL Context Service", "ssl-service-id");
        saved.put("Connect Timeout", "20 sec");
        saved.put("Read Timeout", "90 sec");
        saved.put("Request Timeout", "10 min");
        saved.put("Max Retries", "5");
        saved.put("Page Size", "100");
        final MockPropertyConfiguration config = new MockPropertyConfiguration(saved);

        create.apply(Fixture.NOW).migrateProperties(config);

        final PropertyMigrationResult result = config.toPropertyMigrationResult();
        assertEquals(1, result.getCreatedControllerServices().size(), name + " gets one service");
        final CreatedControllerService service = result.getCreatedControllerServices().iterator().next();
        assertEquals("io.github.nifisaleshandy.processors.StandardSaleshandyConnectionService", service.implementationClassName());
        assertEquals(Map.of("Base URL", "#{saleshandy.base.url}", "API Key", "#{saleshandy.api.key}", "SSL Context Service", "ssl-service-id",
                "Connect Timeout", "20 sec", "Read Timeout", "90 sec", "Request Timeout", "10 min", "Max Retries", "5"), service.serviceProperties());
        assertEquals(service.id(), config.getRawPropertyValue(SaleshandyProperties.CONNECTION.getName()).orElseThrow());
        assertEquals(Set.of("Base URL", "API Key", "SSL Context Service", "Proxy Configuration Service", "Connect Timeout", "Read Timeout",
                "Request Timeout", "Max Retries"), result.getPropertiesRemoved());
        assertEquals("100", config.getRawPropertyValue("Page Size").orElseThrow(), "what the run needs stays on the processor");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("processors")
    void aSensitiveKeyTypedInCarriesOverAsItWas(final String name, final Function<Clock, AbstractSaleshandyProcessor> create) {
        final MockPropertyConfiguration config = new MockPropertyConfiguration(Map.of("API Key", "sh-live-typed-in"));

        create.apply(Fixture.NOW).migrateProperties(config);

        final CreatedControllerService service = config.toPropertyMigrationResult().getCreatedControllerServices().iterator().next();
        assertEquals(Map.of("API Key", "sh-live-typed-in"), service.serviceProperties());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("processors")
    void aProcessorAlreadyOnAServiceIsLeftAsItIs(final String name, final Function<Clock, AbstractSaleshandyProcessor> create) {
        final MockPropertyConfiguration config = new MockPropertyConfiguration(Map.of(SaleshandyProperties.CONNECTION.getName(), "shared-service"));

        create.apply(Fixture.NOW).migrateProperties(config);

        final PropertyMigrationResult result = config.toPropertyMigrationResult();
        assertTrue(result.getCreatedControllerServices().isEmpty());
        assertTrue(result.getPropertiesRemoved().isEmpty());
        assertFalse(config.hasProperty("API Key"));
    }
}
