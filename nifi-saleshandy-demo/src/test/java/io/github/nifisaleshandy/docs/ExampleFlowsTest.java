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
import io.github.nifisaleshandy.processors.SaleshandyProperties;
import io.github.nifisaleshandy.processors.StandardSaleshandyConnectionService;
import io.github.nifisaleshandy.service.SaleshandyConnectionService;
import io.github.nifisaleshandy.testapi.DemoDataSet;
import io.github.nifisaleshandy.testapi.FakeSaleshandyApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.apache.nifi.components.ConfigurableComponent;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.controller.ControllerService;
import org.apache.nifi.flow.Bundle;
import org.apache.nifi.flow.ControllerServiceAPI;
import org.apache.nifi.flow.VersionedConfigurableExtension;
import org.apache.nifi.flow.VersionedConnection;
import org.apache.nifi.flow.VersionedControllerService;
import org.apache.nifi.flow.VersionedExternalFlow;
import org.apache.nifi.flow.VersionedParameter;
import org.apache.nifi.flow.VersionedParameterContext;
import org.apache.nifi.flow.VersionedProcessGroup;
import org.apache.nifi.flow.VersionedProcessor;
import org.apache.nifi.flow.VersionedPropertyDescriptor;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.LogMessage;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every flow definition in examples/ must be one NiFi can import and that configures the processors and the
 * Saleshandy connection service as they really are.
 */
class ExampleFlowsTest {

    private static final Pattern PARAMETER_REFERENCE = Pattern.compile("#\\{([^}]+)}");
    private static final String OUR_PACKAGE = GetSaleshandyStats.class.getPackageName() + ".";
    private static final String CONNECTION_SERVICE_TYPE = StandardSaleshandyConnectionService.class.getName();
    private static final String CONNECTION = SaleshandyProperties.CONNECTION.getName();
    /** The NAR of the service API, the processors NAR's parent. */
    private static final String SERVICE_API_NAR = "nifi-saleshandy-service-api-nar";

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
        final Map<String, VersionedParameter> parameters = parameters(flow);
        final List<VersionedProcessor> ours = processors(flow.getFlowContents()).stream().filter(p -> p.getType().startsWith(OUR_PACKAGE)).toList();
        assertFalse(ours.isEmpty(), example + " uses none of our processors");

