package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nimbus.local.CallBudgetTest.Calls;
import nimbus.local.CallBudgetTest.Container;
import nimbus.local.CallBudgetTest.Fixture;
import nimbus.local.CallBudgetTest.Invocation;
import nimbus.local.CallBudgetTest.Run;
import nimbus.local.CallBudgetTest.Setup;
import nimbus.local.IamActions.Need;
import nimbus.local.kit.Events;
import nimbus.local.kit.Template;
import nimbus.local.kit.TestCertificates;
import nimbus.local.kit.TestStack;
import nimbus.shared.Settings;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FileService;
import nimbus.shared.store.Items;
import nimbus.shared.store.Keys;
import nimbus.shared.zone.HostnameStyle;
import nimbus.shared.zone.NewZone;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneKind;
import nimbus.shared.zone.ZoneService;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * IAM checked without AWS: moto enforces no IAM, so a call a function's policy in template.yaml does
 * not allow would first fail, with AccessDenied, after a real deploy. This test fails instead.
 *
 * <p>The calls are those each function really makes against moto: CallBudgetTest's runs (cold and
 * warm; the very same runs when both tests share a JVM), SnapStart's priming, and {@link #ERROR_PATHS},
 * the paths a successful call does not take (a quota refusal after a cancelled transaction, a refused
 * metadata write, a refused folder delete, a range and a presigned download, a download whose blob is
 * gone, folders in uploads, listings, moves and deletes), each run for real in a fresh container, its
 * race or fault staged at the SDK boundary. {@link IamActions} turns each call into the IAM actions AWS
 * checks for it and the ARNs it checks them on (a transaction's items one by one, each key of a
 * multi-object delete, a query on its index, {@code s3:ListBucket} too for the 404 of a missing object),
 * with the partition keys it touches; {@link IamPolicies} evaluates each against the function's
 * statements, a {@code dynamodb:LeadingKeys} condition against those keys. The reverse,
 * what a policy grants that no call here used, is printed as a least-privilege report and never fails:
 * a path not run here may still need it.
 */
class IamPolicyTest {
    /**
     * A path of a function that its budget run does not take (an error path, or another shape of the call:
     * a range, a folder), run cold in a fresh container; {@code mustCall} proves it was taken. When
     * {@code objectsMissing}, its setup removed the objects the call reads, and the call's S3 reads are
     * checked as reads of a missing object (S3 answers them 404 only with {@code s3:ListBucket}).
     */
    record ErrorPath(
            String function,
            String path,
            Setup setup,
            Map<String, String> settings,
            Outcome outcome,
            List<String> mustCall,
            boolean objectsMissing) {

        /** The call, checked to have taken the path: how it ended and (at least) the calls it must make. */
        List<AwsCall> run(Template.Route route) throws Exception {
            try (Container container = new Container(route)) {
                Invocation call = container.call(setup, settings);
                String what = function + ", " + path + ": " + call;
                assertTrue(outcome.matches(call.status()), "expected " + outcome + ": " + what);
                Calls made = Calls.of(call.calls().stream().map(AwsCall::name).toList());
                Calls.parse(mustCall.toArray(String[]::new))
                        .counts()
                        .forEach((name, n) -> assertTrue(
                                made.counts().getOrDefault(name, 0) >= n,
                                "the path was not taken (" + name + " x" + n + " expected): " + what));
                if (!objectsMissing) return call.calls();
                return call.calls().stream()
                        .map(c -> !c.presigned()
                                        && (c.name().equals("S3.GetObject")
                                                || c.name().equals("S3.HeadObject"))
                                ? c.ofMissingObject()
                                : c)
                        .toList();
            }
        }
    }

    /** How a path's call ends: the dialects choose the exact status of an error. */
    enum Outcome {
        SUCCESS,
        REDIRECT,
        NOT_FOUND,
        ERROR;

        boolean matches(int status) {
            return switch (this) {
                case SUCCESS -> status / 100 == 2;
                case REDIRECT -> status / 100 == 3;
                case NOT_FOUND -> status == 404;
                case ERROR -> status >= 400;
            };
        }
    }

