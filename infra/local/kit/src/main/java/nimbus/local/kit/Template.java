package nimbus.local.kit;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * template.yaml, read the way CloudFormation reads it: short-form intrinsics ({@code !Ref X},
 * {@code !GetAtt A.B}, {@code !Sub ...}) become their long form ({@code {"Ref": "X"}}, ...).
 * Everything local (gateway routes, resources, tests) is derived from this one file.
 */
public final class Template {
    /**
     * An API route of a function: method, path template (with {param}s), handler class, and the logical id of the
     * REST API it belongs to ("" for SAM's implicit one).
     */
    public record Route(String functionName, String method, String path, String handlerClass, String api) {
        /** A route of no particular API (a test's stand-in for a non-API trigger). */
        public Route(String functionName, String method, String path, String handlerClass) {
            this(functionName, method, path, handlerClass, "");
        }
    }

    /** A function's non-API event source: its handler class and the event's {@code Properties}. */
    public record EventSource(String functionName, String handlerClass, Map<String, Object> properties) {}

    /**
     * An {@code AWS::ApiGateway::GatewayResponse}: what API Gateway answers, instead of its own body and
     * status, for one type of the errors it answers itself. {@code statusCode} is empty when the template
     * gives none (the type's default status then); templates by content type, response parameters (e.g.
     * {@code gatewayresponse.header.X: "'value'"}) as written.
     */
    public record GatewayResponse(
            String logicalId,
            String responseType,
            Optional<String> statusCode,
            Map<String, String> responseTemplates,
            Map<String, String> responseParameters) {}

    private final Map<String, Object> root;

    private Template(Map<String, Object> root) {
        this.root = root;
    }

