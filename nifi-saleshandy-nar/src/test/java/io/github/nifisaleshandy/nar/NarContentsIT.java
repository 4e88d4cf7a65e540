package io.github.nifisaleshandy.nar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nifisaleshandy.processors.FetchSaleshandyStats;
import io.github.nifisaleshandy.processors.GetSaleshandyStats;
import io.github.nifisaleshandy.processors.ListSaleshandySequences;
import io.github.nifisaleshandy.processors.StandardSaleshandyConnectionService;
import io.github.nifisaleshandy.service.SaleshandyConnectionService;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.nifi.annotation.behavior.PrimaryNodeOnly;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.processor.Processor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks the built NARs the way NiFi reads them: without the extension manifest NiFi neither lists nor documents a component,
 * and a jar bundled in the wrong NAR is either missing at run time or shared with every NAR below it.
 */
class NarContentsIT {

    /** Every processor the NAR must list and document, with its properties in declared order. */
    private static final List<Processor> PROCESSORS = List.of(new GetSaleshandyStats(), new FetchSaleshandyStats(), new ListSaleshandySequences());

    private static final Pattern JAR_NAME = Pattern.compile("(.+?)-\\d[^-]*(-SNAPSHOT)?\\.jar");
    /** "(ASLv2) OkHttp (com.squareup.okhttp3:okhttp-jvm)" names okhttp-jvm; "(ASLv2) nifi-saleshandy-processors" names itself. */
    private static final Pattern NOTICE_ENTRY = Pattern.compile("^\\s*\\(ASLv2\\) (\\S+)(?:.*\\([^:()]+:([^:()]+)\\))?\\s*$", Pattern.MULTILINE);

    private static JarFile nar;
    private static JarFile apiNar;

    @BeforeAll
    static void openNar() throws Exception {
        nar = open("nar.file");
        apiNar = open("api.nar.file");
    }

    private static JarFile open(final String property) throws Exception {
        final File file = new File(System.getProperty(property));
        assertTrue(file.isFile(), "NAR not built: " + file);
        return new JarFile(file);
    }

    static List<Processor> processors() {
        return PROCESSORS;
    }

    @ParameterizedTest
    @MethodSource("processors")
    void manifestListsTheProcessorWithEveryProperty(final Processor processor) throws Exception {
        final String type = processor.getClass().getName();
        final Element extension = extension(manifest(), type);
        assertNotNull(extension, "extension-manifest.xml does not list " + type);

        final List<String> documented = new ArrayList<>();
        final NodeList properties = extension.getElementsByTagName("property");
        for (int i = 0; i < properties.getLength(); i++) {
            documented.add(((Element) properties.item(i)).getElementsByTagName("name").item(0).getTextContent());
        }
        final List<String> declared = processor.getPropertyDescriptors().stream().map(PropertyDescriptor::getName).toList();
        assertEquals(declared, documented);
        assertTrue(text(extension, "description").contains("/v1/"), "the description names the endpoint");
        assertEquals(String.valueOf(processor.getClass().isAnnotationPresent(PrimaryNodeOnly.class)), text(extension, "primaryNodeOnly").isEmpty()
                ? "false" : text(extension, "primaryNodeOnly"), "the manifest says whether it runs on the primary node only");
    }

    @Test
    void manifestListsTheConnectionServiceWithEveryPropertyAndItsApi() throws Exception {
        final StandardSaleshandyConnectionService service = new StandardSaleshandyConnectionService();
        final Element extension = extension(manifest(), service.getClass().getName());
        assertNotNull(extension, "extension-manifest.xml does not list the connection service");
        final List<String> documented = new ArrayList<>();
        final NodeList properties = extension.getElementsByTagName("property");
        for (int i = 0; i < properties.getLength(); i++) {
            documented.add(((Element) properties.item(i)).getElementsByTagName("name").item(0).getTextContent());
        }
        assertEquals(service.getPropertyDescriptors().stream().map(PropertyDescriptor::getName).toList(), documented);
        assertTrue(text(extension, "providedServiceAPIs").contains(SaleshandyConnectionService.class.getName()), "it provides the API");
    }

    @Test
    void theProcessorsNarDependsOnTheApiNarWhichDependsOnTheStandardServicesApiNar() throws Exception {
        assertEquals("nifi-saleshandy-service-api-nar", nar.getManifest().getMainAttributes().getValue("Nar-Dependency-Id"));
        assertEquals("nifi-standard-services-api-nar", apiNar.getManifest().getMainAttributes().getValue("Nar-Dependency-Id"));
    }

