package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.Template;
import nimbus.local.kit.TestStack;
import org.junit.jupiter.api.Test;

/** The env-vars file infra/local/run writes for {@code sam local invoke|start-api --env-vars}. */
class SamEnvVarsTest {
    private final Template template = Template.loadDefault();

    @Test
    void everyFunctionGetsEveryVariableItDeclaresAndNoOther() {
        Map<String, Map<String, String>> file = file();

        assertEquals(
                new TreeSet<>(template.resourcesOfType("AWS::Serverless::Function")), new TreeSet<>(file.keySet()));
        for (String function : file.keySet()) {
            Set<String> declared = new TreeSet<>(template.globalEnvironment().keySet());
            @SuppressWarnings("unchecked")
            Map<String, Object> own = (Map<String, Object>)
                    Template.map(template.properties(function).get("Environment"))
                            .get("Variables");
            if (own != null) declared.addAll(own.keySet());
            Map<String, String> variables = file.get(function);
            // SAM CLI ignores a variable the template does not declare, so one here would only mislead
            assertEquals(declared, new TreeSet<>(variables.keySet()), function);
            variables.forEach((name, value) -> assertFalse(value.isBlank(), function + " " + name + " is empty"));
        }
        assertEquals("15000", file.get("HackClubUploadFromUrlFunction").get("NIMBUS_FETCH_TIMEOUT_MS"));
    }

    @Test
    void theSdkReachesMotoAndTheEdgeFromInsideAContainer() {
        int motoPort = URI.create(LocalAws.shared().endpoint()).getPort();
        for (Map<String, String> variables : file().values()) {
            assertEquals("http://host.docker.internal:" + motoPort, variables.get("NIMBUS_AWS_ENDPOINT_URL"));
            assertEquals("http://host.docker.internal:8080", variables.get("NIMBUS_CLOUDFRONT_ENDPOINT_URL"));
            assertEquals("true", variables.get("NIMBUS_S3_PATH_STYLE"), "moto serves buckets by path");
            variables.forEach((name, value) -> assertFalse(
                    value.contains("127.0.0.1") || value.contains("localhost"),
                    name + " names the host's loopback, which a container cannot reach: " + value));
            assertTrue(variables.get("NIMBUS_PURGE_QUEUE_URL").startsWith("http://host.docker.internal:" + motoPort));
        }
    }

    private static Map<String, Map<String, String>> file() {
        TestStack.context();
        return SamEnvVars.of(LocalAws.shared(), "http://127.0.0.1:8080");
    }
}
