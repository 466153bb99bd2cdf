package nimbus.local;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import nimbus.local.kit.LocalAws;

/**
 * The env-vars file for SAM CLI ({@code sam local invoke|start-api --env-vars .nimbus/sam-env.json}): every
 * function's declared variables, resolved to the running local stack's resources, with the SDK pointed at moto and
 * CloudFront at the local edge through the address a Docker container reaches its host by.
 */
public final class SamEnvVars {
    /** Docker Desktop's name for the host; on Linux, {@code --add-host host.docker.internal:host-gateway}. */
    public static final String CONTAINER_HOST = "host.docker.internal";

    private SamEnvVars() {}

    /** Function logical id to its variables, as SAM CLI reads the file. */
    public static Map<String, Map<String, String>> of(LocalAws aws, String edgeUrl) {
        Map<String, Map<String, String>> file = new LinkedHashMap<>();
        for (String function : aws.template().resourcesOfType("AWS::Serverless::Function")) {
            file.put(
                    function, aws.functionEnvironment(function, fromContainer(aws.endpoint()), fromContainer(edgeUrl)));
        }
        return file;
    }

    /** {@code url}, on this machine's loopback, as a container on it reaches it. */
    static String fromContainer(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + CONTAINER_HOST + ":" + uri.getPort();
    }
}
