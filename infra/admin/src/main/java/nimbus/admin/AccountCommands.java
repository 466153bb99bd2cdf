package nimbus.admin;

import nimbus.shared.account.Account;
import nimbus.shared.account.QuotaTier;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

@Command(name = "account", mixinStandardHelpOptions = true, description = "Create and inspect accounts (tenants).")
final class AccountCommands {
    @ParentCommand
    NimbusAdmin admin;

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create an account; prints its id and record.")
    void create(
            @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "Unique across accounts.")
                    String email,
            @Option(names = "--name", paramLabel = "NAME", description = "Display name (default: the email).")
                    String name,
            @Option(
                            names = "--tier",
                            paramLabel = "TIER",
                            defaultValue = "unverified",
                            converter = TierConverter.class,
                            description = "unverified (default), verified or functionally_unlimited.")
                    QuotaTier tier) {
        admin.print(Views.account(admin.accounts().create(email, name, tier)));
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show an account.")
    void show(@Parameters(paramLabel = "ACCOUNT_ID") String id) {
        Account account = admin.accounts().find(id).orElseThrow(() -> new NimbusAdmin.UserError("No account " + id));
        admin.print(Views.account(account));
    }

    @Command(name = "set-tier", mixinStandardHelpOptions = true, description = "Change an account's quota tier.")
    void setTier(
            @Parameters(index = "0", paramLabel = "ACCOUNT_ID") String id,
            @Parameters(
                            index = "1",
                            paramLabel = "TIER",
                            converter = TierConverter.class,
                            description = "unverified, verified or functionally_unlimited.")
                    QuotaTier tier) {
        if (admin.accounts().find(id).isEmpty()) throw new NimbusAdmin.UserError("No account " + id);
        admin.print(Views.account(admin.accounts().setTier(id, tier)));
    }

    static final class TierConverter implements ITypeConverter<QuotaTier> {
        @Override
        public QuotaTier convert(String value) {
            return QuotaTier.fromSlug(value)
                    .orElseThrow(() -> new TypeConversionException(
                            "unknown tier '" + value + "' (expected unverified, verified or functionally_unlimited)"));
        }
    }
}