    static final List<ErrorPath> ERROR_PATHS = List.of(
            // uploads: the quota holds in the transaction's condition, so a concurrent upload can fill the
            // account between the read and the write: the blob is removed and the account read again
            path(
                    "HackClubUploadFunction",
                    "quota refused by the transaction",
                    then("HackClubUploadFunction", IamPolicyTest::fillAccountBeforeTheTransaction),
                    Outcome.ERROR,
                    "S3.DeleteObject",
                    "DynamoDb.GetItem x3"),
            path(
                    "HackClubUploadFunction",
                    "metadata write refused by DynamoDB",
                    then("HackClubUploadFunction", (f, e) -> failTransactions(f, 400, 1, e)),
                    Outcome.ERROR,
                    "S3.DeleteObject"),
            path(
                    "HackClubUploadFunction",
                    "metadata write outcome unknown",
                    then("HackClubUploadFunction", (f, e) -> failTransactions(f, 500, Integer.MAX_VALUE, e)),
                    Outcome.ERROR,
                    "DynamoDb.TransactWriteItems"),
            path(
                    "HackClubBatchUploadFunction",
                    "quota refused by the transactions",
                    then("HackClubBatchUploadFunction", IamPolicyTest::fillAccountBeforeTheTransaction),
                    Outcome.ERROR,
                    "S3.DeleteObject x2"),
            path(
                    "HackClubUploadFromUrlFunction",
                    "quota refused by the transaction",
                    then("HackClubUploadFromUrlFunction", IamPolicyTest::fillAccountBeforeTheTransaction),
                    Outcome.ERROR,
                    "S3.DeleteObject",
                    "DynamoDb.GetItem x3"),
            path(
                    "AetherUploadFileFunction",
                    "quota refused by the transaction",
                    then("AetherUploadFileFunction", IamPolicyTest::fillAccountBeforeTheTransaction),
                    Outcome.ERROR,
                    "S3.DeleteObject",
                    "DynamoDb.GetItem x3"),
            path(
                    "AetherUploadFileFunction",
                    "into a folder (its counter in the transaction)",
                    then("AetherUploadFileFunction", (f, e) -> withQuery(e, "folderId", f.folder())),
                    Outcome.SUCCESS,
                    "DynamoDb.TransactWriteItems"),
            path(
                    "AetherUploadFileFunction",
                    "into a folder that does not exist",
                    then(
                            "AetherUploadFileFunction",
                            (f, e) -> withQuery(e, "folderId", UUID.randomUUID().toString())),
                    Outcome.ERROR,
                    "S3.DeleteObject"),
            // a file deleted meanwhile: the transaction is cancelled, and the rest still deleted
            path(
                    "HackClubBatchDeleteFunction",
                    "a file deleted meanwhile",
                    (f, e) -> {
                        String gone = f.file().id();
                        String kept = f.file().id();
                        f.recorder.hook(once(
                                "DynamoDb.TransactWriteItems",
                                () -> TestStack.context()
                                        .getBean(FileService.class)
                                        .delete(f.account.id(), gone)));
                        return CallBudgetTest.json(e, Map.of("ids", List.of(gone, kept)));
                    },
                    Outcome.SUCCESS,
                    "DynamoDb.TransactWriteItems",
                    "S3.DeleteObjects"),
            path(
                    "AetherDownloadFileFunction",
                    "a byte range",
                    then("AetherDownloadFileFunction", (f, e) -> Events.withHeader(e, "Range", "bytes=0-3")),
                    Outcome.SUCCESS,
                    "S3.GetObject"),
            new ErrorPath(
                    "AetherDownloadFileFunction",
                    "too big to answer inline: a redirect to the CDN, signed with the files zone's grant key",
                    CallBudgetTest.setupOf("AetherDownloadFileFunction"),
                    Map.of("NIMBUS_INLINE_DOWNLOAD_MAX_BYTES", "4"),
                    Outcome.REDIRECT,
                    List.of("DynamoDb.GetItem x3"),
                    false),
            new ErrorPath(
                    "AetherDownloadFileFunction",
                    "too big to answer inline, a files zone without a grant key: a presigned GET",
                    then("AetherDownloadFileFunction", (f, e) -> {
                        TestStack.dynamo()
                                .updateItem(u -> u.tableName(Settings.tableName())
                                        .key(Items.key(Keys.zone(Zone.filesZoneId(f.account.id())), Keys.ZONE_SK))
                                        .updateExpression("REMOVE grantKey"));
                        return e;
                    }),
                    Map.of("NIMBUS_INLINE_DOWNLOAD_MAX_BYTES", "4"),
                    Outcome.REDIRECT,
                    List.of("S3.GetObject"),
                    false),
            // metadata without its blob: S3's 404 (given s3:ListBucket) is the file not found
            missingBlob("AetherDownloadFileFunction", "its blob gone", (f, e) -> e),
            missingBlob(
                    "AetherDownloadFileFunction",
                    "its blob gone, a byte range",
                    (f, e) -> Events.withHeader(e, "Range", "bytes=0-3")),
            path(
                    "AetherListFilesFunction",
                    "one folder's files (its index)",
                    (f, e) -> withQuery(e, "folderId", f.folderWithAFile()),
                    Outcome.SUCCESS,
                    "DynamoDb.Query"),
            path(
                    "AetherUpdateFileFunction",
                    "moved into a folder (its counter in a transaction)",
                    (f, e) -> CallBudgetTest.json(
                            Events.withPathParameter(e, "id", f.file().id()), Map.of("folderId", f.folder())),
                    Outcome.SUCCESS,
                    "DynamoDb.TransactWriteItems"),
            path(
                    "AetherDeleteFileFunction",
                    "a file in a folder (its counter in the transaction)",
                    (f, e) -> Events.withPathParameter(
                            e, "id", f.fileIn(f.folder()).id()),
                    Outcome.SUCCESS,
                    "DynamoDb.TransactWriteItems"),
            path(
                    "AetherDeleteFolderFunction",
                    "a folder that holds a file: refused, then read to explain",
                    (f, e) -> Events.withPathParameter(e, "id", f.folderWithAFile()),
                    Outcome.ERROR,
                    "DynamoDb.TransactWriteItems",
                    "DynamoDb.GetItem x2"),
            // a zone with files: refused as read, before anything is purged or deleted
            path(
                    "KeyCdnDeleteZoneFunction",
                    "a zone that holds files: refused as read",
                    (f, e) -> {
                        String zone = f.zone();
                        TestStack.setZoneCounter(zone, "fileCount", 1);
                        return Events.withPathParameter(e, "id", zone + ".json");
                    },
                    Outcome.ERROR,
                    "DynamoDb.GetItem x2"),
            // a name another account's zone holds: the transaction is refused on the HOST# item
            path(
                    "ResCdnCreateZoneFunction",
                    "a name another account holds: refused by the hostname registry",
                    (f, e) -> {
                        String name = "taken-" + System.nanoTime();
                        TestStack.context()
                                .getBean(ZoneService.class)
                                .create(new NewZone(
                                        Accounts.resCdn(null).id(),
                                        name,
                                        ZoneKind.PULL,
                                        "https://example.com",
                                        "origin",
                                        Map.of(),
                                        HostnameStyle.LABEL,
                                        false));
                        return CallBudgetTest.json(e, Map.of("name", name, "origin", "https://example.com"));
                    },
                    Outcome.ERROR,
                    "DynamoDb.TransactWriteItems"),
            // a custom certificate: its private key is sealed with the stack's KMS key (by its alias) first
            path(
                    "KeyCdnAddZoneFunction",
                    "a custom certificate, its key sealed with KMS",
                    then("KeyCdnAddZoneFunction", (f, e) -> CallBudgetTest.json(e, customCertificate("secure"))),
                    Outcome.SUCCESS,
                    "Kms.Encrypt",
                    "DynamoDb.TransactWriteItems"),
            path(
                    "KeyCdnEditZoneFunction",
                    "a custom certificate, its key sealed with KMS",
                    then("KeyCdnEditZoneFunction", (f, e) -> CallBudgetTest.json(e, customCertificate(null))),
                    Outcome.SUCCESS,
                    "Kms.Encrypt",
                    "DynamoDb.UpdateItem x2"));

