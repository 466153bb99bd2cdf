package nimbus.rescdn;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;
import java.util.Map;
import nimbus.shared.auth.Principal;
import nimbus.shared.http.ApiRequest;
import nimbus.shared.http.ApiResponse;
import nimbus.shared.zone.HostnameStyle;
import nimbus.shared.zone.NewZone;
import nimbus.shared.zone.ZoneKind;
import nimbus.shared.zone.ZoneService;

/**
 * POST /v1/zones with {@code name} (a DNS label: the zone's subdomain, unique across all accounts) and {@code origin}
 * (an http(s) URL): 201 with the zone. A test-mode key creates a test-mode zone.
 */
public class CreateZoneHandler extends ResCdnHandler {
    @Inject
    ZoneService zones;

    public CreateZoneHandler() {}

    public CreateZoneHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected String requiredScope() {
        return ResCdnKeys.ZONES_WRITE;
    }

    @Override
    protected ApiResponse handle(ApiRequest request, Principal caller) {
        var zone = zones.create(new NewZone(
                caller.accountId(),
                request.param("name").orElse(null),
                ZoneKind.PULL,
                request.param("origin").orElse(null),
                "origin",
                Map.of(),
                HostnameStyle.LABEL,
                caller.testMode()));
        return ApiResponse.json(201, ResCdnJson.zone(zone));
    }
}
