package nimbus.admin;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import nimbus.shared.Settings;
import nimbus.shared.account.AccountService;
import nimbus.shared.account.AccountTable;
import nimbus.shared.auth.ApiKeyService;
import nimbus.shared.auth.ApiKeyTable;
import nimbus.shared.auth.Authenticator;
import nimbus.shared.error.DomainException;
import nimbus.shared.http.Json;
import nimbus.shared.zone.ZoneTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The operator tool: accounts, quota tiers and API keys, straight against the stack's DynamoDB table.
 * Exit codes: 0 done, 1 the operator's mistake (bad input, unknown id, missing setting), 2 anything else.
 */
@Command(
        name = "nimbus-admin",
        mixinStandardHelpOptions = true,
        versionProvider = NimbusAdmin.Version.class,
        description = "Manage Nimbus CDN accounts, quota tiers and API keys.",
        footer = {
            "",
            "AWS endpoint, region and credentials come from the SDK's standard settings "
                    + "(AWS_ENDPOINT_URL, AWS_REGION, AWS_PROFILE, ...)."
        },
        subcommands = {AccountCommands.class, KeyCommands.class})
public final class NimbusAdmin {
    static final String TABLE_SETTING = "NIMBUS_TABLE";

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Machine-readable JSON output.")
    boolean json;

    @Option(
            names = "--table",
            scope = ScopeType.INHERIT,
            paramLabel = "NAME",
            description = "DynamoDB table (default: the NIMBUS_TABLE setting; on AWS, the stack's TableName output).")
    String table;

    final PrintWriter out;
    final PrintWriter err;
    private final Supplier<DynamoDbClient> client;

    private NimbusAdmin(PrintWriter out, PrintWriter err, Supplier<DynamoDbClient> client) {
        this.out = out;
        this.err = err;
        this.client = client;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        DynamoDbClient[] built = new DynamoDbClient[1];
        // Built only when a command needs it, so --help works without any AWS settings.
        Supplier<DynamoDbClient> client = () -> {
            if (built[0] == null) {
                try {
                    built[0] = DynamoDbClient.builder()
                            .httpClient(UrlConnectionHttpClient.create())
                            .build();
                } catch (SdkClientException e) {
                    // What fails at build time is the region lookup; its own message is a paragraph.
                    throw new UserError("no AWS region: set AWS_REGION (or AWS_PROFILE with a region)");
                }
            }
            return built[0];
        };
        int code = run(args, out, err, client);
        if (built[0] != null) built[0].close();
        System.exit(code);
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err, DynamoDbClient client) {
        return run(args, out, err, () -> client);
    }

    static int run(String[] args, PrintWriter out, PrintWriter err, Supplier<DynamoDbClient> client) {
        // --table is handed to the services as the NIMBUS_TABLE system property, put back afterwards.
        String previousTable = System.getProperty(TABLE_SETTING);
        try {
            CommandLine cli = new CommandLine(new NimbusAdmin(out, err, client))
                    .setOut(out)
                    .setErr(err)
                    .setParameterExceptionHandler((e, ignored) -> {
                        err.println("error: " + firstLine(e.getMessage()) + " (see '"
                                + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
                        return 1;
                    })
                    .setExecutionExceptionHandler((e, cl, parsed) -> fail(e, err));
            return cli.execute(args);
        } finally {
            if (previousTable == null) System.clearProperty(TABLE_SETTING);
            else System.setProperty(TABLE_SETTING, previousTable);
            out.flush();
            err.flush();
        }
    }

    private static int fail(Exception e, PrintWriter err) {
        if (e instanceof DomainException d) {
            err.println("error: " + Views.error(d));
            return 1;
        }
        if (e instanceof UserError) {
            err.println("error: " + firstLine(e.getMessage()));
            return 1;
        }
        if (e instanceof ResourceNotFoundException) {
            err.println("error: table " + Settings.optional(TABLE_SETTING).orElse("?")
                    + " not found (check --table / NIMBUS_TABLE and the AWS region)");
            return 1;
        }
        if (e instanceof SdkClientException
                && String.valueOf(e.getMessage()).startsWith("Unable to load credentials")) {
            err.println("error: no AWS credentials (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)");
            return 1;
        }
        err.println("error: " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
        return 2;
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) return "(no message)";
        return message.strip().lines().findFirst().orElse("");
    }

    AccountService accounts() {
        useTable();
        return new AccountService(new AccountTable(client.get(), new ZoneTable(client.get())));
    }

    ApiKeyService keys() {
        useTable();
        ApiKeyTable keys = new ApiKeyTable(client.get());
        return new ApiKeyService(keys, accounts(), new Authenticator(keys, Clock.systemUTC()));
    }

    private void useTable() {
        if (table != null) {
            // Settings prefers the environment to system properties, so a different NIMBUS_TABLE there would win.
            String fromEnv = System.getenv(TABLE_SETTING);
            if (fromEnv != null && !fromEnv.isBlank() && !fromEnv.trim().equals(table)) {
                throw new UserError("--table " + table + " conflicts with NIMBUS_TABLE=" + fromEnv.trim()
                        + " in the environment; unset one of them");
            }
            System.setProperty(TABLE_SETTING, table);
        } else if (Settings.optional(TABLE_SETTING).isEmpty()) {
            throw new UserError(
                    "no table: pass --table NAME or set NIMBUS_TABLE (on AWS, the stack's TableName output)");
        }
    }

    /** Prints a record as JSON, or as aligned "name: value" lines. */
    void print(Map<String, Object> record) {
        if (json) {
            printJson(record);
            return;
        }
        int width = record.keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
        record.forEach((name, value) -> out.printf("%-" + width + "s %s%n", name + ":", Views.text(value)));
    }

    void printJson(Map<String, Object> value) {
        out.println(new String(Json.write(value), StandardCharsets.UTF_8));
    }

    /** A mistake on the operator's side, reported as one line with exit code 1. */
    static final class UserError extends RuntimeException {
        UserError(String message) {
            super(message, null, false, false);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = NimbusAdmin.class.getPackage().getImplementationVersion();
            return new String[] {"nimbus-admin " + (version == null ? "(source build)" : version)};
        }
    }
}
