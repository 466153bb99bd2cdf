package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import nimbus.local.kit.Events;
import nimbus.local.kit.Template;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.auth.ApiKeyService;
import nimbus.shared.auth.Authenticator;
import nimbus.shared.auth.KeyFormat;
import nimbus.shared.auth.KeyFormats;
import nimbus.shared.fetch.SafeFetcher;
import nimbus.shared.files.FileRecord;
import nimbus.shared.files.FileService;
import nimbus.shared.files.FolderService;
import nimbus.shared.files.NewFile;
import nimbus.shared.http.ApiFunction;
import nimbus.shared.http.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * The AWS calls one successful invocation of each function makes, as a budget per operation (see
 * docs/architecture.md, "AWS calls per operation"). Two situations per function:
 * <ul>
 *   <li><b>cold</b>: the key's first call in a fresh application context (a new Lambda container):
 *       the key cache is empty, so the key lookup GetItem is included;</li>
 *   <li><b>warm</b>: the same key's second call in that context (a key cache hit).</li>
 * </ul>
 * Calls are counted by an SDK {@link ExecutionInterceptor} once per SDK call ({@code beforeExecution},
 * so SDK retries do not change a count), named {@code Service.Operation}. Only the measured
 * invocation counts: the fixture (files, folders) is set up through the same context's services before
 * the recorder is cleared. Every function of template.yaml must have a budget; no call anywhere in
 * this test may be a Scan.
 */
class CallBudgetTest {