    /** Add or Edit Zone parameters with a new custom certificate (and {@code name}, when not null). */
    private static Map<String, String> customCertificate(String name) {
        TestCertificates.Issued issued =
                TestCertificates.selfSigned(TestCertificates.Algorithm.EC, "www.example.test", Instant.now());
        Map<String, String> params = new LinkedHashMap<>();
        if (name != null) params.put("name", name);
        params.put("sslcert", "custom");
        params.put("customsslkey", issued.pkcs8Pem());
        params.put("customsslcert", issued.certPem());
        return params;
    }

    /** What each function's check found, for the report at the end. */
    private static final Map<String, Report> REPORTS = new ConcurrentHashMap<>();

    private final Template template = Template.loadDefault();
    private final IamPolicies policies = IamPolicies.of(template);

    @TestFactory
    Stream<DynamicTest> everyCallIsAllowedByItsFunctionsPolicy() {
        Stream<DynamicTest> perFunction = policies.functions().stream()
                .filter(function -> template.routes().stream()
                        .anyMatch(r -> r.functionName().equals(function)))
                .map(function -> DynamicTest.dynamicTest(function, () -> {
                    Report report = check(policies, routeOf(function), observe(routeOf(function)));
                    report.record().forEach(line -> System.out.println("[iam calls] " + function + ", " + line));
                    REPORTS.put(function, report);
                    assertTrue(report.refusals().isEmpty(), report::failure);
                }));
        Stream<DynamicTest> report =
                Stream.of(DynamicTest.dynamicTest("least-privilege report (printed, never fails)", this::printReport));
        return Stream.concat(perFunction, report);
    }

