package nimbus.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import nimbus.shared.account.AccountService;
import nimbus.shared.auth.ApiKey;
import nimbus.shared.auth.CreatedApiKey;
import nimbus.shared.auth.KeyFormat;
import nimbus.shared.auth.KeyFormats;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

@Command(name = "key", mixinStandardHelpOptions = true, description = "Create, list and revoke an account's API keys.")
final class KeyCommands {
    static final String SHOWN_ONCE = "This secret will not be shown again: store it now (only its SHA-256 is kept).";

    @ParentCommand
    NimbusAdmin admin;

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key; prints its secret once.")
    void create(
            @Parameters(paramLabel = "ACCOUNT_ID") String accountId,
            @Option(
                            names = "--dialect",
                            required = true,
                            paramLabel = "DIALECT",
                            converter = FormatConverter.class,
                            description =
                                    "The dialect the key is for (one of the dialects this build serves; rescdn-test for a ResCDN test-mode key).")
                    KeyFormat format,
            @Option(
                            names = "--scope",
                            split = ",",
                            paramLabel = "SCOPE",
                            description = "A scope; repeat it or separate scopes with commas (default: the dialect's"
                                    + " default scopes).")
                    List<String> scopes,
            @Option(names = "--name", paramLabel = "NAME", description = "A label (default: '<dialect> key').")
                    String name) {
        TreeSet<String> scopeSet = null;
        if (scopes != null) {
            scopeSet = new TreeSet<>();
            scopes.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(scopeSet::add);
        }
        requireAccount(accountId);
        CreatedApiKey created = admin.keys().create(accountId, format, scopeSet, name);
        if (admin.json) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("secret", created.secret());
            view.put("notice", SHOWN_ONCE);
            view.putAll(Views.key(created.key()));
            admin.printJson(view);
            return;
        }
        admin.out.println("secret: " + created.secret());
        admin.out.println(SHOWN_ONCE);
        admin.out.println();
        admin.print(Views.key(created.key()));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List an account's keys, newest first.")
    void list(@Parameters(paramLabel = "ACCOUNT_ID") String accountId) {
        requireAccount(accountId);
        List<ApiKey> keys = admin.keys().list(accountId);
        if (admin.json) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("account_id", accountId);
            view.put("keys", keys.stream().map(Views::key).toList());
            admin.printJson(view);
            return;
        }
        if (keys.isEmpty()) {
            admin.out.println("No keys on account " + accountId + ".");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        for (ApiKey key : keys) {
            rows.add(List.of(
                    key.keyId(),
                    key.dialect(),
                    key.name(),
                    key.hint(),
                    Views.text(key.scopes().stream().sorted().toList()),
                    key.createdAt().toString(),
                    key.revoked() ? "yes" : "no"));
        }
        Views.table(admin.out, List.of("KEY ID", "DIALECT", "NAME", "HINT", "SCOPES", "CREATED", "REVOKED"), rows);
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revoke a key. Running functions may "
                    + "accept it for up to NIMBUS_KEY_CACHE_SECONDS (10 s by default) more.")
    void revoke(
            @Parameters(index = "0", paramLabel = "ACCOUNT_ID") String accountId,
            @Parameters(index = "1", paramLabel = "KEY_ID") String keyId) {
        requireAccount(accountId);
        if (admin.keys().list(accountId).stream().noneMatch(k -> k.keyId().equals(keyId))) {
            throw new NimbusAdmin.UserError("No key " + keyId + " on account " + accountId);
        }
        admin.print(Views.key(admin.keys().revoke(accountId, keyId)));
    }

    private void requireAccount(String accountId) {
        AccountService accounts = admin.accounts();
        if (accounts.find(accountId).isEmpty()) throw new NimbusAdmin.UserError("No account " + accountId);
    }

    static final class FormatConverter implements ITypeConverter<KeyFormat> {
        @Override
        public KeyFormat convert(String value) {
            return KeyFormats.find(value)
                    .orElseThrow(() -> new TypeConversionException("unknown dialect '" + value + "' (expected "
                            + KeyFormats.all().stream().map(KeyFormat::label).collect(Collectors.joining(", "))
                            + ")"));
        }
    }
}
