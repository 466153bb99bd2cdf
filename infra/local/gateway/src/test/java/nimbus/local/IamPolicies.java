package nimbus.local;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nimbus.local.IamActions.Need;
import nimbus.local.kit.LocalResources;
import nimbus.local.kit.Template;

/**
 * The permissions template.yaml gives each function: the inline statements of its {@code Policies},
 * their intrinsics resolved to ARNs ({@code !GetAtt Table.Arn}, {@code !Sub "${Table.Arn}/index/*"},
 * {@code !Ref AssetsBucket}, pseudo parameters) with the same placeholders {@link IamActions} gives the
 * recorded calls, and evaluated as IAM evaluates one identity policy: an explicit Deny wins, then any
 * Allow whose Action (or NotAction) and Resource (or NotResource) match, with IAM's wildcards
 * ({@code *}, {@code ?}; actions case-insensitively); nothing else is allowed.
 *
 * <p>Of conditions it evaluates one family, the one that scopes a DynamoDB statement to some partition
 * keys: {@code dynamodb:LeadingKeys} under {@code ForAllValues:StringLike}, {@code ForAllValues:StringEquals},
 * {@code StringLike} or {@code StringEquals}, against the partition key value(s) the call's request holds
 * ({@link Need#leadingKeys()}). A set operator needs every value to match one of the statement's; a
 * plain operator needs the request to hold exactly one. A call that holds no partition key value (a
 * Scan, a request whose key cannot be read) is not evaluated, although AWS would find ForAllValues
 * vacuously true and allow it: a hole that statement's actions should not leave open.
 *
 * <p>What it cannot evaluate offline it refuses rather than guesses: a managed policy (other than the
 * logging-only ones SAM itself attaches), a SAM policy template, a {@code Role} or a permissions
 * boundary, an intrinsic it does not know. A statement with any other {@code Condition} (another key,
 * another operator, a policy variable, {@code ...IfExists}), or with one it cannot evaluate for the
 * call, is taken at its most restrictive: its Allow counts for nothing, its Deny for everything.
 */
final class IamPolicies {
    /** Managed policies that grant nothing on DynamoDB or S3 (SAM attaches the first to every function). */
    private static final List<String> LOGGING_ONLY =
            List.of("AWSLambdaBasicExecutionRole", "AWSXRayDaemonWriteAccess", "AWSLambdaVPCAccessExecutionRole");

    /** A resource of a statement: the ARN (pattern) it resolves to, and how the template writes it. */
    record Resource(String arn, String written) {}

    /** One statement of a function's policy, resolved; {@code condition} null when it has none. */
    record Statement(
            boolean allow,
            List<String> actions,
            boolean notAction,
            List<Resource> resources,
            boolean notResource,
            Condition condition) {

        boolean conditional() {
            return condition != null;
        }

        boolean covers(String action, String resource) {
            boolean actionMatches = actions.stream().anyMatch(a -> matches(a, action, true));
            boolean resourceMatches = resources.stream().anyMatch(r -> matches(r.arn(), resource, false));
            return actionMatches != notAction && resourceMatches != notResource;
        }
    }

    /** What IAM would answer; {@code why} explains a refusal. */
    record Decision(boolean allowed, String why) {}

    /** One action (pattern) an Allow statement grants on one resource (pattern), under its condition (or null). */
    record Grant(String action, Resource resource, Condition condition) {

        /** Whether this grant is what allows {@code need}. */
        boolean allows(Need need) {
            return matches(action, need.action(), true)
                    && matches(resource.arn(), need.resource(), false)
                    && (condition == null || condition.test(need.leadingKeys()).holds());
        }

        @Override
        public String toString() {
            return action + " on " + resource.written() + (condition == null ? "" : " if " + condition);
        }
    }

    /** The condition operators evaluated on {@code dynamodb:LeadingKeys}. */
    static final List<String> LEADING_KEYS_OPERATORS =
            List.of("ForAllValues:StringLike", "ForAllValues:StringEquals", "StringLike", "StringEquals");

    static final String LEADING_KEYS = "dynamodb:LeadingKeys";

    /** One {@code operator: {dynamodb:LeadingKeys: values}} of a Condition. */
    record Clause(String operator, List<String> values) {

        /** The first of {@code keys} that fails this clause; empty when all pass. */
        Optional<String> failing(List<String> keys) {
            boolean like = operator.endsWith("StringLike");
            return keys.stream()
                    .filter(k -> values.stream().noneMatch(v -> like ? matches(v, k, false) : v.equals(k)))
                    .findFirst();
        }