    // ---------------------------------------------------------------------------------------------
    // The budgets. One line per function of template.yaml; "xN" is a count, none means once.
    // Cold always has one DynamoDb.GetItem more than warm: the key lookup by the secret's SHA-256.
    // Aether adds the per-key rate-limit UpdateItem to every call.
    // ---------------------------------------------------------------------------------------------
    static final List<Budget> BUDGETS = List.of(
            // Hack Club v4                     key + account (quota), blob, file item + account counters
            budget(
                    "HackClubUploadFunction",
                    cold("DynamoDb.GetItem x2", "S3.PutObject", "DynamoDb.TransactWriteItems"),
                    warm("DynamoDb.GetItem", "S3.PutObject", "DynamoDb.TransactWriteItems")),
            // the sample event holds 2 files: one blob and one transaction per file
            budget(
                    "HackClubBatchUploadFunction",
                    cold("DynamoDb.GetItem x2", "S3.PutObject x2", "DynamoDb.TransactWriteItems x2"),
                    warm("DynamoDb.GetItem", "S3.PutObject x2", "DynamoDb.TransactWriteItems x2")),
            budget(
                    "HackClubUploadFromUrlFunction",
                    cold("DynamoDb.GetItem x2", "S3.PutObject", "DynamoDb.TransactWriteItems"),
                    warm("DynamoDb.GetItem", "S3.PutObject", "DynamoDb.TransactWriteItems")),
            budget("HackClubMeFunction", cold("DynamoDb.GetItem x2"), warm("DynamoDb.GetItem")),
            // key + the file (old name for the extension rule), conditional rename
            budget(
                    "HackClubRenameFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem")),
            // key + the file (size for the counters), item + counters, then the blob
            budget(
                    "HackClubDeleteUploadFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.TransactWriteItems", "S3.DeleteObject"),
                    warm("DynamoDb.GetItem", "DynamoDb.TransactWriteItems", "S3.DeleteObject")),
            // 2 ids: one BatchGetItem, one transaction, one multi-object delete
            budget(
                    "HackClubBatchDeleteFunction",
                    cold(
                            "DynamoDb.GetItem",
                            "DynamoDb.BatchGetItem",
                            "DynamoDb.TransactWriteItems",
                            "S3.DeleteObjects"),
                    warm("DynamoDb.BatchGetItem", "DynamoDb.TransactWriteItems", "S3.DeleteObjects")),
            // key + account (owner_email), revoke (returns the key's name); warm: see setup below
            budget(
                    "HackClubRevokeFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem")),
            // AetherCDN v1                     key, rate limit, then the operation
            budget(
                    "AetherListFilesFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "DynamoDb.Query"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem", "DynamoDb.Query")),
            budget(
                    "AetherUploadFileFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "S3.PutObject", "DynamoDb.TransactWriteItems"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem", "S3.PutObject", "DynamoDb.TransactWriteItems")),
            budget(
                    "AetherDownloadFileFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "S3.GetObject"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem", "S3.GetObject")),
            budget(
                    "AetherUpdateFileFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem x2"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem x2")),
            budget(
                    "AetherDeleteFileFunction",
                    cold(
                            "DynamoDb.GetItem x2",
                            "DynamoDb.UpdateItem",
                            "DynamoDb.TransactWriteItems",
                            "S3.DeleteObject"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem", "DynamoDb.TransactWriteItems", "S3.DeleteObject")),
            budget(
                    "AetherUserStatsFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem")),
            budget(
                    "AetherListFoldersFunction",
                    cold("DynamoDb.GetItem x2", "DynamoDb.UpdateItem", "DynamoDb.Query"),
                    warm("DynamoDb.GetItem", "DynamoDb.UpdateItem", "DynamoDb.Query")),
            budget(
                    "AetherCreateFolderFunction",
                    cold("DynamoDb.GetItem", "DynamoDb.UpdateItem", "DynamoDb.TransactWriteItems"),
                    warm("DynamoDb.UpdateItem", "DynamoDb.TransactWriteItems")),
            budget(
                    "AetherRenameFolderFunction",
                    cold("DynamoDb.GetItem", "DynamoDb.UpdateItem x2"),
                    warm("DynamoDb.UpdateItem x2")),
            budget(
                    "AetherDeleteFolderFunction",
                    cold("DynamoDb.GetItem", "DynamoDb.UpdateItem", "DynamoDb.TransactWriteItems"),
                    warm("DynamoDb.UpdateItem", "DynamoDb.TransactWriteItems")));

    /**
     * What a successful call of a function needs beyond its sample event from events/ (which is used
     * as it is when a function has no entry here). The caller's key is put in afterwards.
     */
    static final Map<String, Setup> SETUPS = Map.ofEntries(
            Map.entry("HackClubUploadFromUrlFunction", (f, e) -> json(e, Map.of("url", sourceUrl()))),
            Map.entry(
                    "HackClubRenameFunction",
                    (f, e) -> Events.withPathParameter(e, "id", f.file().id())),
            Map.entry(
                    "HackClubDeleteUploadFunction",
                    (f, e) -> Events.withPathParameter(e, "id", f.file().id())),
            Map.entry(
                    "HackClubBatchDeleteFunction",
                    (f, e) -> json(
                            e, Map.of("ids", List.of(f.file().id(), f.file().id())))),
            // The cold call revokes its key, so no second call with it can succeed. The warm call uses a
            // second key of the same account, put into this container's key cache before the call.
            Map.entry("HackClubRevokeFunction", (f, e) -> {
                if (f.warm) f.primeNewKey();
                return e;
            }),
            Map.entry("AetherListFilesFunction", (f, e) -> {
                f.file();
                return e;
            }),
            Map.entry(
                    "AetherDownloadFileFunction",
                    (f, e) -> Events.withPathParameter(e, "id", f.file().id())),
            Map.entry(
                    "AetherUpdateFileFunction",
                    (f, e) -> Events.withPathParameter(e, "id", f.file().id())),
            Map.entry(
                    "AetherDeleteFileFunction",
                    (f, e) -> Events.withPathParameter(e, "id", f.file().id())),
            Map.entry("AetherListFoldersFunction", (f, e) -> {
                f.folder();
                return e;
            }),
            Map.entry("AetherRenameFolderFunction", (f, e) -> Events.withPathParameter(e, "id", f.folder())),
            Map.entry("AetherDeleteFolderFunction", (f, e) -> Events.withPathParameter(e, "id", f.folder())));

    // ---------------------------------------------------------------------------------------------

    /** Every call of every context this test makes, setup included: the no-Scan check reads it. */
    private static final List<String> EVERY_CALL = Collections.synchronizedList(new ArrayList<>());

    private static final byte[] SOURCE_BODY = "GIF89a-call-budget".getBytes(StandardCharsets.US_ASCII);
    private static HttpServer source;

    private final Template template = Template.loadDefault();

    @BeforeAll
    static void startSource() throws IOException {
        source = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        source.createContext("/cat.gif", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "image/gif");
            exchange.sendResponseHeaders(200, SOURCE_BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(SOURCE_BODY);
            }
        });
        source.start();
    }

    @AfterAll
    static void stopSource() {
        source.stop(0);
    }

    @TestFactory
    Stream<DynamicTest> everyFunctionStaysWithinItsBudget() {
        Map<String, String> events = eventFiles();
        Map<String, Budget> budgets = BUDGETS.stream().collect(Collectors.toMap(Budget::function, b -> b));
        Stream<DynamicTest> perFunction = template.routes().stream()
                .map(route -> DynamicTest.dynamicTest(route.functionName(), () -> {
                    Budget budget = budgets.get(route.functionName());
                    assertNotNull(
                            budget,
                            "add a budget for " + route.functionName() + " (" + route.method() + " " + route.path()
                                    + ") to CallBudgetTest.BUDGETS and docs/architecture.md");
                    String eventFile = events.get(route.method() + " " + route.path());
                    assertNotNull(eventFile, "an event in events/ for " + route);
                    measure(route, eventFile, budget);
                }));
        Stream<DynamicTest> noScan = Stream.of(DynamicTest.dynamicTest("no Scan on any request path", () -> {
            assertFalse(EVERY_CALL.isEmpty());
            assertFalse(
                    EVERY_CALL.stream().anyMatch(call -> call.endsWith(".Scan")),
                    "a Scan was made: "
                            + EVERY_CALL.stream()
                                    .filter(c -> c.endsWith(".Scan"))
                                    .toList());
        }));
        return Stream.concat(perFunction, noScan);
    }

    @Test
    void everyBudgetNamesAFunction() {
        Set<String> functions = new TreeSet<>(template.resourcesOfType("AWS::Serverless::Function"));
        Set<String> stale = new TreeSet<>(BUDGETS.stream().map(Budget::function).toList());
        stale.removeAll(functions);
        assertEquals(Set.of(), stale, "budgets for functions template.yaml no longer has");
        assertEquals(
                BUDGETS.size(),
                BUDGETS.stream().map(Budget::function).distinct().count(),
                "one budget per function");
        assertTrue(functions.containsAll(SETUPS.keySet()), "setups for functions template.yaml no longer has");
    }

    @Test
    void budgetsNeverContainAScan() {
        for (Budget budget : BUDGETS) {
            assertFalse(budget.cold.counts.keySet().stream().anyMatch(c -> c.endsWith(".Scan")), budget.function);
            assertFalse(budget.warm.counts.keySet().stream().anyMatch(c -> c.endsWith(".Scan")), budget.function);
        }
    }

    private static void measure(Template.Route route, String eventFile, Budget budget) throws Exception {
        KeyFormat dialect = KeyFormats.find(
                        Path.of(eventFile).getParent().getFileName().toString())
                .orElseThrow();
        CallRecorder recorder = new CallRecorder();
        ApplicationContext context = newContainer(recorder);
        try {
            ApiFunction handler = (ApiFunction) Class.forName(route.handlerClass())
                    .getConstructor(ApplicationContext.class)
                    .newInstance(context);
            TestAccount account = TestStack.account(QuotaTier.UNVERIFIED, dialect, null);
            Fixture fixture = new Fixture(context, account, dialect);
            Setup setup = SETUPS.getOrDefault(route.functionName(), (f, e) -> e);

            Calls cold = invoke(route, handler, fixture, setup, eventFile, recorder);
            fixture.warm = true;
            Calls warm = invoke(route, handler, fixture, setup, eventFile, recorder);

            String actual =
                    "budget(\"%s\", %s, %s)".formatted(route.functionName(), cold.render("cold"), warm.render("warm"));
            System.out.println("[call budget] " + actual);
            assertEquals(
                    budget.cold.counts, cold.counts, "cold call of " + route.functionName() + "; it makes: " + actual);
            assertEquals(
                    budget.warm.counts, warm.counts, "warm call of " + route.functionName() + "; it makes: " + actual);
        } finally {
            context.close();
        }
    }

    private static Calls invoke(
            Template.Route route,
            ApiFunction handler,
            Fixture fixture,
            Setup setup,
            String eventFile,
            CallRecorder recorder)
            throws Exception {
        APIGatewayProxyRequestEvent event = setup.apply(fixture, Events.load(eventFile));
        event = fixture.dialect.dialect().equals("hackclub")
                ? Events.withKey(event, fixture.key)
                : Events.withHeader(event, "X-API-Key", fixture.key);
        recorder.clear();
        APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
        List<String> calls = recorder.calls();
        int status = response.getStatusCode();
        String situation = fixture.warm ? "warm" : "cold";
        assertTrue(
                status >= 200 && status < 300,
                situation + " call of " + route.functionName() + " answered " + status + ": "
                        + abbreviate(response.getBody()) + " (calls: " + calls + ")");
        return Calls.of(calls);
    }

    /** A fresh application context, as a new Lambda container has, with the recorder on every AWS client. */
    private static ApplicationContext newContainer(CallRecorder recorder) {
        // Read once when their beans are built, so they are set only while the context starts:
        // a key cache that outlives a slow CI run (the default is 10 s), and the loopback source allowed.
        Map<String, String> settings =
                Map.of("NIMBUS_KEY_CACHE_SECONDS", "3600", "NIMBUS_FETCH_ALLOW_CIDRS", "127.0.0.1/32");
        Map<String, String> previous = new HashMap<>();
        settings.forEach((name, value) -> previous.put(name, System.setProperty(name, value)));
        try {
            ApplicationContext context = TestStack.contextWith(recorder);
            context.getBean(Authenticator.class);
            context.getBean(SafeFetcher.class);
            return context;
        } finally {
            previous.forEach((name, value) -> {
                if (value == null) System.clearProperty(name);
                else System.setProperty(name, value);
            });
        }
    }

    /** The event file (relative to events/) of each "METHOD /path". */
    private static Map<String, String> eventFiles() {
        JsonMapper json = JsonMapper.createDefault();
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(Events.directory())) {
            for (Path file :
                    walk.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                Map<?, ?> event = json.readValue(Files.readAllBytes(file), Map.class);
                files.put(
                        event.get("httpMethod") + " " + event.get("resource"),
                        Events.directory().relativize(file).toString().replace('\\', '/'));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    private static APIGatewayProxyRequestEvent json(APIGatewayProxyRequestEvent event, Object body) {
        return Events.withBody(event, "application/json", Json.write(body));
    }

    private static String sourceUrl() {
        return "http://127.0.0.1:" + source.getAddress().getPort() + "/cat.gif";
    }

    private static String abbreviate(String body) {
        return body == null || body.length() <= 300 ? String.valueOf(body) : body.substring(0, 300) + "…";
    }

    // ---------------------------------------------------------------------------------------------

    /** Records {@code Service.Operation} of every SDK call, once per call (not per retry attempt). */
    static final class CallRecorder implements ExecutionInterceptor {
        private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String call = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                    + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            calls.add(call);
            EVERY_CALL.add(call);
        }

        void clear() {
            calls.clear();
        }

        List<String> calls() {
            synchronized (calls) {
                return List.copyOf(calls);
            }
        }
    }

    /** What the setups build on: the container's context, the caller's account and key. */
    static final class Fixture {
        final ApplicationContext context;
        final TestAccount account;
        final KeyFormat dialect;
        String key;
        boolean warm;

        Fixture(ApplicationContext context, TestAccount account, KeyFormat dialect) {
            this.context = context;
            this.account = account;
            this.dialect = dialect;
            this.key = account.key();
        }

        /** A stored file of the caller, with some bytes. */
        FileRecord file() {
            return context.getBean(FileService.class)
                    .upload(
                            account.id(),
                            new NewFile(
                                    "budget.bin",
                                    "application/octet-stream",
                                    "some bytes".getBytes(StandardCharsets.US_ASCII)));
        }

        /** A new (empty) folder of the caller; its id. */
        String folder() {
            return context.getBean(FolderService.class)
                    .create(account.id(), "Budget " + System.nanoTime())
                    .id();
        }

        /** Switches to a new key of the same account that is already in this container's key cache. */
        void primeNewKey() {
            key = context.getBean(ApiKeyService.class)
                    .create(account.id(), dialect, null, "second")
                    .secret();
            context.getBean(Authenticator.class).authenticate(key, dialect);
        }
    }

    @FunctionalInterface
    interface Setup {
        APIGatewayProxyRequestEvent apply(Fixture fixture, APIGatewayProxyRequestEvent sample) throws Exception;
    }

    /** A multiset of calls, e.g. {@code {DynamoDb.GetItem=2, S3.PutObject=1}}. */
    record Calls(SortedMap<String, Integer> counts) {
        static Calls of(List<String> calls) {
            SortedMap<String, Integer> counts = new TreeMap<>();
            calls.forEach(c -> counts.merge(c, 1, Integer::sum));
            return new Calls(Collections.unmodifiableSortedMap(counts));
        }

        /** Parses the table's notation: {@code "DynamoDb.GetItem x2"}, {@code "S3.PutObject"}. */
        static Calls parse(String... entries) {
            SortedMap<String, Integer> counts = new TreeMap<>();
            for (String entry : entries) {
                String[] parts = entry.trim().split("\\s+x");
                if (parts.length > 2 || !parts[0].matches("\\w+\\.\\w+"))
                    throw new IllegalArgumentException("bad call: " + entry);
                int n = parts.length == 2 ? Integer.parseInt(parts[1]) : 1;
                if (n < 1 || counts.merge(parts[0], n, Integer::sum) != n)
                    throw new IllegalArgumentException("bad call: " + entry);
            }
            return new Calls(Collections.unmodifiableSortedMap(counts));
        }

        String render(String situation) {
            return situation + "("
                    + counts.entrySet().stream()
                            .map(e -> "\"" + e.getKey() + (e.getValue() > 1 ? " x" + e.getValue() : "") + "\"")
                            .collect(Collectors.joining(", "))
                    + ")";
        }
    }

    record Budget(String function, Calls cold, Calls warm) {}

    static Budget budget(String function, Calls cold, Calls warm) {
        return new Budget(function, cold, warm);
    }

    static Calls cold(String... calls) {
        return Calls.parse(calls);
    }

    static Calls warm(String... calls) {
        return Calls.parse(calls);
    }
}