    public static Template load(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> root = new Yaml(new IntrinsicConstructor()).load(reader);
            return new Template(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** The project's template.yaml: -Dnimbus.template, else ./template.yaml or a parent folder's. */
    public static Template loadDefault() {
        return load(defaultPath());
    }

    public static Path defaultPath() {
        String configured = System.getProperty("nimbus.template");
        if (configured != null) return Path.of(configured);
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir.resolve("template.yaml");
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("template.yaml not found; set -Dnimbus.template");
    }

    public Map<String, Object> resources() {
        return map(root.get("Resources"));
    }

    /** Every event of type {@code type} ("SQS", "DynamoDB", "S3") of every function, in template order. */
    public List<EventSource> eventSources(String type) {
        List<EventSource> out = new java.util.ArrayList<>();
        for (String name : resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> props = properties(name);
            for (Object value : map(props.get("Events")).values()) {
                Map<String, Object> event = map(value);
                if (!type.equals(event.get("Type"))) continue;
                out.add(new EventSource(
                        name, ((String) props.get("Handler")).split("::")[0], map(event.get("Properties"))));
            }
        }
        return out;
    }

    /** A top-level section as written: "Parameters", "Outputs", ... (empty when absent). */
    public Map<String, Object> section(String name) {
        return map(root.get(name));
    }

    /** Logical ids of resources of a type, in template order. */
    public List<String> resourcesOfType(String type) {
        return resources().entrySet().stream()
                .filter(e -> type.equals(map(e.getValue()).get("Type")))
                .map(Map.Entry::getKey)
                .toList();
    }

    public Map<String, Object> properties(String logicalId) {
        return map(map(resources().get(logicalId)).get("Properties"));
    }

    public Optional<String> parameterDefault(String name) {
        Object p = map(root.get("Parameters")).get(name);
        return p == null ? Optional.empty() : Optional.ofNullable((String) map(p).get("Default"));
    }

    /** Gives parameter {@code name} this default in this loaded copy (a test's stand-in for a deploy's value). */
    @SuppressWarnings("unchecked")
    public Template withParameterDefault(String name, String value) {
        ((Map<String, Object>) map(root.get("Parameters")).get(name)).put("Default", value);
        return this;
    }

    /** Globals.Function: the properties every function shares. */
    public Map<String, Object> functionGlobals() {
        return map(map(root.get("Globals")).get("Function"));
    }

    /** Globals.Function.Environment.Variables, values still in template form. */
    public Map<String, Object> globalEnvironment() {
        return map(map(functionGlobals().get("Environment")).get("Variables"));
    }

    /** Function {@code logicalId}'s own Environment.Variables (without the Globals), values still in template form. */
    public Map<String, Object> functionEnvironment(String logicalId) {
        return map(map(properties(logicalId).get("Environment")).get("Variables"));
    }

    public List<Route> routes() {
        return resourcesOfType("AWS::Serverless::Function").stream()
                .flatMap(name -> {
                    Map<String, Object> props = properties(name);
                    String handler = ((String) props.get("Handler")).split("::")[0];
                    return map(props.get("Events")).values().stream()
                            .map(Template::map)
                            .filter(event -> "Api".equals(event.get("Type")))
                            .map(event -> map(event.get("Properties")))
                            .map(p -> new Route(
                                    name,
                                    ((String) p.get("Method")).toUpperCase(),
                                    (String) p.get("Path"),
                                    handler,
                                    refOf(p.get("RestApiId"))));
                })
                .toList();
    }

    /**
     * The template's gateway responses by the logical id of their REST API, then by ResponseType, in template
     * order. Only literal values are understood: a StatusCode, template or parameter given as an intrinsic, or two
     * responses of one type for one API (which API Gateway refuses), is an IllegalStateException.
     */
    public Map<String, Map<String, GatewayResponse>> gatewayResponses() {
        Map<String, Map<String, GatewayResponse>> byApi = new LinkedHashMap<>();
        for (String id : resourcesOfType("AWS::ApiGateway::GatewayResponse")) {
            Map<String, Object> props = properties(id);
            Map<String, GatewayResponse> responses =
                    byApi.computeIfAbsent(refOf(props.get("RestApiId")), api -> new LinkedHashMap<>());
            String type = literal(id, "ResponseType", props.get("ResponseType"));
            if (type == null) throw new IllegalStateException(id + " has no ResponseType");
            GatewayResponse response = new GatewayResponse(
                    id,
                    type,
                    Optional.ofNullable(literal(id, "StatusCode", props.get("StatusCode"))),
                    literals(id, "ResponseTemplates", props.get("ResponseTemplates")),
                    literals(id, "ResponseParameters", props.get("ResponseParameters")));
            GatewayResponse earlier = responses.putIfAbsent(type, response);
            if (earlier != null) {
                throw new IllegalStateException(
                        earlier.logicalId() + " and " + id + " are both gateway responses of type " + type);
            }
        }
        return byApi;
    }

    /** The logical id a {@code !Ref} names; "" for anything else (absent: SAM's implicit API). */
    private static String refOf(Object value) {
        return map(value).get("Ref") instanceof String ref ? ref : "";
    }

    /** A scalar as CloudFormation reads it (a YAML number is its string), null when absent. */
    private static String literal(String id, String property, Object value) {
        if (value == null) return null;
        if (value instanceof String || value instanceof Number || value instanceof Boolean) return value.toString();
        throw new IllegalStateException(id + "." + property + " is not a literal value: " + value);
    }

    private static Map<String, String> literals(String id, String property, Object value) {
        if (value == null) return Map.of();
        Map<String, String> out = new LinkedHashMap<>();
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalStateException(id + "." + property + " is not a map: " + value);
        }
        map(value).forEach((key, v) -> {
            String literal = literal(id, property + "." + key, v);
            if (literal != null) out.put(key, literal);
        });
        return Collections.unmodifiableMap(out);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** Maps every {@code !Tag} to CloudFormation's long form: {@code !GetAtt A.B} becomes {@code Fn::GetAtt: [A, B]}. */
    private static final class IntrinsicConstructor extends SafeConstructor {
        IntrinsicConstructor() {
            super(new LoaderOptions());
            this.yamlMultiConstructors.put("!", new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue().substring(1);
                    String name = tag.equals("Ref") || tag.equals("Condition") ? tag : "Fn::" + tag;
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = scalar.getValue();
                        if (tag.equals("GetAtt")) value = List.of(((String) value).split("\\.", 2));
                    } else if (node instanceof SequenceNode seq) {
                        value = constructSequence(seq);
                    } else {
                        value = constructMapping((MappingNode) node);
                    }
                    Map<String, Object> intrinsic = new LinkedHashMap<>();
                    intrinsic.put(name, value);
                    return intrinsic;
                }
            });
        }
    }
}
