package nimbus.keycdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.Map;
import nimbus.shared.auth.Principal;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.ZoneKind;
import nimbus.shared.zone.ZoneService;

/** POST /zones.json: {@code name}, {@code type} (pull or push; push when absent, the seed's default), {@code originurl} (pull zones) and any zone setting. */
public class AddZoneHandler extends KeyCdnHandler {
    static final String DEFAULT_XPULL_KEY = "KeyCDN";

    @Inject
    ZoneService zones;

    public AddZoneHandler() {}

    public AddZoneHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        String type = request.param("type").orElse("push");
        ZoneKind kind = ZoneKind.fromSlug(type).orElseThrow(() -> InvalidInput.notAllowed("type", type));
        Map<String, String> settings = settings(request);
        // The seed's default X-Pull value is KeyCDN's own name, which the domain leaves to the dialect.
        settings.putIfAbsent("cachexpullkey", DEFAULT_XPULL_KEY);
        var zone = zones.create(
                caller.accountId(),
                request.param("name").orElse(null),
                kind,
                request.param("originurl").orElse(null),
                settings);
        return ApiResponse.json(200, KeyCdnJson.success(KeyCdnJson.ADDED, KeyCdnJson.zoneData(zone)));
    }
}
