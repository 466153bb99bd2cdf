package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nimbus.local.kit.Template;
import org.junit.jupiter.api.Test;

/**
 * infra/edge/template.yaml (the us-east-1 stack), the handlers in functions/edge and the deploy script agree: what
 * CloudFront can run, what the handlers need forwarded, and what the two stacks hand each other.
 */
class EdgeStackTemplateTest {
    private static final Path ROOT = Template.defaultPath().toAbsolutePath().getParent();
    private static final Path HANDLERS = ROOT.resolve("functions/edge");
    private final Template edge = Template.load(ROOT.resolve("infra/edge/template.yaml"));
    private final Template regional = Template.loadDefault();

    @Test
    void everyEdgeFunctionIsAHandlerFileLambdaAtEdgeCanRun() throws IOException {
        List<String> functions = edge.resourcesOfType("AWS::Serverless::Function");
        assertEquals(3, functions.size(), "viewer-request, origin-request, origin-response");
        Map<String, Object> globals = edge.functionGlobals();
        assertTrue(
                Set.of("nodejs22.x", "nodejs24.x").contains(globals.get("Runtime")),
                "runtime " + globals.get("Runtime"));
        assertEquals("live", globals.get("AutoPublishAlias"), "Lambda@Edge takes numbered versions only");
        for (String function : functions) {
            Map<String, Object> props = edge.properties(function);
            assertFalse(props.containsKey("Environment"), function + ": Lambda@Edge has no environment variables");
            assertFalse(props.containsKey("Layers"), function + ": Lambda@Edge has no layers");
            String handler = (String) props.get("Handler");
            Path file = HANDLERS.resolve(handler.substring(0, handler.lastIndexOf('.')) + ".js");
            assertTrue(Files.isRegularFile(file), function + ": " + file + " is missing");
            assertTrue(Files.readString(file).contains("exports.handler"), file + " exports no handler");
            assertTrue(
                    ((Number) props.get("MemorySize")).intValue() <= 128, function + ": viewer triggers take 128 MB");
            assertTrue(((Number) props.get("Timeout")).intValue() <= 30, function + ": origin triggers take 30 s");
        }
        Map<String, Object> viewer = edge.properties("ViewerRequestFunction");
        assertTrue(((Number) viewer.get("Timeout")).intValue() <= 5, "viewer triggers take 5 s");
    }

    @Test
    void theDistributionRunsEachHandlerAtItsEvent() {
        Map<String, Object> behavior = defaultCacheBehavior();
        List<?> associations = (List<?>) behavior.get("LambdaFunctionAssociations");
        Map<String, String> byEvent = new java.util.HashMap<>();
        for (Object a : associations) {
            Map<String, Object> association = Template.map(a);
            String ref =
                    (String) Template.map(association.get("LambdaFunctionARN")).get("Ref");
            byEvent.put((String) association.get("EventType"), ref);
        }
        assertEquals(
                Map.of(
                        "viewer-request", "ViewerRequestFunction.Version",
                        "origin-request", "OriginRequestFunction.Version",
                        "origin-response", "OriginResponseFunction.Version"),
                byEvent);
    }

    /** forcessl is decided in origin-request, so the scheme must be in the cache key or a cached 200 answers http. */
    @Test
    void theSchemeIsInTheCacheKeyBecauseOriginRequestDecidesForcessl() {
        Map<String, Object> key =
                Template.map(Template.map(edge.properties("ZoneCachePolicy").get("CachePolicyConfig"))
                        .get("ParametersInCacheKeyAndForwardedToOrigin"));
        List<?> headers = (List<?>) Template.map(key.get("HeadersConfig")).get("Headers");
        assertTrue(headers.contains("CloudFront-Forwarded-Proto"), "cache key headers " + headers);
    }

    /** A header viewer-request adds reaches origin-request and origin-response only if the policy forwards it. */
    @Test
    void everyHeaderTheHandlersPassOnIsForwarded() throws IOException {
        Set<String> passed = new TreeSet<>();
        Pattern header = Pattern.compile("['\"](x-nimbus-[a-z-]+)['\"]");
        try (Stream<Path> files = Files.walk(HANDLERS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".js"))
                    .filter(f -> !HANDLERS.relativize(f).startsWith("tests"))
                    .filter(f -> !HANDLERS.relativize(f).startsWith("bench"))
                    .toList()) {
                Matcher m = header.matcher(Files.readString(file));
                while (m.find()) passed.add(m.group(1));
            }
        }
        Map<String, Object> policy =
                Template.map(edge.properties("ZoneOriginRequestPolicy").get("OriginRequestPolicyConfig"));
        List<?> forwarded = (List<?>) Template.map(policy.get("HeadersConfig")).get("Headers");
        Set<String> forwardedLower = new TreeSet<>();
        forwarded.forEach(h -> forwardedLower.add(((String) h).toLowerCase()));
        assertTrue(
                forwardedLower.containsAll(passed),
                "handlers pass on " + passed + ", the policy forwards " + forwarded);
        assertFalse(forwardedLower.contains("host"), "forwarding Host would send the viewer's host to S3");
    }

    /** deploy-edge reads these outputs of the regional stack and passes every parameter without a default. */
    @Test
    void theTwoStacksHandEachOtherWhatTheyNeed() throws IOException {
        String script = Files.readString(ROOT.resolve("infra/deploy/deploy-edge"));
        Matcher read = Pattern.compile("\\$\\(output ([A-Za-z]+)\\)").matcher(script);
        Set<String> outputsRead = new TreeSet<>();
        while (read.find()) outputsRead.add(read.group(1));
        assertEquals(Set.of("AssetsBucketName", "EdgeConfigBucketName", "LogsBucketName"), outputsRead);
        assertTrue(regional.section("Outputs").keySet().containsAll(outputsRead), "regional outputs");
        for (Map.Entry<String, Object> parameter : edge.section("Parameters").entrySet()) {
            if (Template.map(parameter.getValue()).containsKey("Default")) continue;
            assertTrue(
                    script.contains("\"" + parameter.getKey() + "="),
                    "deploy-edge does not pass " + parameter.getKey());
        }
        Matcher handedBack = Pattern.compile("\\$\\(edge_output ([A-Za-z]+)\\)").matcher(script);
        while (handedBack.find()) {
            assertTrue(edge.section("Outputs").containsKey(handedBack.group(1)), "edge output " + handedBack.group(1));
        }
        assertTrue(regional.section("Parameters").containsKey("DistributionId"));
        assertTrue(regional.section("Parameters").containsKey("CdnBaseUrl"));
    }

    private Map<String, Object> defaultCacheBehavior() {
        Map<String, Object> config =
                Template.map(edge.properties("Distribution").get("DistributionConfig"));
        return Template.map(config.get("DefaultCacheBehavior"));
    }
}
