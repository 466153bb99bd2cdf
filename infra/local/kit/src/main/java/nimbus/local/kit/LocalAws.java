package nimbus.local.kit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local AWS stand-in for a test JVM or the local stack: one moto server, the stack's resources
 * created from template.yaml, and the SDK's standard settings pointed at it (as system properties,
 * so everything in this JVM, handlers included, uses it without knowing).
 */
public final class LocalAws {
    private static LocalAws shared;

    private final MotoServer moto;
    private final Template template;
    private final LocalResources resources;
    private final Map<String, String> environment;
    private final Map<String, String> parameterOverrides;

    private LocalAws(MotoServer moto, Template template, Map<String, String> parameterOverrides) {
        this.moto = moto;
        this.template = template;
        this.resources = new LocalResources(template);
        this.parameterOverrides = Map.copyOf(parameterOverrides);
        System.setProperty("aws.endpointUrl", moto.endpoint());
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        Map<String, String> env = new LinkedHashMap<>(resources.environment(parameterOverrides));
        env.put("NIMBUS_S3_PATH_STYLE", "true");
        env.remove("JAVA_TOOL_OPTIONS");
        env.forEach(System::setProperty);
        this.environment = Map.copyOf(env);
        createResources();
    }

    /** The template's resources, and the distribution the edge stack would make (its id is a setting). */
    private void createResources() {
        resources.createAll();
        System.setProperty("NIMBUS_DISTRIBUTION_ID", resources.createDistribution());
    }

    /** The local distribution's id: what the purge worker invalidates. */
    public static String distributionId() {
        return System.getProperty("NIMBUS_DISTRIBUTION_ID");
    }

    /** Starts moto and the stack's resources once per JVM (the tests' entry point). */
    public static synchronized LocalAws shared() {
        if (shared == null) {
            MotoServer moto = MotoServer.start(0, null);
            Runtime.getRuntime().addShutdownHook(new Thread(moto::close));
            shared = new LocalAws(moto, Template.loadDefault(), Map.of("CdnBaseUrl", "https://cdn.test"));
        }
        return shared;
    }

    public static LocalAws start(MotoServer moto, Template template, Map<String, String> parameterOverrides) {
        return new LocalAws(moto, template, parameterOverrides);
    }

    /** Empties everything and recreates the resources: a clean slate for a test class. */
    public LocalAws reset() {
        moto.reset();
        createResources();
        return this;
    }

    public String endpoint() {
        return moto.endpoint();
    }

    public Template template() {
        return template;
    }

    public LocalResources resources() {
        return resources;
    }

    public Map<String, String> environment() {
        return environment;
    }

    /**
     * What function {@code functionId} finds in its environment when it runs against this stand-in: the variables it
     * declares (the Globals and its own) resolved to the local resources, with the SDK pointed at moto through
     * {@code awsEndpoint} and CloudFront at {@code cloudFrontEndpoint} (addresses as the function's host sees them).
     */
    public Map<String, String> functionEnvironment(String functionId, String awsEndpoint, String cloudFrontEndpoint) {
        Map<String, String> env = new LinkedHashMap<>();
        resources
                .functionEnvironment(functionId, parameterOverrides)
                .forEach((name, value) -> env.put(name, value.replace(moto.endpoint(), awsEndpoint)));
        env.put("NIMBUS_AWS_ENDPOINT_URL", awsEndpoint);
        env.put("NIMBUS_CLOUDFRONT_ENDPOINT_URL", cloudFrontEndpoint);
        env.put("NIMBUS_S3_PATH_STYLE", "true");
        if (distributionId() != null) env.put("NIMBUS_DISTRIBUTION_ID", distributionId());
        return env;
    }

    public String tableName() {
        return environment.get("NIMBUS_TABLE");
    }

    public String assetsBucket() {
        return environment.get("NIMBUS_ASSETS_BUCKET");
    }
}