        @Override
        public String toString() {
            return operator + " " + LEADING_KEYS + " " + values;
        }
    }

    /** What a condition says of one call: it holds, it does not, or it is not evaluated; {@code why} says which. */
    record Verdict(Outcome outcome, String why) {
        enum Outcome {
            HOLDS,
            FAILS,
            NOT_EVALUATED
        }

        boolean holds() {
            return outcome == Outcome.HOLDS;
        }
    }

    /**
     * A statement's Condition: its {@link Clause}s (all must hold), or, when it is anything else, the
     * part of it that is not evaluated ({@code unevaluated}).
     */
    record Condition(List<Clause> clauses, String unevaluated) {

        Verdict test(List<String> leadingKeys) {
            if (unevaluated != null)
                return new Verdict(
                        Verdict.Outcome.NOT_EVALUATED,
                        "its Condition is not evaluated (" + unevaluated + "; IamPolicies evaluates only "
                                + LEADING_KEYS + " under " + String.join(", ", LEADING_KEYS_OPERATORS) + ")");
            if (leadingKeys == null || leadingKeys.isEmpty())
                return new Verdict(
                        Verdict.Outcome.NOT_EVALUATED,
                        "its Condition " + this + " is not evaluated: the call names no partition key");
            for (Clause clause : clauses) {
                if (!clause.operator().startsWith("ForAllValues:") && leadingKeys.size() > 1)
                    return new Verdict(
                            Verdict.Outcome.NOT_EVALUATED,
                            "its Condition " + clause + " is not evaluated: a single-valued operator on the "
                                    + leadingKeys.size() + " partition keys " + leadingKeys);
                Optional<String> failing = clause.failing(leadingKeys);
                if (failing.isPresent())
                    return new Verdict(
                            Verdict.Outcome.FAILS,
                            "its Condition " + clause + " does not hold for partition key " + failing.get());
            }
            return new Verdict(Verdict.Outcome.HOLDS, "its Condition " + this + " holds for " + leadingKeys);
        }

        @Override
        public String toString() {
            return unevaluated != null
                    ? unevaluated
                    : clauses.stream().map(Clause::toString).collect(Collectors.joining(" and "));
        }
    }

    private final Template template;
    private final Function<String, String> physicalName;
    private final Map<String, List<Statement>> statements = new LinkedHashMap<>();
    private final Map<String, String> arnNames = new LinkedHashMap<>();
    private final Map<String, String> partitionKeys = new LinkedHashMap<>();
    /** A KMS alias's ARN to its key's: IAM authorises a call that names a key by its alias on the key. */
    private final Map<String, String> aliasTargets = new LinkedHashMap<>();

    /** The template's policies with the local stack's resource names (those the recorded calls use). */
    static IamPolicies of(Template template) {
        return new IamPolicies(template, new LocalResources(template)::physicalName);
    }