    @Test
    void bundlesTheServiceWithItsLibrariesButNotTheApisItsParentsProvide() {
        final Set<String> jars = bundledArtifacts(nar);
        for (final String own : List.of("nifi-saleshandy-processors", "nifi-saleshandy-service", "okhttp-jvm", "okio-jvm", "kotlin-stdlib", "jackson-core",
                "nifi-utils")) {
            assertTrue(jars.contains(own), own + " belongs in the NAR: " + jars);
        }
        for (final String provided : List.of("nifi-api", "slf4j-api", "nifi-record", "nifi-record-serialization-service-api", "nifi-ssl-context-service-api",
                "nifi-proxy-configuration-api", "nifi-saleshandy-service-api", "jackson-databind", "jackson-annotations", "nifi-mock", "mockwebserver3")) {
            assertFalse(jars.contains(provided), provided + " must not be bundled: " + jars);
        }
        assertFalse(jars.stream().anyMatch(jar -> jar.startsWith("junit")), jars.toString());
    }

    /** The API NAR is the contract only: a library there would be every child NAR's too, since NiFi's class loaders ask the parent first. */
    @Test
    void theApiNarBundlesTheContractAndNoOtherJar() {
        assertEquals(Set.of("nifi-saleshandy-service-api"), bundledArtifacts(apiNar));
    }

    @Test
    void theApiNarsNoticeNamesExactlyItsBundledJars() throws Exception {
        assertNoticeNamesExactlyTheBundledJars(apiNar);
    }

    @Test
    void noticeNamesExactlyTheBundledJarsAndLicenseIsApache() throws Exception {
        assertNoticeNamesExactlyTheBundledJars(nar);
    }

    /** The artifact IDs of the jars under META-INF/bundled-dependencies. */
    private static Set<String> bundledArtifacts(final JarFile archive) {
        return archive.stream().map(ZipEntry::getName)
                .filter(n -> n.startsWith("META-INF/bundled-dependencies/") && n.endsWith(".jar"))
                .map(n -> n.substring(n.lastIndexOf('/') + 1))
                .map(NarContentsIT::artifactId)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static void assertNoticeNamesExactlyTheBundledJars(final JarFile nar) throws Exception {
        final Set<String> bundled = bundledArtifacts(nar);
        final String notice = entryText(nar, "META-INF/NOTICE");
        final Set<String> named = new TreeSet<>();
        final Matcher listed = NOTICE_ENTRY.matcher(notice);
        while (listed.find()) {
            named.add(listed.group(2) != null ? listed.group(2) : listed.group(1));
        }
        assertEquals(bundled, named, "NOTICE must list every bundled jar, and only those");
        assertTrue(entryText(nar, "META-INF/LICENSE").contains("Apache License") && entryText(nar, "META-INF/LICENSE").contains("Version 2.0"));
    }

    @ParameterizedTest
    @MethodSource("processors")
    void carriesTheAdditionalDetailsPage(final Processor processor) {
        final String type = processor.getClass().getName();
        assertNotNull(nar.getEntry("META-INF/docs/additional-details/" + type + "/additionalDetails.md"), type);
    }

    /** "okhttp-jvm-5.3.2.jar" is okhttp-jvm; "nifi-saleshandy-processors-0.1.0-SNAPSHOT.jar" is nifi-saleshandy-processors. */
    private static String artifactId(final String jarName) {
        final Matcher matcher = JAR_NAME.matcher(jarName);
        assertTrue(matcher.matches(), jarName);
        return matcher.group(1);
    }

    private static String entryText(final JarFile nar, final String name) throws Exception {
        final ZipEntry entry = nar.getEntry(name);
        assertNotNull(entry, name + " is missing from the NAR");
        try (InputStream in = nar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Document manifest() throws Exception {
        final ZipEntry entry = nar.getEntry("META-INF/docs/extension-manifest.xml");
        assertNotNull(entry, "META-INF/docs/extension-manifest.xml is missing: is slf4j-api declared provided in the NAR module?");
        try (InputStream in = nar.getInputStream(entry)) {
            final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(in);
        }
    }

    private static Element extension(final Document manifest, final String type) {
        final NodeList extensions = manifest.getElementsByTagName("extension");
        for (int i = 0; i < extensions.getLength(); i++) {
            final Element extension = (Element) extensions.item(i);
            if (type.equals(text(extension, "name"))) {
                return extension;
            }
        }
        return null;
    }

    private static String text(final Element parent, final String child) {
        final NodeList nodes = parent.getElementsByTagName(child);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
    }
}
