package nimbus.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import nimbus.shared.account.AccountService;
import nimbus.shared.auth.ApiKey;
import nimbus.shared.auth.CreatedApiKey;
import nimbus.shared.auth.Dialect;
import nimbus.shared.error.ApiException;
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
            @Option(names = "--dialect", required = true, paramLabel = "DIALECT", converter = DialectConverter.class,
                    description = "hackclub, aether, smooth, keycdn, rescdn_live or rescdn_test.") Dialect dialect,
            @Option(names = "--scope", split = ",", paramLabel = "SCOPE",
                    description = "A scope; repeat it or separate scopes with commas.") List<String> scopes,
            @Option(names = "--name", paramLabel = "NAME", description = "A label (default: '<dialect> key').") String name) {
        TreeSet<String> scopeSet = new TreeSet<>();
        if (scopes != null) scopes.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(scopeSet::add);
        CreatedApiKey created = admin.keys().create(accountId, dialect, scopeSet, name);
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
            rows.add(List.of(key.keyId(), key.dialect().slug(), key.name(), key.hint(),
                    Views.text(key.scopes().stream().sorted().toList()), key.createdAt().toString(),
                    key.revoked() ? "yes" : "no"));
        }
        Views.table(admin.out, List.of("KEY ID", "DIALECT", "NAME", "HINT", "SCOPES", "CREATED", "REVOKED"), rows);
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key. Running functions may "
            + "accept it for up to NIMBUS_KEY_CACHE_SECONDS (10 s by default) more.")
    void revoke(@Parameters(index = "0", paramLabel = "ACCOUNT_ID") String accountId,
                @Parameters(index = "1", paramLabel = "KEY_ID") String keyId) {
        requireAccount(accountId);
        ApiKey key = admin.keys().revoke(accountId, keyId);
        ApiKey revoked = new ApiKey(key.keyId(), key.hash(), key.accountId(), key.dialect(), key.scopes(),
                key.name(), key.hint(), key.createdAt(), true);
        admin.print(Views.key(revoked));
    }

    private void requireAccount(String accountId) {
        AccountService accounts = admin.accounts();
        if (accounts.find(accountId).isEmpty()) throw ApiException.notFound("No account " + accountId);
    }

    static final class DialectConverter implements ITypeConverter<Dialect> {
        @Override
        public Dialect convert(String value) {
            return Dialect.fromSlug(value).orElseThrow(() -> new TypeConversionException("unknown dialect '" + value
                    + "' (expected " + Arrays.stream(Dialect.values()).map(Dialect::slug).collect(Collectors.joining(", ")) + ")"));
        }
    }
}