    IamPolicies(Template template, Function<String, String> physicalName) {
        this.template = template;
        this.physicalName = physicalName;
        Map<String, Object> globals = template.functionGlobals();
        for (String property : List.of("Policies", "Role", "PermissionsBoundary")) {
            if (globals.containsKey(property))
                throw new IllegalStateException("Globals.Function." + property + " is not evaluated by IamPolicies");
        }
        for (String id : template.resources().keySet()) {
            arnOf(id).ifPresent(arn -> arnNames.put(arn, "${" + id + ".Arn}"));
        }
        for (String table : template.resourcesOfType("AWS::DynamoDB::Table")) {
            readKeySchemas(table);
        }
        for (String alias : template.resourcesOfType("AWS::KMS::Alias")) {
            Object target =
                    Template.map(template.properties(alias).get("TargetKeyId")).get("Ref");
            if (target instanceof String key && "AWS::KMS::Key".equals(typeOf(key)))
                aliasTargets.put(
                        IamActions.kmsArn(physicalName.apply(alias)), IamActions.kmsArn(physicalName.apply(key)));
        }
        for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
            statements.put(function, parse(function, template.properties(function)));
        }
    }

    List<String> functions() {
        return List.copyOf(statements.keySet());
    }

    List<Statement> statements(String function) {
        List<Statement> found = statements.get(function);
        if (found == null) throw new IllegalArgumentException("no function " + function + " in template.yaml");
        return found;
    }

    /** {@code need} on the resource IAM checks: a KMS key named by its alias is checked on the key. */
    Need resolved(Need need) {
        String resource = aliasTargets.get(need.resource());
        return resource == null ? need : new Need(need.action(), resource, need.call(), need.leadingKeys());
    }

    /** The decision for {@code action} on {@code resource} of a call whose partition keys are unknown. */
    Decision decide(String function, String action, String resource) {
        return decide(function, new Need(action, resource, action, null));
    }

    /** What IAM would answer {@code function} for {@code need}, its leading keys tested by conditions. */
    Decision decide(String function, Need need) {
        String action = need.action();
        String resource = aliasTargets.getOrDefault(need.resource(), need.resource());
        List<Statement> policy = statements(function);
        for (Statement deny : policy) {
            if (deny.allow() || !deny.covers(action, resource)) continue;
            if (deny.condition() == null) return new Decision(false, "an explicit Deny statement covers it");
            Verdict verdict = deny.condition().test(need.leadingKeys());
            if (verdict.outcome() != Verdict.Outcome.FAILS)
                return new Decision(false, "an explicit Deny statement covers it: " + verdict.why());
        }
        if (policy.stream().anyMatch(s -> s.allow() && !s.conditional() && s.covers(action, resource)))
            return new Decision(true, "allowed");
        List<String> conditions = new ArrayList<>();
        for (Statement allow : policy) {
            if (!allow.allow() || !allow.conditional() || !allow.covers(action, resource)) continue;
            Verdict verdict = allow.condition().test(need.leadingKeys());
            if (verdict.holds()) return new Decision(true, "allowed: " + verdict.why());
            if (!conditions.contains(verdict.why())) conditions.add(verdict.why());
        }
        if (!conditions.isEmpty())
            return new Decision(
                    false, "only a statement with a Condition allows it, and " + String.join("; ", conditions));
        List<String> elsewhere = policy.stream()
                .filter(s -> s.allow() && !s.notAction() && !s.notResource())
                .filter(s -> s.actions().stream().anyMatch(a -> matches(a, action, true)))
                .flatMap(s -> s.resources().stream().map(Resource::written))
                .distinct()
                .toList();
        return new Decision(
                false,
                elsewhere.isEmpty()
                        ? "no statement grants " + action
                        : action + " is granted only on " + String.join(", ", elsewhere));
    }

    /**
     * The attribute that is the partition key of a table or index of the template, by its ARN
     * ({@code <table ARN>} or {@code <table ARN>/index/<name>}), from the KeySchema.
     */
    Optional<String> partitionKey(String tableOrIndexArn) {
        return Optional.ofNullable(partitionKeys.get(tableOrIndexArn));
    }

    /** Every action (pattern) an Allow statement grants, on every resource it names. */
    List<Grant> grants(String function) {
        List<Grant> grants = new ArrayList<>();
        for (Statement s : statements(function)) {
            if (!s.allow() || s.notAction() || s.notResource()) continue;
            for (String action : s.actions()) {
                for (Resource resource : s.resources()) grants.add(new Grant(action, resource, s.condition()));
            }
        }
        return grants;
    }

    /** An ARN as the template would write it: {@code ${Table.Arn}/index/gsi1}, {@code ${AssetsBucket.Arn}/files/...}. */
    String describe(String arn) {
        return arnNames.entrySet().stream()
                .sorted(Comparator.comparing(
                                (Map.Entry<String, String> e) -> e.getKey().length())
                        .reversed())
                .filter(e -> arn.equals(e.getKey()) || arn.startsWith(e.getKey() + "/"))
                .findFirst()
                .map(e -> e.getValue() + arn.substring(e.getKey().length()))
                .orElse(arn);
    }

    /** IAM's wildcard match: {@code *} any run of characters (slashes and colons included), {@code ?} one. */
    static boolean matches(String pattern, String value, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') regex.append(".*");
            else if (c == '?') regex.append('.');
            else regex.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE : 0)
                .matcher(value)
                .matches();
    }

    // ---------------------------------------------------------------------------------------------

    private List<Statement> parse(String function, Map<String, Object> properties) {
        for (String property : List.of("Role", "PermissionsBoundary")) {
            if (properties.containsKey(property))
                throw new IllegalStateException(
                        function + " has a " + property + ", which IamPolicies does not evaluate");
        }
        Object policies = properties.get("Policies");
        if (policies == null) return List.of();
        List<Statement> parsed = new ArrayList<>();
        for (Object policy : policies instanceof List<?> list ? list : List.of(policies)) {
            if (policy instanceof String managed) {
                if (LOGGING_ONLY.stream().anyMatch(n -> managed.equals(n) || managed.endsWith("/" + n))) continue;
                throw new IllegalStateException(function + ": managed policy " + managed
                        + " cannot be evaluated offline; write its statements inline");
            }
            Map<String, Object> document = Template.map(policy);
            if (!document.containsKey("Statement")) {
                throw new IllegalStateException(function + ": policy " + document.keySet()
                        + " (a SAM policy template or an intrinsic) is not evaluated by IamPolicies;"
                        + " write its statements inline");
            }
            Object body = document.get("Statement");
            for (Object statement : body instanceof List<?> list ? list : List.of(body)) {
                parsed.add(statement(function, Template.map(statement)));
            }
        }
        return List.copyOf(parsed);
    }

    private Statement statement(String function, Map<String, Object> s) {
        String effect = String.valueOf(s.get("Effect"));
        if (!effect.equals("Allow") && !effect.equals("Deny"))
            throw new IllegalStateException(function + ": a statement's Effect is " + effect);
        boolean notAction = s.containsKey("NotAction");
        boolean notResource = s.containsKey("NotResource");
        List<String> actions = list(s.get(notAction ? "NotAction" : "Action")).stream()
                .map(a -> resolve(a, function))
                .toList();
        List<Resource> resources = list(s.get(notResource ? "NotResource" : "Resource")).stream()
                .map(r -> new Resource(resolve(r, function), written(r)))
                .toList();
        if (actions.isEmpty() || resources.isEmpty())
            throw new IllegalStateException(function + ": a statement without actions or resources: " + s);
        return new Statement(
                effect.equals("Allow"),
                actions,
                notAction,
                resources,
                notResource,
                s.containsKey("Condition") ? condition(s.get("Condition"), function) : null);
    }

    /** A Condition block: its LeadingKeys clauses, or what in it is not evaluated. */
    private Condition condition(Object block, String function) {
        Map<String, Object> operators = Template.map(block);
        List<Clause> clauses = new ArrayList<>();
        List<String> unevaluated = new ArrayList<>();
        if (operators.isEmpty()) unevaluated.add("an empty or unreadable Condition " + block);
        for (Map.Entry<String, Object> operator : operators.entrySet()) {
            Map<String, Object> keys = Template.map(operator.getValue());
            if (keys.isEmpty()) unevaluated.add(operator.getKey() + " " + operator.getValue());
            for (Map.Entry<String, Object> key : keys.entrySet()) {
                String written = operator.getKey() + " " + key.getKey();
                if (!LEADING_KEYS_OPERATORS.contains(operator.getKey())
                        || !key.getKey().toLowerCase(Locale.ROOT).equals(LEADING_KEYS.toLowerCase(Locale.ROOT))) {
                    unevaluated.add(written);
                    continue;
                }
                List<String> values = list(key.getValue()).stream()
                        .map(v -> v instanceof String || v instanceof Map ? resolve(v, function) : String.valueOf(v))
                        .toList();
                if (values.isEmpty() || values.stream().anyMatch(v -> v.contains("${")))
                    unevaluated.add(written + " " + values + " (a policy variable, or no value)");
                else clauses.add(new Clause(operator.getKey(), values));
            }
        }
        return unevaluated.isEmpty()
                ? new Condition(List.copyOf(clauses), null)
                : new Condition(List.of(), String.join(", ", unevaluated));
    }

    /** The partition key attribute of {@code table} and of each of its indexes, by their ARNs. */
    private void readKeySchemas(String table) {
        Map<String, Object> properties = template.properties(table);
        String arn = IamActions.tableArn(physicalName.apply(table));
        Optional<String> tableKey = hashKey(properties.get("KeySchema"));
        tableKey.ifPresent(key -> partitionKeys.put(arn, key));
        for (Object index : list(properties.get("GlobalSecondaryIndexes"))) {
            Map<String, Object> gsi = Template.map(index);
            hashKey(gsi.get("KeySchema"))
                    .ifPresent(key -> partitionKeys.put(arn + "/index/" + gsi.get("IndexName"), key));
        }
        for (Object index : list(properties.get("LocalSecondaryIndexes"))) {
            Map<String, Object> lsi = Template.map(index);
            tableKey.ifPresent(key -> partitionKeys.put(arn + "/index/" + lsi.get("IndexName"), key));
        }
    }

    private static Optional<String> hashKey(Object keySchema) {
        return list(keySchema).stream()
                .map(Template::map)
                .filter(k -> "HASH".equals(k.get("KeyType")))
                .map(k -> String.valueOf(k.get("AttributeName")))
                .findFirst();
    }

    private static List<?> list(Object value) {
        if (value == null) return List.of();
        return value instanceof List<?> list ? list : List.of(value);
    }

    // -------------------------------------------------------------------------- intrinsics

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private String resolve(Object value, String function) {
        if (value instanceof String s) return s;
        Map<String, Object> intrinsic = Template.map(value);
        if (intrinsic.size() == 1) {
            Object argument = intrinsic.values().iterator().next();
            switch (intrinsic.keySet().iterator().next()) {
                case "Ref":
                    return ref((String) argument, function);
                case "Fn::GetAtt":
                    List<?> parts = argument instanceof String s ? List.of(s.split("\\.", 2)) : (List<?>) argument;
                    return getAtt((String) parts.get(0), (String) parts.get(1), function);
                case "Fn::Sub":
                    return sub(argument, function);
                case "Fn::Join":
                    List<?> join = (List<?>) argument;
                    return list(join.get(1)).stream()
                            .map(part -> resolve(part, function))
                            .collect(Collectors.joining((String) join.get(0)));
                default:
                    break;
            }
        }
        throw new IllegalStateException(
                function + ": cannot resolve " + value + " in its policy; teach IamPolicies that intrinsic");
    }

    private String sub(Object argument, String function) {
        String text;
        Map<String, Object> variables;
        if (argument instanceof List<?> list) {
            text = (String) list.get(0);
            variables = Template.map(list.get(1));
        } else {
            text = (String) argument;
            variables = Map.of();
        }
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).trim();
            String replacement;
            if (name.startsWith("!")) replacement = "${" + name.substring(1) + "}";
            else if (variables.containsKey(name)) replacement = resolve(variables.get(name), function);
            else if (name.contains(".") && !name.contains("::")) {
                String[] parts = name.split("\\.", 2);
                replacement = getAtt(parts[0], parts[1], function);
            } else replacement = ref(name, function);
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String ref(String name, String function) {
        String pseudo = IamActions.pseudoParameters().get(name);
        if (pseudo != null) return pseudo;
        if (Template.map(template.resources().get(name)).isEmpty()) {
            return template.parameterDefault(name)
                    .orElseThrow(() -> new IllegalStateException(
                            function + ": !Ref " + name + " is neither a resource nor a parameter with a default"));
        }
        String type =
                String.valueOf(Template.map(template.resources().get(name)).get("Type"));
        return switch (type) {
            case "AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::KMS::Key", "AWS::KMS::Alias" ->
                physicalName.apply(name);
            case "AWS::SQS::Queue" ->
                "https://sqs.%s.amazonaws.com/%s/%s"
                        .formatted(IamActions.REGION, IamActions.ACCOUNT, physicalName.apply(name));
            default ->
                throw new IllegalStateException(
                        function + ": !Ref " + name + " (" + type + ") is not resolved by IamPolicies");
        };
    }

    private String getAtt(String id, String attribute, String function) {
        if (attribute.equals("Arn")) {
            Optional<String> arn = arnOf(id);
            if (arn.isPresent()) return arn.get();
        }
        if (attribute.equals("QueueName") && "AWS::SQS::Queue".equals(typeOf(id))) return physicalName.apply(id);
        throw new IllegalStateException(
                function + ": !GetAtt " + id + "." + attribute + " is not resolved by IamPolicies");
    }

    private Optional<String> arnOf(String id) {
        return Optional.ofNullable(
                switch (typeOf(id)) {
                    case "AWS::DynamoDB::Table" -> IamActions.tableArn(physicalName.apply(id));
                    case "AWS::S3::Bucket" -> IamActions.bucketArn(physicalName.apply(id));
                    case "AWS::SQS::Queue" -> IamActions.queueArn(physicalName.apply(id));
                    case "AWS::KMS::Key" -> IamActions.kmsArn(physicalName.apply(id));
                    default -> null;
                });
    }

    private String typeOf(String id) {
        return String.valueOf(Template.map(template.resources().get(id)).get("Type"));
    }

    /** An intrinsic in the template's short form, for messages: {@code !GetAtt Table.Arn}. */
    static String written(Object value) {
        if (value instanceof String s) return s;
        Map<String, Object> intrinsic = Template.map(value);
        if (intrinsic.size() != 1) return String.valueOf(value);
        String name = intrinsic.keySet().iterator().next();
        Object argument = intrinsic.get(name);
        String tag = "!" + name.replace("Fn::", "");
        if (name.equals("Fn::GetAtt") && argument instanceof List<?> parts)
            return tag + " " + parts.stream().map(String::valueOf).collect(Collectors.joining("."));
        if (name.equals("Fn::Sub") && argument instanceof String s) return tag + " \"" + s + "\"";
        return tag + " " + argument;
    }
}
