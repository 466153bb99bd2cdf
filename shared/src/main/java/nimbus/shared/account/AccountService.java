package nimbus.shared.account;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import nimbus.shared.Secrets;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.Unauthenticated;
import nimbus.shared.zone.Zone;

/** Accounts (tenants): created by the operator with their files zone, read wherever quota or counters matter. */
@Singleton
public class AccountService {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private final AccountTable accounts;

    public AccountService(AccountTable accounts) {
        this.accounts = accounts;
    }

    /** Creates an account and its files zone; the email is unique across accounts. */
    public Account create(String email, String name, QuotaTier tier) {
        String normalized = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(normalized).matches()) throw InvalidInput.malformed("email");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Account account = new Account(
                "usr_" + Secrets.hex(10),
                normalized,
                name == null || name.isBlank() ? normalized : name.trim(),
                tier,
                0,
                0,
                0,
                now);
        accounts.create(account, Zone.filesZone(account.id(), now));
        return account;
    }

    public Optional<Account> find(String accountId) {
        return accounts.find(accountId);
    }

    /** The caller's account; a key whose account is gone authenticates nothing. */
    public Account require(String accountId) {
        return find(accountId).orElseThrow(Unauthenticated::new);
    }

    public Account setTier(String accountId, QuotaTier tier) {
        return accounts.setTier(accountId, tier);
    }
}