        for (final VersionedProcessor processor : ours) {
            assertOurBundle(example, processor);
            final Processor declaredBy = (Processor) instantiate(processor.getType());
            checkAgainstDeclared(example, processor, declaredBy, parameters);
            final Set<String> relationships = declaredBy.getRelationships().stream().map(Relationship::getName).collect(Collectors.toSet());
            assertTrue(relationships.containsAll(processor.getAutoTerminatedRelationships()));
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void configuresTheRealConnectionServiceFromThisBuild(final Path example) throws Exception {
        final VersionedExternalFlow flow = read(example);
        final Map<String, VersionedParameter> parameters = parameters(flow);
        final List<VersionedControllerService> ours = services(flow.getFlowContents()).stream()
                .filter(s -> s.getType().startsWith(OUR_PACKAGE)).toList();
        assertEquals(List.of(CONNECTION_SERVICE_TYPE), ours.stream().map(VersionedControllerService::getType).toList(),
                example + " must define exactly one controller service of ours, a " + CONNECTION_SERVICE_TYPE);

        final VersionedControllerService service = ours.getFirst();
        assertOurBundle(example, service);
        checkAgainstDeclared(example, service, instantiate(service.getType()), parameters);

        final List<ControllerServiceAPI> apis = service.getControllerServiceApis();
        assertNotNull(apis, service.getName() + " lists no controllerServiceApis");
        final ControllerServiceAPI api = apis.stream().filter(a -> SaleshandyConnectionService.class.getName().equals(a.getType())).findFirst()
                .orElseThrow(() -> new AssertionError(service.getName() + " does not list the API " + SaleshandyConnectionService.class.getName()));
        final String where = example + ": the bundle of " + service.getName() + "'s API";
        assertEquals(System.getProperty("project.groupId"), api.getBundle().getGroup(), where);
        assertEquals(SERVICE_API_NAR, api.getBundle().getArtifact(), where);
        assertEquals(System.getProperty("project.version"), api.getBundle().getVersion(), where);
        for (final ControllerServiceAPI listed : apis) {
            assertTrue(Class.forName(listed.getType()).isAssignableFrom(Class.forName(service.getType())),
                    service.getType() + " does not implement the API it lists, " + listed.getType());
        }
    }

    /** Each Saleshandy processor's Saleshandy Connection names the flow's connection service, as a service reference NiFi re-maps on import. */
    @ParameterizedTest
    @MethodSource("examples")
    void everySaleshandyProcessorUsesTheFlowsConnectionService(final Path example) throws Exception {
        final VersionedProcessGroup group = read(example).getFlowContents();
        final Map<String, VersionedControllerService> servicesById = services(group).stream()
                .collect(Collectors.toMap(VersionedControllerService::getIdentifier, s -> s));

        for (final VersionedProcessor processor : processors(group)) {
            if (!processor.getType().startsWith(OUR_PACKAGE)) {
                continue;
            }
            final String serviceId = processor.getProperties().get(CONNECTION);
            assertNotNull(serviceId, example + ": " + processor.getName() + " sets no " + CONNECTION);
            final VersionedControllerService service = servicesById.get(serviceId);
            assertNotNull(service, example + ": " + processor.getName() + "'s " + CONNECTION + " names no controller service of the flow: " + serviceId);
            assertEquals(CONNECTION_SERVICE_TYPE, service.getType(),
                    example + ": " + processor.getName() + "'s " + CONNECTION + " names " + service.getName() + ", not a Saleshandy connection service");
            final VersionedPropertyDescriptor descriptor = processor.getPropertyDescriptors().get(CONNECTION);
            assertTrue(descriptor != null && descriptor.getIdentifiesControllerService(),
                    example + ": " + processor.getName() + " must describe " + CONNECTION + " as a controller-service reference");
        }
    }

    private static void assertOurBundle(final Path example, final VersionedConfigurableExtension component) {
        final Bundle bundle = component.getBundle();
        assertEquals(System.getProperty("project.groupId"), bundle.getGroup(), example + ": " + component.getName());
        assertEquals(System.getProperty("nar.artifactId"), bundle.getArtifact(), example + ": " + component.getName());
        assertEquals(System.getProperty("project.version"), bundle.getVersion(), example + ": " + component.getName());
    }

    /**
     * The component sets and describes only properties its class declares, with allowed values, sensitive ones from
     * sensitive parameters, and controller-service references described as such.
     */
    private static void checkAgainstDeclared(final Path example, final VersionedConfigurableExtension component, final ConfigurableComponent declaredBy,
                                             final Map<String, VersionedParameter> parameters) {
        final Map<String, PropertyDescriptor> declared = declaredBy.getPropertyDescriptors().stream()
                .collect(Collectors.toMap(PropertyDescriptor::getName, d -> d));
        for (final Map.Entry<String, String> property : component.getProperties().entrySet()) {
            final PropertyDescriptor descriptor = declared.get(property.getKey());
            assertNotNull(descriptor, example + " sets '" + property.getKey() + "', which " + component.getType() + " does not declare");
            if (descriptor.getAllowableValues() != null && !descriptor.getAllowableValues().isEmpty()) {
                assertTrue(descriptor.getAllowableValues().stream().anyMatch(v -> v.getValue().equals(property.getValue())),
                        property + " is not an allowed value");
            }
            if (descriptor.isSensitive()) {
                final Matcher reference = PARAMETER_REFERENCE.matcher(property.getValue());
                assertTrue(reference.matches(), property.getKey() + " must come from a sensitive parameter");
                final VersionedParameter parameter = parameters.get(reference.group(1));
                assertTrue(parameter != null && parameter.isSensitive(), property.getKey() + " must come from a sensitive parameter");
            }
        }
        for (final Map.Entry<String, VersionedPropertyDescriptor> described : component.getPropertyDescriptors().entrySet()) {
            final PropertyDescriptor descriptor = declared.get(described.getKey());
            assertNotNull(descriptor, example + " describes '" + described.getKey() + "', which " + component.getType() + " does not declare");
            assertEquals(descriptor.getControllerServiceDefinition() != null, described.getValue().getIdentifiesControllerService(),
                    example + ": identifiesControllerService of " + component.getName() + "'s " + described.getKey());
            assertEquals(descriptor.isSensitive(), described.getValue().isSensitive(),
                    example + ": sensitive of " + component.getName() + "'s " + described.getKey());
        }
    }

    /**
     * The README's walkthrough: the flow's parameters set to the Base URL and key that {@code scripts/run.sh --serve-demo-api}
     * prints (the same demo API and key, here on a free port), every other parameter as shipped (an empty Sequence IDs: every
     * active sequence). Each Saleshandy processor of the flow, configured as the file configures it and on the flow's connection
     * service, is valid and emits rows; ListSaleshandySequences' FlowFiles feed FetchSaleshandyStats as the flow's connection does.
     * The flow's Record Writer is left out: the processors' own JSON output carries the same rows.
     */
    @ParameterizedTest
    @MethodSource("examples")
    void everySaleshandyProcessorGetsRowsFromTheDemoApiWithThePrintedBaseUrlAndKey(final Path example) throws Exception {
        final VersionedExternalFlow flow = read(example);
        final Map<String, String> values = new HashMap<>();
        parameters(flow).forEach((name, parameter) -> values.put(name, parameter.getValue()));
        final VersionedControllerService connection = services(flow.getFlowContents()).stream()
                .filter(s -> s.getType().equals(CONNECTION_SERVICE_TYPE)).findFirst().orElseThrow();
        // ListSaleshandySequences first: its FlowFiles are FetchSaleshandyStats' input.
        final List<VersionedProcessor> ours = processors(flow.getFlowContents()).stream().filter(p -> p.getType().startsWith(OUR_PACKAGE))
                .sorted(Comparator.comparing(p -> !p.getType().endsWith(".ListSaleshandySequences"))).toList();

        final DemoDataSet dataSet = DemoDataSet.generate(Instant.now(), DemoDataSet.DEFAULT_SIZE);
        try (MockWebServer server = FakeSaleshandyApi.demo(dataSet, FakeSaleshandyApi.DEMO_API_KEY).start()) {
            values.put("saleshandy.base.url", FakeSaleshandyApi.baseUrl(server));
            values.put("saleshandy.api.key", FakeSaleshandyApi.DEMO_API_KEY);
            List<MockFlowFile> listed = List.of();
            for (final VersionedProcessor processor : ours) {
                final List<MockFlowFile> emitted = runOnDemoApi(example, processor, connection, values, listed);
                final long rows = emitted.stream().mapToLong(f -> Long.parseLong(f.getAttribute("record.count"))).sum();
                assertTrue(rows > 0, example + ": " + processor.getName() + " emitted no rows from the demo API");
                listed = emitted;
            }
        }
    }

    /** Runs one processor of the flow once (once per incoming FlowFile), as the flow configures it, and returns its success FlowFiles. */
    private static List<MockFlowFile> runOnDemoApi(final Path example, final VersionedProcessor processor, final VersionedControllerService connection,
                                                   final Map<String, String> values, final List<MockFlowFile> incoming) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner((Processor) instantiate(processor.getType()));
        final ControllerService service = (ControllerService) instantiate(connection.getType());
        runner.addControllerService(connection.getIdentifier(), service);
        connection.getProperties().forEach((name, value) -> runner.setProperty(service, name, resolve(value, values)));
        runner.assertValid(service);
        runner.enableControllerService(service);
        try {
            processor.getProperties().entrySet().stream().filter(p -> !p.getKey().equals("Record Writer"))
                    .forEach(p -> runner.setProperty(p.getKey(), resolve(p.getValue(), values)));
            final boolean fetch = processor.getType().endsWith(".FetchSaleshandyStats");
            runner.setIncomingConnection(fetch);
            if (fetch) {
                assertFalse(incoming.isEmpty(), example + ": " + processor.getName() + " gets no FlowFile from a ListSaleshandySequences");
                incoming.forEach(flowFile -> runner.enqueue(flowFile.toByteArray(), flowFile.getAttributes()));
            }
            runner.assertValid();
            runner.run(Math.max(1, incoming.size()));
            assertEquals(List.of(), runner.getLogger().getErrorMessages().stream().map(LogMessage::getMsg).toList(), example + ": " + processor.getName());
            return runner.getFlowFilesForRelationship("success");
        } finally {
            runner.disableControllerService(service);
        }
    }

