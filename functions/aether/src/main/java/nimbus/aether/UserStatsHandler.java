package nimbus.aether;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import nimbus.shared.account.Account;
import nimbus.shared.account.AccountService;
import nimbus.shared.auth.Principal;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.usage.UsageService;

/**
 * GET /api/v1/user/stats: totals from the account's counters (never a scan); bandwidthUsed is what the edge delivered
 * for the account in the current billing period (a calendar month, UTC), from its access logs.
 */
public class UserStatsHandler extends AetherHandler {
    @Inject
    AccountService accounts;

    @Inject
    UsageService usage;

    public UserStatsHandler() {}

    public UserStatsHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String requiredScope() {
        return AetherKeys.USER_READ;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        Account account = accounts.require(caller.accountId());
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("totalFiles", account.fileCount());
        stats.put("totalSize", account.storageUsed());
        stats.put("totalFolders", account.folderCount());
        stats.put("storageUsed", HumanSize.of(account.storageUsed()));
        stats.put(
                "bandwidthUsed",
                HumanSize.of(usage.current(caller.accountId(), false).bandwidthBytes()));
        return ApiResponse.json(200, AetherJson.success("stats", stats));
    }
}