    @Test
    void everyErrorPathNamesAFunctionAndIsNamedOnce() {
        Set<String> functions = new TreeSet<>(policies.functions());
        for (ErrorPath path : ERROR_PATHS) {
            assertTrue(
                    functions.contains(path.function()),
                    "error path of a function template.yaml no longer has: " + path.function());
        }
        assertEquals(
                ERROR_PATHS.size(),
                ERROR_PATHS.stream()
                        .map(p -> p.function() + ": " + p.path())
                        .distinct()
                        .count());
    }

    /** The check fails, naming function, call, action and resource, when a policy lacks an action a call needs. */
    @Test
    void aPolicyWithoutAnActionItsFunctionUsesFails() throws Exception {
        Template.Route rename = routeOf("HackClubRenameFunction");
        Map<String, List<AwsCall>> observed =
                Map.of("cold", CallBudgetTest.run(rename).cold().calls());

        Template lacking = Template.loadDefault();
        removeAction(lacking, "HackClubRenameFunction", "dynamodb:UpdateItem");
        Report report = check(IamPolicies.of(lacking), rename, observed);

        assertFalse(report.refusals().isEmpty(), "a policy without dynamodb:UpdateItem must fail the check");
        String failure = report.failure();
        assertTrue(failure.contains("HackClubRenameFunction"), failure);
        assertTrue(failure.contains("DynamoDb.UpdateItem needs dynamodb:UpdateItem on ${Table.Arn}"), failure);
        assertTrue(check(policies, rename, observed).refusals().isEmpty(), "the real policy allows it");
    }

    // ---------------------------------------------------------------------------------------------

