package nimbus.shared.zone;

import java.util.Map;

/**
 * What a new zone is made from, as a client gave it: {@code originField} is the name a refusal of the origin URL
 * gives it (the parameter the client sent), {@code style} how its hostname follows from its name, {@code testMode}
 * whether it belongs to the account's test-mode data set.
 */
public record NewZone(
        String accountId,
        String name,
        ZoneKind kind,
        String originUrl,
        String originField,
        Map<String, String> settings,
        HostnameStyle style,
        boolean testMode) {}
