package nimbus.admin;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nimbus.shared.account.Account;
import nimbus.shared.auth.ApiKey;
import nimbus.shared.error.Conflict;
import nimbus.shared.error.DomainException;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.NotFound;

/** What the tool shows of accounts and keys: the same fields as text and as JSON. Never a secret or a hash. */
final class Views {
    private Views() {}

    static Map<String, Object> account(Account account) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", account.id());
        view.put("email", account.email());
        view.put("name", account.name());
        view.put("tier", account.tier().slug());
        view.put("max_file_bytes", account.tier().maxFileBytes());
        view.put("storage_limit", account.storageLimit());
        view.put("storage_used", account.storageUsed());
        view.put("file_count", account.fileCount());
        view.put("created_at", account.createdAt().toString());
        return view;
    }

    static Map<String, Object> key(ApiKey key) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("key_id", key.keyId());
        view.put("account_id", key.accountId());
        view.put("dialect", key.dialect());
        view.put("mode", key.mode());
        view.put("name", key.name());
        view.put("hint", key.hint());
        view.put("scopes", key.scopes().stream().sorted().toList());
        view.put("created_at", key.createdAt().toString());
        view.put("revoked", key.revoked());
        return view;
    }

    /** A refusal in the operator's words: what it was about and why. */
    static String error(DomainException e) {
        if (e instanceof NotFound n) return "no such " + n.subject().name().toLowerCase(Locale.ROOT);
        if (e instanceof Conflict c && c.reason() == Conflict.Reason.ALREADY_EXISTS)
            return c.value() + " already exists";
        if (e instanceof InvalidInput i) {
            return switch (i.problem()) {
                case NOT_ALLOWED -> "not allowed as " + i.field() + ": " + i.value();
                case MISSING -> i.field() + " is required";
                case MALFORMED -> "a valid " + i.field() + " is required";
                default ->
                    i.field() + " is invalid ("
                            + i.problem().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
            };
        }
        return e.getMessage();
    }

    static String text(Object value) {
        if (value instanceof Collection<?> list) {
            return list.isEmpty()
                    ? "-"
                    : String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    /** A plain text table: a header row, then one row per record, columns padded to fit. */
    static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++)
                widths[i] = Math.max(widths[i], row.get(i).length());
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