    /** Every call the function is seen to make, by where it was seen. */
    private static Map<String, List<AwsCall>> observe(Template.Route route) throws Exception {
        Map<String, List<AwsCall>> observed = new LinkedHashMap<>();
        Run run = CallBudgetTest.run(route);
        observed.put("cold", run.cold().calls());
        observed.put("warm", run.warm().calls());
        try (Container container = new Container(route)) {
            observed.put("SnapStart priming", container.prime());
        }
        for (ErrorPath path : ERROR_PATHS) {
            if (path.function().equals(route.functionName())) observed.put(path.path(), path.run(route));
        }
        return observed;
    }

    /** Each call's needs against the function's policy. */
    static Report check(IamPolicies policies, Template.Route route, Map<String, List<AwsCall>> observed) {
        String function = route.functionName();
        Map<String, Set<String>> refusals = new LinkedHashMap<>();
        Set<Need> needs = new LinkedHashSet<>();
        List<String> record = new ArrayList<>();
        int calls = 0;
        int checks = 0;
        for (Map.Entry<String, List<AwsCall>> seen : observed.entrySet()) {
            Map<String, Integer> lines = new LinkedHashMap<>();
            for (AwsCall call : seen.getValue()) {
                calls++;
                List<Need> callNeeds = IamActions.of(call, policies::partitionKey).stream()
                        .map(policies::resolved)
                        .toList();
                lines.merge(
                        call + " -> "
                                + callNeeds.stream()
                                        .map(n -> n.action() + " " + policies.describe(n.resource()))
                                        .collect(Collectors.joining(", ")),
                        1,
                        Integer::sum);
                for (Need need : callNeeds) {
                    checks++;
                    needs.add(need);
                    IamPolicies.Decision decision = policies.decide(function, need);
                    if (decision.allowed()) continue;
                    refusals.computeIfAbsent(
                                    need.call() + " needs " + need.action() + " on "
                                            + policies.describe(need.resource()) + " (" + decision.why() + ")",
                                    k -> new LinkedHashSet<>())
                            .add(seen.getKey());
                }
            }
            record.add(seen.getKey() + ": "
                    + lines.entrySet().stream()
                            .map(l -> l.getKey() + (l.getValue() > 1 ? " (x" + l.getValue() + ")" : ""))
                            .collect(Collectors.joining("; ")));
        }
        List<String> unused = policies.grants(function).stream()
                .filter(g -> needs.stream().noneMatch(g::allows))
                .map(IamPolicies.Grant::toString)
                .distinct()
                .toList();
        return new Report(
                function,
                observed.size(),
                calls,
                new TreeSet<>(needs.stream().map(Need::action).toList()),
                checks,
                record,
                refusals,
                unused);
    }

    /** What one function's check found. */
    record Report(
            String function,
            int runs,
            int calls,
            Set<String> actions,
            int checks,
            List<String> record,
            Map<String, Set<String>> refusals,
            List<String> unusedGrants) {

        String failure() {
            return function + "'s policy in template.yaml does not allow " + refusals.size()
                    + " of the authorisations its calls need (AWS would answer AccessDenied):\n"
                    + refusals.entrySet().stream()
                            .map(r -> "  - " + r.getKey() + ", seen in: " + String.join(", ", r.getValue()))
                            .collect(Collectors.joining("\n"))
                    + "\nAdd the action to the function's Policies (on the resource shown), or stop making the call.";
        }
    }

    private void printReport() {
        assertFalse(REPORTS.isEmpty(), "no function was checked");
        System.out.println("[iam] function | runs | calls | authorisations checked | IAM actions checked"
                + " | granted but unused (least privilege)");
        for (String function : policies.functions()) {
            Report r = REPORTS.get(function);
            if (r == null) {
                System.out.println("[iam] " + function + " | not checked (its test failed)");
                continue;
            }
            System.out.println("[iam] %s | %d | %d | %d | %d: %s | %s"
                    .formatted(
                            function,
                            r.runs(),
                            r.calls(),
                            r.checks(),
                            r.actions().size(),
                            String.join(", ", r.actions()),
                            r.unusedGrants().isEmpty() ? "none" : String.join("; ", r.unusedGrants())));
        }
    }