    /** {@code value} with every {@code #{parameter}} replaced by the parameter's value (no value: empty). */
    private static String resolve(final String value, final Map<String, String> parameters) {
        return PARAMETER_REFERENCE.matcher(value).replaceAll(reference -> Matcher.quoteReplacement(
                parameters.getOrDefault(reference.group(1), "") == null ? "" : parameters.get(reference.group(1))));
    }

    private static ConfigurableComponent instantiate(final String type) throws Exception {
        return (ConfigurableComponent) Class.forName(type).getDeclaredConstructor().newInstance();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void resolvesEveryReference(final Path example) throws Exception {
        final VersionedExternalFlow flow = read(example);
        final VersionedProcessGroup group = flow.getFlowContents();
        final Map<String, VersionedParameter> parameters = parameters(flow);
        final Set<String> serviceIds = services(group).stream().map(VersionedControllerService::getIdentifier).collect(Collectors.toSet());
        final Set<String> componentIds = new HashSet<>(serviceIds);
        processors(group).forEach(p -> componentIds.add(p.getIdentifier()));
        group.getFunnels().forEach(f -> componentIds.add(f.getIdentifier()));

        final List<VersionedConfigurableExtension> configured = new ArrayList<>(processors(group));
        configured.addAll(services(group));
        for (final VersionedConfigurableExtension component : configured) {
            final Set<String> serviceProperties = component.getPropertyDescriptors().entrySet().stream()
                    .filter(d -> d.getValue().getIdentifiesControllerService()).map(Map.Entry::getKey).collect(Collectors.toSet());
            checkProperties(component.getProperties(), serviceProperties, serviceIds, parameters);
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

    private static Map<String, VersionedParameter> parameters(final VersionedExternalFlow flow) {
        final Map<String, VersionedParameter> parameters = new HashMap<>();
        flow.getParameterContexts().get(flow.getFlowContents().getParameterContextName()).getParameters()
                .forEach(p -> assertNull(parameters.put(p.getName(), p), "parameter defined twice: " + p.getName()));
        return parameters;
    }

    private static List<VersionedProcessor> processors(final VersionedProcessGroup group) {
        final List<VersionedProcessor> all = new ArrayList<>(group.getProcessors());
        group.getProcessGroups().forEach(child -> all.addAll(processors(child)));
        return all;
    }

    private static List<VersionedControllerService> services(final VersionedProcessGroup group) {
        final List<VersionedControllerService> all = new ArrayList<>(group.getControllerServices());
        group.getProcessGroups().forEach(child -> all.addAll(services(child)));
        return all;
    }
}
