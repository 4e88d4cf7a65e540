package io.github.nifisaleshandy.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.nifisaleshandy.processors.GetSaleshandyStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedControllerService;
import org.apache.nifi.flow.VersionedExternalFlow;
import org.apache.nifi.flow.VersionedParameter;
import org.apache.nifi.flow.VersionedParameterContext;
import org.apache.nifi.flow.VersionedProcessGroup;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every flow definition in examples/ must be one NiFi can import and that configures the processor as it really is.
 */
class ExampleFlowsTest {

    private static final Pattern PARAMETER_REFERENCE = Pattern.compile("#\\{([^}]+)}");
    private static final String OUR_PACKAGE = GetSaleshandyStats.class.getPackageName() + ".";

    private final ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static Stream<Path> examples() throws Exception {
        final List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("..", "examples"))) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no example flows");
        return files.stream();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void isAFlowDefinitionInNiFisOwnModel(final Path example) throws Exception {
        final VersionedExternalFlow flow = read(example);

        assertNotNull(flow.getFlowContents());
        assertEquals("1.0", strict.readTree(example.toFile()).get("flowEncodingVersion").textValue());
        final VersionedParameterContext context = flow.getParameterContexts().get(flow.getFlowContents().getParameterContextName());
        assertNotNull(context, "the group's parameter context is in the file");
    }

    @ParameterizedTest
    @MethodSource("examples")
    void configuresTheRealProcessorsFromThisBuild(final Path example) throws Exception {
        final VersionedExternalFlow flow = read(example);
        final List<VersionedProcessor> ours = processors(flow.getFlowContents()).stream().filter(p -> p.getType().startsWith(OUR_PACKAGE)).toList();
        assertFalse(ours.isEmpty(), example + " uses none of our processors");

        for (final VersionedProcessor processor : ours) {
            assertEquals(System.getProperty("project.groupId"), processor.getBundle().getGroup());
            assertEquals(System.getProperty("nar.artifactId"), processor.getBundle().getArtifact());
            assertEquals(System.getProperty("project.version"), processor.getBundle().getVersion());
            checkAgainstDeclared(example, processor, instantiate(processor.getType()));
        }
    }

    private static void checkAgainstDeclared(final Path example, final VersionedProcessor processor, final Processor declaredBy) {
        final Map<String, PropertyDescriptor> declared = declaredBy.getPropertyDescriptors().stream()
                .collect(Collectors.toMap(PropertyDescriptor::getName, d -> d));
        for (final Map.Entry<String, String> property : processor.getProperties().entrySet()) {
            final PropertyDescriptor descriptor = declared.get(property.getKey());
            assertNotNull(descriptor, example + " sets '" + property.getKey() + "', which " + processor.getType() + " does not declare");
            if (descriptor.getAllowableValues() != null && !descriptor.getAllowableValues().isEmpty()) {
                assertTrue(descriptor.getAllowableValues().stream().anyMatch(v -> v.getValue().equals(property.getValue())),
                        property + " is not an allowed value");
            }
            if (descriptor.isSensitive()) {
                assertTrue(PARAMETER_REFERENCE.matcher(property.getValue()).matches(), property.getKey() + " must come from a sensitive parameter");
            }
        }
        final Set<String> relationships = declaredBy.getRelationships().stream().map(Relationship::getName).collect(Collectors.toSet());
        assertTrue(relationships.containsAll(processor.getAutoTerminatedRelationships()));
    }

    private static Processor instantiate(final String type) throws Exception {
        return (Processor) Class.forName(type).getDeclaredConstructor().newInstance();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void resolvesEveryReference(final Path example) throws Exception {
        final VersionedExternalFlow flow = read(example);
        final VersionedProcessGroup group = flow.getFlowContents();
        final Map<String, VersionedParameter> parameters = flow.getParameterContexts().get(group.getParameterContextName()).getParameters()
                .stream().collect(Collectors.toMap(VersionedParameter::getName, p -> p));
        final Set<String> serviceIds = group.getControllerServices().stream().map(VersionedControllerService::getIdentifier).collect(Collectors.toSet());
        final Set<String> componentIds = new HashSet<>(serviceIds);
        processors(group).forEach(p -> componentIds.add(p.getIdentifier()));
        group.getFunnels().forEach(f -> componentIds.add(f.getIdentifier()));

        for (final VersionedProcessor processor : processors(group)) {
            checkProperties(processor.getProperties(), processor.getPropertyDescriptors().entrySet().stream()
                    .filter(d -> d.getValue().getIdentifiesControllerService()).map(Map.Entry::getKey).collect(Collectors.toSet()),
                    serviceIds, parameters);
        }
        for (final VersionedControllerService service : group.getControllerServices()) {
            checkProperties(service.getProperties(), Set.of(), serviceIds, parameters);
        }
        for (final VersionedConnection connection : group.getConnections()) {
            assertTrue(componentIds.contains(connection.getSource().getId()), "connection source " + connection.getSource().getId());
            assertTrue(componentIds.contains(connection.getDestination().getId()), "connection destination " + connection.getDestination().getId());
        }
        for (final VersionedParameter parameter : parameters.values()) {
            if (parameter.isSensitive()) {
                assertNull(parameter.getValue(), "a sensitive parameter carries no value in a shared file: " + parameter.getName());
            }
        }
    }

    private static void checkProperties(final Map<String, String> properties, final Set<String> serviceProperties, final Set<String> serviceIds,
                                        final Map<String, VersionedParameter> parameters) {
        for (final Map.Entry<String, String> property : properties.entrySet()) {
            if (serviceProperties.contains(property.getKey())) {
                assertTrue(serviceIds.contains(property.getValue()), property + " names no controller service of the flow");
            }
            final Matcher reference = PARAMETER_REFERENCE.matcher(property.getValue());
            while (reference.find()) {
                assertTrue(parameters.containsKey(reference.group(1)), property + " names a missing parameter");
            }
        }
    }

    private VersionedExternalFlow read(final Path example) throws Exception {
        final ObjectNode json = (ObjectNode) strict.readTree(example.toFile());
        // Members of the upload format that NiFi keeps outside VersionedExternalFlow.
        json.remove(List.of("flowEncodingVersion", "latest"));
        return strict.treeToValue(json, VersionedExternalFlow.class);
    }

    private static List<VersionedProcessor> processors(final VersionedProcessGroup group) {
        final List<VersionedProcessor> all = new java.util.ArrayList<>(group.getProcessors());
        group.getProcessGroups().forEach(child -> all.addAll(processors(child)));
        return all;
    }
}