    private Template.Route routeOf(String function) {
        return template.routes().stream()
                .filter(r -> r.functionName().equals(function))
                .findFirst()
                .orElseThrow(() -> new AssertionError(function + " has no API route to call it by"));
    }

    // ---------------------------------------------------------------------------------------------

    private static ErrorPath path(String function, String path, Setup setup, Outcome outcome, String... mustCall) {
        return new ErrorPath(function, path, setup, Map.of(), outcome, List.of(mustCall), false);
    }

    /**
     * The function's budget setup, {@code more}, then the blob of the file its path parameter {@code id}
     * names deleted (the metadata kept): the call must answer 404 after reading it from S3.
     */
    private static ErrorPath missingBlob(String function, String path, Setup more) {
        Setup setup = then(function, (f, e) -> {
            APIGatewayProxyRequestEvent event = more.apply(f, e);
            String blob = FileRecord.blobKey(event.getPathParameters().get("id"));
            TestStack.context()
                    .getBean(S3Client.class)
                    .deleteObject(d -> d.bucket(Settings.assetsBucket()).key(blob));
            return event;
        });
        return new ErrorPath(function, path, setup, Map.of(), Outcome.NOT_FOUND, List.of("S3.GetObject"), true);
    }

    /** The function's budget setup, then {@code more}. */
    private static Setup then(String function, Setup more) {
        Setup base = CallBudgetTest.setupOf(function);
        return (f, e) -> more.apply(f, base.apply(f, e));
    }

    /** A concurrent upload fills the account after the function read it, just before its transaction. */
    private static APIGatewayProxyRequestEvent fillAccountBeforeTheTransaction(
            Fixture f, APIGatewayProxyRequestEvent event) {
        long limit = f.account.account().storageLimit();
        f.recorder.hook(once(
                "DynamoDb.TransactWriteItems",
                () -> TestStack.setAccountCounter(f.account.id(), "storageUsed", limit)));
        return event;
    }

    /** The next {@code times} transactions fail with HTTP {@code status} (a 4xx is a refusal, a 5xx ambiguous). */
    private static APIGatewayProxyRequestEvent failTransactions(
            Fixture f, int status, int times, APIGatewayProxyRequestEvent event) {
        int[] left = {times};
        f.recorder.hook(call -> {
            if (call.name().equals("DynamoDb.TransactWriteItems") && left[0]-- > 0) {
                throw (DynamoDbException) DynamoDbException.builder()
                        .statusCode(status)
                        .message("injected by IamPolicyTest")
                        .build();
            }
        });
        return event;
    }

    /** Runs {@code action} before the first call named {@code name}. */
    private static Consumer<AwsCall> once(String name, Runnable action) {
        AtomicBoolean done = new AtomicBoolean();
        return call -> {
            if (call.name().equals(name) && done.compareAndSet(false, true)) action.run();
        };
    }

    private static APIGatewayProxyRequestEvent withQuery(APIGatewayProxyRequestEvent event, String name, String value) {
        Map<String, String> single =
                new HashMap<>(event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters());
        Map<String, List<String>> multi = new HashMap<>(
                event.getMultiValueQueryStringParameters() == null
                        ? Map.of()
                        : event.getMultiValueQueryStringParameters());
        single.put(name, value);
        multi.put(name, new ArrayList<>(List.of(value)));
        event.setQueryStringParameters(single);
        event.setMultiValueQueryStringParameters(multi);
        return event;
    }

    /** Takes {@code action} out of every statement of {@code function}'s policies (in this loaded copy only). */
    @SuppressWarnings("unchecked")
    private static void removeAction(Template template, String function, String action) {
        boolean removed = false;
        for (Object policy : (List<Object>) template.properties(function).get("Policies")) {
            for (Object statement : (List<Object>) Template.map(policy).get("Statement")) {
                Object actions = Template.map(statement).get("Action");
                if (actions instanceof List<?> list) removed |= ((List<Object>) list).remove(action);
            }
        }
        assertTrue(removed, function + " has no " + action + " to remove");
    }
}
